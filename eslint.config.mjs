import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

/** Relative imports that climb out of backend/ or contract/ into the plugin's src/. */
const PLUGIN_SOURCES = {
  regex: '^(\\.\\./){2,}src/',
  message: 'The service and the contract share code with the plugin through @penguinmails/sysmon-contract only.',
};

export default defineConfig([
  {
    ignores: [
      // Log output at the top only: backend/src/logs/ is code.
      'logs/',
      '**/*.log',
      '**/npm-debug.log*',
      '**/yarn-debug.log*',
      '**/yarn-error.log*',
      '**/.pnpm-debug.log*',
      '**/node_modules/',
      '.yarn/cache',
      '.yarn/unplugged',
      '.yarn/build-state.yml',
      '.yarn/install-state.gz',
      '**/.pnp.*',
      '**/pids',
      '**/*.pid',
      '**/*.seed',
      '**/*.pid.lock',
      '**/lib-cov',
      '**/coverage',
      '**/dist/',
      '**/artifacts/',
      '**/work/',
      '**/ci/',
      'test-results/',
      'playwright-report/',
      'blob-report/',
      'playwright/.cache/',
      'playwright/.auth/',
      '**/.idea',
      '**/.eslintcache',
    ],
  },
  ...baseConfig,
  {
    // The managed config only opts src/ into TypeScript linting; the service, the tests and the root
    // build config are TypeScript too.
    files: ['backend/**/*.ts', 'contract/**/*.ts', 'scripts/**/*.mts', 'tests/**/*.{ts,tsx}', '*.ts'],
  },
  {
    // TypeScript itself checks redeclarations and allows function overloads, which the core rule reports.
    files: ['src/**/*.{ts,tsx}', 'backend/**/*.ts', 'contract/**/*.ts', 'scripts/**/*.mts', 'tests/**/*.{ts,tsx}'],
    rules: { 'no-redeclare': 'off' },
  },
  {
    // The service and the contract never reach into the plugin's sources (what they share lives in contract/), and
    // domain code knows nothing of HTTP (DESIGN.md §3): it throws domain errors (backend/src/errors.ts) that
    // http/errors.ts maps to statuses once.
    files: ['backend/**/*.ts', 'contract/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [PLUGIN_SOURCES] }] },
  },
  {
    // One level deeper: ../../src is the service's own src/ here.
    files: ['backend/test/support/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ ...PLUGIN_SOURCES, regex: '^(\\.\\./){3,}src/' }] }],
    },
  },
  {
    files: ['backend/src/{queues,logs,search,db,health,audit,periodic,reputation,demo}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'express', message: 'Domain code does not use express; routes live in units/.' }],
          patterns: [
            PLUGIN_SOURCES,
            { group: ['**/http/*'], message: 'Domain code throws domain errors (errors.ts), never HTTP ones.' },
          ],
        },
      ],
    },
  },
  {
    // The harness host is built with the automatic JSX runtime (no React import needed).
    files: ['tests/harness/host/**/*.tsx'],
    rules: { 'react/react-in-jsx-scope': 'off', 'react/jsx-uses-react': 'off' },
  },
]);
