// Sinkhorn on the WebGPU backend: device memory and traffic from engine.stats() at several
// n (n = m, 2-D, blur 0.5, S_ε with debiasing, tol 1e-5), with the log-log slope of the
// peak device bytes above the engine's idle level against n (1: O(n + m); an n × m buffer
// would give 2). Read-backs per iteration count the warm start's iterations too.
// Run: npm run build && VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node bench/sinkhorn-device-memory.mjs [n ...]
import { createEngine, CounterRandom } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number);
const ns = sizes.length > 0 ? sizes : [500, 1000, 2000];
const engine = await createEngine({ backend: 'webgpu' });
const cloud = (n, seed, shift) => {
  const r = new CounterRandom(seed, 1);
  return { data: Float64Array.from({ length: 2 * n }, (_, i) => shift + r.normal(i)), rows: n, cols: 2 };
};
console.log('| n = m | iterations (warm start + target ε) | submits | dispatches | read-backs | read-backs / iteration | peak device bytes | bytes / (n + m) | n × m f32 bytes |');
console.log('|---|---|---|---|---|---|---|---|---|');
const points = [];
for (const n of ns) {
  const before = engine.stats();
  const result = await engine.sinkhorn(cloud(n, 1, 0), cloud(n, 2, 0.8), { blur: 0.5, tol: 1e-5 });
  const after = engine.stats();
  const iterations = result.annealingSteps + result.iterations;
  const peak = after.peakBytes - before.liveBytes;
  const readbacks = after.readbacks - before.readbacks;
  points.push([Math.log(n), Math.log(peak)]);
  console.log(`| ${n} | ${result.annealingSteps} + ${result.iterations} | ${after.submits - before.submits} | ${after.dispatches - before.dispatches} | ${readbacks} | ${(readbacks / iterations).toFixed(3)} | ${peak} | ${(peak / (2 * n)).toFixed(1)} | ${4 * n * n} |`);
}
const mean = (v) => v.reduce((s, t) => s + t, 0) / v.length;
const mx = mean(points.map((p) => p[0])), my = mean(points.map((p) => p[1]));
const slope = points.reduce((s, [u, v]) => s + (u - mx) * (v - my), 0) / points.reduce((s, [u]) => s + (u - mx) ** 2, 0);
console.log(`\nlog-log slope of peak device bytes against n: ${slope.toFixed(2)}`);
engine.dispose();
