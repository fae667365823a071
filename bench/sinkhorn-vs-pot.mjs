// Entropic OT at n = m = 4,000 (2-D, x ~ N(0, I), y ~ N((1, ½), I)), ε = 0.05, cost ‖x − y‖²/2:
// infogpu's CPU backend (online log-domain Sinkhorn with the ε-scaling warm start) against
// POT's `sinkhorn_log` and its kernel-domain `sinkhorn`, one run each, at equal marginal
// error: POT stops at stopThr (its L2 column-sum check every 10 iterations); infogpu is then
// asked for tol = the largest L1 marginal error POT's plan reached. Ratio = POT time /
// infogpu time (> 1: infogpu is faster). POT's times include building M. infogpu runs three
// ways: the default CPU backend (stored kernels), threads: 2, and sinkhornKernelBytes: 0.
// Run: npm run build && node bench/sinkhorn-vs-pot.mjs [n] [stopThr]   (defaults 4000, 1e-6)
import { execFileSync } from 'node:child_process';
import { createEngine, CounterRandom } from '../dist/index.js';

const n = Number(process.argv[2] ?? 4000);
const stopThr = Number(process.argv[3] ?? 1e-6);
const eps = 0.05, d = 2;
const r = new CounterRandom(2026, 1);
const x = Float64Array.from({ length: n * d }, (_, i) => r.normal(i));
const y = Float64Array.from({ length: n * d }, (_, i) => (i % 2 === 0 ? 1 : 0.5) + r.normal(n * d + i));

const peer = JSON.parse(
  execFileSync('/usr/bin/python3', [new URL('./peers/pot_sinkhorn.py', import.meta.url).pathname], {
    input: JSON.stringify({ x: Array.from(x), y: Array.from(y), n, m: n, d, reg: eps, stopThr }),
    maxBuffer: 1 << 26,
  }).toString(),
);
const tol = Math.max(...peer.runs.map((run) => run.marginalError));

// The CPU backend as configured by default (stored kernels within 256 MiB), on two threads, and
// with stored kernels off (every softmin online, O(n + m) memory): one run each.
const configurations = [
  { name: 'infogpu cpu', options: {} },
  { name: 'infogpu cpu, threads: 2', options: { threads: 2 } },
  { name: 'infogpu cpu, sinkhornKernelBytes: 0', options: { sinkhornKernelBytes: 0 } },
];
const ours = [];
for (const { name, options } of configurations) {
  const engine = await createEngine({ backend: 'cpu', ...options });
  const start = performance.now();
  const result = await engine.sinkhorn({ data: x, rows: n, cols: d }, { data: y, rows: n, cols: d }, { blur: Math.sqrt(eps), debias: false, tol, maxIter: 100000 });
  ours.push({ name, seconds: (performance.now() - start) / 1000, result, peakBytes: engine.stats().peakBytes });
  engine.dispose();
}
const seconds = ours[0].seconds;

console.log(`n = m = ${n}, d = ${d}, ε = ${eps}, POT ${peer.pot} stopThr ${stopThr}; infogpu tol = ${tol.toExponential(2)}`);
console.log('| solver | time (s) | iterations | L1 marginal error | OT_ε | ⟨π, C⟩ | ratio POT / infogpu cpu | infogpu peak bytes |');
console.log('|---|---|---|---|---|---|---|---|');
for (const run of peer.runs) {
  console.log(`| POT \`${run.method}\` | ${run.seconds.toFixed(1)} | ${run.iterations} | ${run.marginalError.toExponential(2)} | ${run.otEps.toFixed(6)} | ${run.transportCost.toFixed(6)} | ${(run.seconds / seconds).toFixed(2)} | |`);
}
for (const { name, seconds: s, result, peakBytes } of ours) {
  const ratios = peer.runs.map((run) => `${run.method} ${(run.seconds / s).toFixed(2)}`).join(', ');
  console.log(`| ${name} | ${s.toFixed(1)} | ${result.annealingSteps} + ${result.iterations} | ${result.marginalError.toExponential(2)} | ${result.otEps.toFixed(6)} | ${result.transportCost.toFixed(6)} | ${ratios} | ${peakBytes} |`);
}
