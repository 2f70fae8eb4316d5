// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const baseConfig = require('./.config/jest.config');
const swcTransform = baseConfig.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  // Jest configuration provided by Grafana scaffolding
  ...baseConfig,
  transform: {
    ...baseConfig.transform,
    // d3-color >= 3.1.1 (pulled in by @grafana/data) ships only an ES module named *.mjs,
    // which the scaffolded transform pattern does not match.
    '^.+\\.mjs$': swcTransform,
  },
  // Component tests open real @grafana/ui menus; on a loaded two-core machine a few take longer than jest's 5 s.
  testTimeout: 20000,
};
