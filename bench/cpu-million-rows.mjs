// The tree-based CPU estimators up to n = 10⁶ rows: KSG1 mutual information of a 1 + 1-D
// correlated Gaussian and Kozachenko–Leonenko entropy of one column, on the float64 CPU
// backend. Memory is counted, not timed: process.memoryUsage().arrayBuffers (every typed
// array the call holds — matrices, k-d tree points and orders, neighbour lists, counts) is
// sampled at each progress report (after every backend call) and its peak rise over a
// post-GC baseline is reported per row, with the fitted log-log slope of peak bytes against n (1 =
// linear). The error against the closed forms is printed beside it.
// Run: node scripts/build.mjs --no-types && node bench/cpu-million-rows.mjs [--quick]
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createEngine, sampleCorrelatedGaussian } from '../dist/index.js';
import { logLogSlope } from './lib/log-log-slope.mjs';
import { formatMs, markdownTable } from './lib/markdown.mjs';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [50_000, 100_000, 200_000] : [125_000, 250_000, 500_000, 1_000_000];

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/** Runs call(onProgress) after a full GC; the peak rise of typed-array bytes over the baseline, sampled at each report. */
async function measure(call) {
  gc();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  const onProgress = () => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  };
  const start = performance.now();
  const result = await call(onProgress);
  return { result, ms: performance.now() - start, peak };
}

const rows = [];
const peaks = { ksg1: [], kl: [] };
for (const n of SIZES) {
  const engine = await createEngine({ backend: 'cpu' });
  const s = sampleCorrelatedGaussian(n, 0.6, 4);
  const mi = await measure((onProgress) => engine.mutualInformation(s.x, s.y, { onProgress }));
  const h = await measure((onProgress) => engine.entropy(s.x, { onProgress }));
  peaks.ksg1.push(mi.peak);
  peaks.kl.push(h.peak);
  rows.push([n.toLocaleString('en'), formatMs(mi.ms), (mi.peak / n).toFixed(0), (mi.result.value - s.mutualInformation).toExponential(1), formatMs(h.ms), (h.peak / n).toFixed(0), (h.result.value - s.marginalEntropy).toExponential(1)]);
  engine.dispose();
}
console.log(markdownTable(['n', 'KSG1 time', 'KSG1 peak B/row', 'KSG1 − truth', 'KL time', 'KL peak B/row', 'KL − truth'], rows));
console.log(`\nlog-log slope of peak bytes against n: KSG1 ${logLogSlope(SIZES, peaks.ksg1).toFixed(2)}, KL ${logLogSlope(SIZES, peaks.kl).toFixed(2)} (1 = linear memory)`);
