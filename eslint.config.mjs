import { defineConfig } from 'eslint/config';
import baseConfig from './.config/eslint.config.mjs';

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
    // The harness host is built with the automatic JSX runtime (no React import needed).
    files: ['tests/harness/host/**/*.tsx'],
    rules: { 'react/react-in-jsx-scope': 'off', 'react/jsx-uses-react': 'off' },
  },
]);
