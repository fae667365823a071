// Device memory of the kernel Gram engine: peak device bytes of one `mmd` call on the
// WebGPU backend at n = m = 2,000 … 16,000 (pooled N = 4,000 … 32,000 rows), d = 2,
// Gaussian kernel σ = 1, biased estimator (one weight vector; the unbiased one adds a
// second), each on a fresh engine so `stats().peakBytes` is that call's peak. The
// least-squares slope of log(peakBytes) against log(n) is 1 for O(n + m) memory and would
// be 2 with an n×m buffer (its size, f32, is listed for comparison).
// Run: node scripts/build.mjs --no-types && node bench/gram-memory.mjs [n ...]
// (no GPU: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json, SwiftShader)
import { createEngine, CounterRandom } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number);
const ns = sizes.length > 0 ? sizes : [2000, 4000, 8000, 16000];
const d = 2;

function sample(rows, seed, shift) {
  const r = new CounterRandom(seed, 1);
  return { data: Float64Array.from({ length: rows * d }, (_, i) => shift + r.normal(i)), rows, cols: d };
}

const rows = [];
console.log('| n = m | pooled rows | peak device bytes | bytes per pooled row | n×m f32 buffer (bytes) | dispatches | submits | seconds | MMD² |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const n of ns) {
  const engine = await createEngine({ backend: 'webgpu' });
  const start = performance.now();
  const r = await engine.mmd(sample(n, 1, 0), sample(n, 2, 0.1), { estimator: 'biased', bandwidth: 1 });
  const seconds = (performance.now() - start) / 1000;
  const s = engine.stats();
  if (s.liveBytes !== 0) throw new Error(`liveBytes ${s.liveBytes} after the call`);
  engine.dispose();
  rows.push({ n, peak: s.peakBytes });
  console.log(`| ${n} | ${2 * n} | ${s.peakBytes} | ${(s.peakBytes / (2 * n)).toFixed(1)} | ${4 * n * n} | ${s.dispatches} | ${s.submits} | ${seconds.toFixed(1)} | ${r.value.toExponential(4)} |`);
}
const xs = rows.map((r) => Math.log(r.n)), ys = rows.map((r) => Math.log(r.peak));
const mx = xs.reduce((a, b) => a + b, 0) / xs.length, my = ys.reduce((a, b) => a + b, 0) / ys.length;
const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
console.log(`\nlog-log slope of peak device bytes against n: ${slope.toFixed(3)}`);
