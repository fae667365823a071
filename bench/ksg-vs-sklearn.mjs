// KSG1 mutual information, 1 + 1 dimensions, k = 3: infogpu's CPU backend against
// scikit-learn's `_compute_mi_cc` on the same seeded data, in one run. Reports medians of
// `repeats` timings and the ratio peer / infogpu (> 1: infogpu is faster).
// Run: npm run build && node bench/ksg-vs-sklearn.mjs [n ...]   (default n = 2000 20000)
import { execFileSync } from 'node:child_process';
import { createEngine, sampleCorrelatedGaussian } from '../dist/index.js';

const sizes = process.argv.slice(2).map(Number);
const ns = sizes.length > 0 ? sizes : [2000, 20000];
const repeats = 5, k = 3, rho = 0.6;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const engine = await createEngine({ backend: 'cpu' });
console.log('| n | scikit-learn (ms) | infogpu cpu (ms) | ratio | |Δ value| |');
console.log('|---|---|---|---|---|');
for (const n of ns) {
  const s = sampleCorrelatedGaussian(n, rho, 7);
  const peer = JSON.parse(execFileSync('/usr/bin/python3', [new URL('./peers/sklearn_ksg.py', import.meta.url).pathname], {
    input: JSON.stringify({ x: Array.from(s.x), y: Array.from(s.y), k, repeats }),
    maxBuffer: 1 << 26,
  }).toString());
  const ours = [];
  let value = 0;
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    value = (await engine.mutualInformation(s.x, s.y, { k })).value;
    ours.push(performance.now() - t);
  }
  const peerMs = median(peer.seconds) * 1000, oursMs = median(ours);
  console.log(`| ${n} | ${peerMs.toFixed(1)} | ${oursMs.toFixed(1)} | ${(peerMs / oursMs).toFixed(2)} | ${Math.abs(value - peer.value).toExponential(1)} |`);
}
engine.dispose();
