// Builds exactly what package.json's `exports` points to: dist/index.js (ESM bundle,
// WGSL inlined as text, the Node-only `webgpu` package left external and loaded on
// demand) and dist/index.d.ts with the declarations it references; also dist/cli.js
// (scripts/build-cli.mjs), the command line that package.json's `bin` points to, and
// dist/cpu-thread-worker.js, the worker of the multi-threaded CPU backend.
// `--no-types` skips the declarations (used by `npm start`).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildCli } from './build-cli.mjs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  loader: { '.wgsl': 'text' },
  external: ['webgpu', 'node:worker_threads'],
  sourcemap: true,
  logLevel: 'warning',
});
// dist/cpu-thread-worker.js: the worker entry of `createEngine({ threads })`, beside dist/index.js.
// One file for both runtimes: a Node worker_threads Worker and a browser module Web Worker
// (it imports node:worker_threads dynamically, only in Node).
await build({
  entryPoints: ['engine/cpu-thread-worker.ts'],
  outfile: 'dist/cpu-thread-worker.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  external: ['node:worker_threads'],
  logLevel: 'warning',
});
await buildCli(); // dist/cli.js, the `infogpu` command (package.json `bin`)
if (!process.argv.includes('--no-types')) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}
