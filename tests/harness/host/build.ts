/**
 * Builds the host bundle (host/index.tsx + the real shared packages) with esbuild into
 * node_modules/.cache/grafana-harness/ (outside the sources: not linted, not committed). Skipped when the output is newer than every host source file and
 * the lockfile (the shared packages only change with it).
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const HOST_DIR = __dirname;
const REPO_ROOT = path.resolve(HOST_DIR, '..', '..', '..');
export const HOST_BUILD_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'grafana-harness');
const OUTFILE = path.join(HOST_BUILD_DIR, 'host.js');

function newestInput(): number {
  const inputs = fs
    .readdirSync(HOST_DIR)
    .filter((name) => /\.tsx?$/.test(name) && name !== 'build.ts')
    .map((name) => path.join(HOST_DIR, name));
  inputs.push(path.join(REPO_ROOT, 'package-lock.json'));
  return Math.max(...inputs.filter((file) => fs.existsSync(file)).map((file) => fs.statSync(file).mtimeMs));
}

export async function buildHostBundle(options: { force?: boolean } = {}): Promise<{ built: boolean; ms: number }> {
  const started = Date.now();
  if (!options.force && fs.existsSync(OUTFILE) && fs.statSync(OUTFILE).mtimeMs > newestInput()) {
    return { built: false, ms: 0 };
  }
  await build({
    entryPoints: [path.join(HOST_DIR, 'index.tsx')],
    outfile: OUTFILE,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    sourcemap: false,
    jsx: 'automatic',
    absWorkingDir: REPO_ROOT,
    tsconfig: path.resolve(HOST_DIR, '..', '..', 'tsconfig.json'),
    define: {
      'process.env.NODE_ENV': '"production"',
      global: 'globalThis',
      // SystemJS's AMD extra defines a global `define` (for the plugins); bundled UMD packages such as
      // lodash and moment must not see it, or they register themselves as AMD modules instead of exporting.
      define: 'undefined',
    },
    loader: {
      '.svg': 'file',
      '.png': 'file',
      '.gif': 'file',
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.eot': 'file',
    },
    publicPath: '/harness/',
    assetNames: 'assets/[name]-[hash]',
    logLevel: 'warning',
  });
  return { built: true, ms: Date.now() - started };
}

if (require.main === module) {
  buildHostBundle({ force: true }).then(
    (result) => console.log(`host bundle built in ${result.ms} ms -> ${OUTFILE}`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    }
  );
}
