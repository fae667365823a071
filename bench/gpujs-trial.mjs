// Time-boxed trial of gpu.js (issue 15) as a possible compute tier: its WebGL2 kernels in
// Chromium with WebGPU disabled (software WebGL: --enable-unsafe-swiftshader) and its CPU
// mode (in Chromium and in Node), on the two kernels a tier would have to carry:
//   distance tile  D_ij = Σ_c (q_ic − r_jc)²          n × m outputs (read back whole)
//   Gram row sums  s_i = Σ_j exp(−‖x_i − y_j‖²/(2σ²))  n outputs, σ = 1
// against plain float64 JavaScript loops (the arithmetic of engine/cpu-distance.ts) and, in
// Node, the CPU backend's own gramSums. Accuracy: the largest |gpu.js − float64| relative to
// the largest |float64| (tile) or to Σ|s_i| (sums), against the CPU-conformance tolerance
// for Gram sums (1e-5 of the magnitude, tests/support/gram-conformance.ts). Timings:
// medians of 5 after one warm-up (gpu.js compiles its kernel on the first call).
// gpu.js is NOT a dependency of infogpu (its Node build needs the native `gl` package):
//   mkdir /tmp/gpujs && cd /tmp/gpujs && npm init -y && npm install --ignore-scripts gpu.js
//   node scripts/build.mjs --no-types && GPUJS_PATH=/tmp/gpujs/node_modules/gpu.js node bench/gpujs-trial.mjs [n]
// (default n = m = 1024, d = 4; Chromium: CHROMIUM_PATH or /usr/bin/chromium).
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createEngine, CounterRandom } from '../dist/index.js';
import { serveStatic } from '../scripts/serve.mjs';
import { markdownTable } from './lib/markdown.mjs';
import { timeRepeats } from './lib/timing.mjs';

const GPUJS_PATH = process.env.GPUJS_PATH;
if (!GPUJS_PATH) {
  console.error('set GPUJS_PATH to an installed gpu.js (see the header of bench/gpujs-trial.mjs)');
  process.exit(2);
}
const n = Number(process.argv[2] ?? 1024), m = n, d = 4;

function cloud(rows, seed) {
  const r = new CounterRandom(seed, 5);
  return Float64Array.from({ length: rows * d }, (_, i) => r.normal(i));
}
const q = cloud(n, 1), r = cloud(m, 2);

/**
 * The trial itself, as one function source so it runs unchanged in Node and in the page:
 * `GPU` is gpu.js's class, `input` its input() wrapper, `modes` the gpu.js modes to try.
 */
async function trial(GPU, input, modes, q, r, n, m, d) {
  const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const time = async (fn) => {
    let out = fn();
    const samples = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      out = fn();
      samples.push(performance.now() - t);
    }
    return { ms: median(samples), out };
  };
  // float64 references (plain loops, as the CPU backend computes pairs)
  const tile64 = () => {
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
      let s = 0;
      for (let c = 0; c < d; c++) { const t = q[i * d + c] - r[j * d + c]; s += t * t; }
      out[i * m + j] = s;
    }
    return out;
  };
  const sums64 = () => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < m; j++) {
        let a = 0;
        for (let c = 0; c < d; c++) { const t = q[i * d + c] - r[j * d + c]; a += t * t; }
        s += Math.exp(-0.5 * a);
      }
      out[i] = s;
    }
    return out;
  };
  const rows = [];
  const refTile = await time(tile64), refSums = await time(sums64);
  rows.push({ mode: 'plain JS float64', tileMs: refTile.ms, sumsMs: refSums.ms, tileErr: 0, sumsErr: 0 });
  const tileScale = refTile.out.reduce((s, v) => Math.max(s, v), 0), sumsScale = refSums.out.reduce((s, v) => s + Math.abs(v), 0);
  for (const mode of modes) {
    try {
      const gpu = new GPU({ mode });
      const qf = input(Float32Array.from(q), [d, n]), rf = input(Float32Array.from(r), [d, m]);
      const tileKernel = gpu.createKernel(function (a, b) {
        let s = 0;
        for (let c = 0; c < this.constants.d; c++) { const t = a[this.thread.y][c] - b[this.thread.x][c]; s += t * t; }
        return s;
      }, { constants: { d }, output: [m, n] });
      const sumsKernel = gpu.createKernel(function (a, b) {
        let s = 0;
        for (let j = 0; j < this.constants.m; j++) {
          let acc = 0;
          for (let c = 0; c < this.constants.d; c++) { const t = a[this.thread.x][c] - b[j][c]; acc += t * t; }
          s += Math.exp(-0.5 * acc);
        }
        return s;
      }, { constants: { d, m }, output: [n], loopMaxIterations: Math.max(m, d) });
      const tile = await time(() => tileKernel(qf, rf));
      const sums = await time(() => sumsKernel(qf, rf));
      let tileErr = 0, sumsErr = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) tileErr = Math.max(tileErr, Math.abs(tile.out[i][j] - refTile.out[i * m + j]));
      for (let i = 0; i < n; i++) sumsErr += Math.abs(sums.out[i] - refSums.out[i]);
      rows.push({ mode: `gpu.js ${mode}${gpu.mode && gpu.mode !== mode ? ` (ran as ${gpu.mode})` : ''}`, tileMs: tile.ms, sumsMs: sums.ms, tileErr: tileErr / tileScale, sumsErr: sumsErr / sumsScale });
      gpu.destroy();
    } catch (error) {
      rows.push({ mode: `gpu.js ${mode}`, error: String(error.message ?? error).slice(0, 160) });
    }
  }
  return rows;
}

