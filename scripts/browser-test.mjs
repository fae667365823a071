// The browser half of `npm test`: makes sure dist/index.js is current, builds the test
// pages into tests/browser/dist/ (the conformance page, the demos, a copy of the built
// bundle), serves them on 127.0.0.1 and runs Playwright (playwright.config.ts) against
// real Chromium. Extra arguments go to `playwright test` (e.g. --project webgpu).
// Exits with Playwright's status; the server is closed on every path.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_BUNDLE, buildDemos } from './demo-build.mjs';
import { serveStatic } from './serve.mjs';

const ROOT = 'tests/browser/dist';
const LIBRARY = 'dist/index.js';
const LIBRARY_SOURCES = ['index.ts', 'engine', 'host', 'shaders'];

/** Newest modification time (ms) of a file, or of any file under a folder. */
function newestChange(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

/** Runs a command with inherited stdio; resolves its exit code. */
function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/** Rebuilds the bundle (scripts/build.mjs, no declarations) when it is missing or older than its sources. */
async function ensureLibraryBuilt() {
  if (existsSync(LIBRARY) && statSync(LIBRARY).mtimeMs >= Math.max(...LIBRARY_SOURCES.map(newestChange))) return;
  console.log(`${LIBRARY} is missing or older than its sources: building it (npm run build also emits the declarations)`);
  if ((await run(process.execPath, ['scripts/build.mjs', '--no-types'])) !== 0) throw new Error('scripts/build.mjs failed');
}

/**
 * ROOT/conformance/ (page + bundle), ROOT/demos/, ROOT/infogpu/ (the built bundle and its
 * CPU worker entry), ROOT/cpu-threads/ (an empty page for tests/browser/cpu-threads.spec.ts).
 */
async function buildTestPages() {
  rmSync(ROOT, { recursive: true, force: true });
  await build({
    entryPoints: ['tests/browser/conformance-page.ts'],
    outfile: join(ROOT, 'conformance/page.js'),
    ...BROWSER_BUNDLE,
  });
  cpSync('tests/browser/conformance.html', join(ROOT, 'conformance/index.html'));
  await buildDemos(join(ROOT, 'demos'));
  cpSync(LIBRARY, join(ROOT, 'infogpu/index.js'));
  cpSync(`${LIBRARY}.map`, join(ROOT, 'infogpu/index.js.map'));
  cpSync('dist/cpu-thread-worker.js', join(ROOT, 'infogpu/cpu-thread-worker.js'));
  cpSync('tests/browser/cpu-threads.html', join(ROOT, 'cpu-threads/index.html'));
}

await ensureLibraryBuilt();
await buildTestPages();
const server = await serveStatic(ROOT);
console.log(`browser tests: pages served at ${server.url}`);
try {
  process.exitCode = await run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)], {
    INFOGPU_BASE_URL: server.url,
  });
} finally {
  await server.close();
}
