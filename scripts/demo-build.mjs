// Builds demos/ into a static folder: every page's TypeScript entry (and its Worker) is
// bundled by esbuild with the library's source (WGSL inlined as text, uPlot and its CSS
// included), and the HTML/CSS files are copied beside the bundles, keeping the folders.
import { build } from 'esbuild';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { extname, join } from 'node:path';

const DEMOS = 'demos';
const ENTRY_POINTS = [
  'demos/index.ts',
  'demos/mi-explorer/main.ts',
  'demos/mi-explorer/worker.ts',
  // The engine worker shared by the pages below and the embeddable panel (demos/shared/).
  'demos/shared/engine-worker.ts',
  'demos/two-sample/main.ts',
  'demos/transport/main.ts',
  'demos/mauve/main.ts',
  'demos/model-outputs/main.ts',
  'demos/panel/infogpu-panel.ts',
  'demos/panel/main.ts',
  'demos/dashboard/main.ts',
];
const STATIC_EXTENSIONS = new Set(['.html', '.css']);

/** esbuild options of every browser bundle (demos and test pages): ESM, WGSL inlined as text. */
export const BROWSER_BUNDLE = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  loader: { '.wgsl': 'text' },
  // The Node-only Dawn binding: host/ imports it only where there is no navigator.gpu;
  // worker_threads: engine/node-thread-endpoint.ts imports it only in Node, for createEngine({ threads > 1 }).
  external: ['webgpu', 'node:worker_threads'],
  sourcemap: true,
  logLevel: 'warning',
};

/**
 * Writes the built demos to `outdir` (emptied first): outdir/index.html,
 * outdir/mi-explorer/index.html, and their scripts.
 * @param {string} outdir
 */
export async function buildDemos(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: ENTRY_POINTS,
    outdir,
    outbase: DEMOS,
    ...BROWSER_BUNDLE,
  });
  for (const file of staticFiles(DEMOS)) cpSync(file, join(outdir, file.slice(DEMOS.length + 1)));
}

/** HTML and CSS files under `folder`, skipping build output (any `dist` folder). */
function staticFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' ? [] : staticFiles(path);
    return STATIC_EXTENSIONS.has(extname(entry.name)) ? [path] : [];
  });
}