const results = [];
let browserInfo = '';
// Node: gpu.js CPU mode (its 'gpu'/'headlessgl' modes need the native `gl` build) and the CPU backend.
{
  const require = createRequire(join(GPUJS_PATH, 'package.json'));
  const { GPU, input } = require(GPUJS_PATH);
  for (const row of await trial(GPU, input, ['cpu'], q, r, n, m, d)) results.push({ where: 'Node', ...row });
  const engine = await createEngine({ backend: 'cpu' });
  const backend = engine.impl;
  const X = await backend.upload({ data: q, rows: n, cols: d }), Y = await backend.upload({ data: r, rows: m, cols: d });
  const kernel = { form: 'gaussian', bandwidths: [1], degree: 0, coef0: 0 };
  const ones = new Float64Array(m).fill(1);
  const timed = await timeRepeats(() => backend.gramSums(X, Y, { kernel, excludeDiagonal: false, referenceWeights: ones, queryWeights: null, count: 1 }), { repeats: 3, warmup: 1 });
  const reference = Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < m; j++) {
      let a = 0;
      for (let c = 0; c < d; c++) a += (q[i * d + c] - r[j * d + c]) ** 2;
      s += Math.exp(-0.5 * a);
    }
    return s;
  });
  const sumsErr = timed.result.reduce((s, v, i) => s + Math.abs(v - reference[i]), 0) / reference.reduce((s, v) => s + v, 0);
  results.push({ where: 'Node', mode: 'infogpu CPU backend gramSums (row sums)', sumsMs: timed.medianMs, sumsErr: Math.max(sumsErr, Number.MIN_VALUE) });
  engine.dispose();
}
// Chromium, WebGPU disabled, software WebGL2 (SwiftShader): gpu.js's browser bundle.
{
  const root = mkdtempSync(join(tmpdir(), 'gpujs-page-'));
  copyFileSync(join(GPUJS_PATH, 'dist', 'gpu-browser.min.js'), join(root, 'gpu-browser.min.js'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="gpu-browser.min.js"></script><p>gpu.js trial</p>');
  const server = await serveStatic(root);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-features=WebGPU', '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const info = await page.evaluate(async () => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return { renderer: gl && ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : 'no WebGL2', webgpuAdapter: Boolean(await navigator.gpu?.requestAdapter()) };
    });
    browserInfo = `WebGL2 renderer: ${info.renderer}; WebGPU adapter: ${info.webgpuAdapter ? 'yes' : 'none'}`;
    console.log(`Chromium: ${browserInfo}`);
    const rows = await page.evaluate(
      async ({ source, q, r, n, m, d }) => (0, eval)(`(${source})`)(GPU, GPU.input, ['webgl2', 'cpu'], Float64Array.from(q), Float64Array.from(r), n, m, d),
      { source: trial.toString(), q: Array.from(q), r: Array.from(r), n, m, d },
    );
    for (const row of rows) results.push({ where: 'Chromium', ...row });
  } finally {
    await browser.close();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const fmt = (v, digits = 1) => (v === undefined ? '—' : v.toFixed(digits));
const err = (v) => (v === undefined ? '—' : v === 0 ? '0 (reference)' : v.toExponential(1));
const table = markdownTable(
  ['where', 'implementation', `distance tile ${n}×${m}, d = ${d} (ms)`, 'tile error (rel.)', `Gram row sums ${n}×${m} (ms)`, 'sums error (rel.)', 'within 1e-5?'],
  results.map((row) => row.error
    ? [row.where, row.mode, `failed: ${row.error}`, '—', '—', '—', '—']
    : [row.where, row.mode, fmt(row.tileMs), err(row.tileErr), fmt(row.sumsMs), err(row.sumsErr), (row.tileErr ?? 0) <= 1e-5 && (row.sumsErr ?? 0) <= 1e-5 ? 'yes' : 'no']),
);
console.log(`\n\`GPUJS_PATH=… node bench/gpujs-trial.mjs ${process.argv.slice(2).join(' ')}\` (${new Date().toISOString().slice(0, 10)}; Chromium ${browserInfo})\n\n${table}`);
