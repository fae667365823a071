// Unbiased Gaussian-kernel MMD² at n = m: infogpu's float64 CPU backend against numpy
// float64 (bench/peers/numpy_mmd.py: blocked Gram sums, BLAS distances) on the same seeded
// data (d = 2, y shifted by 0.1, σ = 1), in one run each; ratio = numpy time / infogpu time
// (> 1: infogpu is faster) and the difference of the two values.
// Run: node scripts/build.mjs --no-types && node bench/mmd-vs-numpy.mjs [n ...]   (default 20000)
import { execFileSync } from 'node:child_process';
import { createEngine, CounterRandom } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number);
const ns = sizes.length > 0 ? sizes : [20000];
const d = 2, sigma = 1;

function sample(rows, seed, shift) {
  const r = new CounterRandom(seed, 1);
  return { data: Float64Array.from({ length: rows * d }, (_, i) => shift + r.normal(i)), rows, cols: d };
}

const engine = await createEngine({ backend: 'cpu' });
console.log('| n = m | numpy float64 (s) | infogpu cpu (s) | ratio | MMD² | |Δ value| |');
console.log('|---|---|---|---|---|---|');
for (const n of ns) {
  const x = sample(n, 1, 0), y = sample(n, 2, 0.1);
  const peer = JSON.parse(execFileSync('/usr/bin/python3', [new URL('./peers/numpy_mmd.py', import.meta.url).pathname], {
    input: JSON.stringify({ x: Array.from(x.data), y: Array.from(y.data), d, sigma }),
    maxBuffer: 1 << 26,
  }).toString());
  const start = performance.now();
  const ours = await engine.mmd(x, y, { bandwidth: sigma });
  const seconds = (performance.now() - start) / 1000;
  console.log(`| ${n} | ${peer.seconds.toFixed(1)} | ${seconds.toFixed(1)} | ${(peer.seconds / seconds).toFixed(2)} | ${ours.value.toExponential(6)} | ${Math.abs(ours.value - peer.value).toExponential(1)} |`);
}
engine.dispose();
