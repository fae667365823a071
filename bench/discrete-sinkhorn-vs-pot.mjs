// Batched discrete OT (Sinkhorn knowledge distillation shape): T histogram pairs over K = L
// classes, one cost matrix C_ij = |i − j|/K + 0.1·u_ij, teacher/student rows softmax(2·z),
// ε = 0.05. POT solves pair by pair (`ot.sinkhorn`, methods 'sinkhorn_log' and 'sinkhorn',
// stopThr); infogpu solves all pairs at once (engine.discreteSinkhorn, log domain) at equal
// marginal error: tol = the largest L1 marginal error POT's plans reached. Ratio = POT time /
// infogpu time (> 1: infogpu is faster). Both backends of infogpu are timed ('webgpu' only
// when an adapter exists; on SwiftShader it measures a CPU emulation, not a GPU).
// Run: npm run build && VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node bench/discrete-sinkhorn-vs-pot.mjs [T] [K] [stopThr] [backends]
//      (defaults 256, 100, 1e-7, cpu,webgpu)
import { execFileSync } from 'node:child_process';
import { createEngine, CounterRandom } from '../dist/index.js';

const T = Number(process.argv[2] ?? 256), K = Number(process.argv[3] ?? 100), stopThr = Number(process.argv[4] ?? 1e-7);
const backends = (process.argv[5] ?? 'cpu,webgpu').split(',');
const eps = 0.05;
const r = new CounterRandom(2027, 3);
const softmaxRows = (offset) => {
  const data = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let i = 0; i < K; i++) sum += data[t * K + i] = Math.exp(2 * r.normal(offset + t * K + i));
    for (let i = 0; i < K; i++) data[t * K + i] /= sum;
  }
  return data;
};
const a = softmaxRows(0), b = softmaxRows(T * K);
const cost = Float64Array.from({ length: K * K }, (_, k) => Math.abs(Math.floor(k / K) - (k % K)) / K + 0.1 * r.uniform(k));

const peer = JSON.parse(
  execFileSync('/usr/bin/python3', [new URL('./peers/pot_discrete_sinkhorn.py', import.meta.url).pathname], {
    input: JSON.stringify({ a: Array.from(a), b: Array.from(b), cost: Array.from(cost), pairs: T, rows: K, cols: K, reg: eps, stopThr }),
    maxBuffer: 1 << 26,
  }).toString(),
);
const tol = Math.max(...peer.runs.map((run) => run.marginalError));

const rows = [];
for (const backend of backends) {
  const engine = await createEngine({ backend }).catch(() => undefined);
  if (!engine) continue;
  const start = performance.now();
  const ours = await engine.discreteSinkhorn({ data: a, rows: T, cols: K }, { data: b, rows: T, cols: K }, { data: cost, rows: K, cols: K }, { eps, tol, maxIter: 100000 });
  const seconds = (performance.now() - start) / 1000;
  engine.dispose();
  const maxDiff = Math.max(...peer.runs[0].transportCosts.map((v, t) => Math.abs(v - ours.transportCosts[t])));
  rows.push({ backend, seconds, ours, maxDiff });
}

console.log(`T = ${T} pairs, K = L = ${K}, ε = ${eps}, POT ${peer.pot} stopThr ${stopThr}; infogpu tol = ${tol.toExponential(2)}`);
console.log('| solver | time (s) | largest L1 marginal error | ratio POT sinkhorn_log / this | ratio POT sinkhorn / this |');
console.log('|---|---|---|---|---|');
const [logRun, kernelRun] = peer.runs;
for (const run of peer.runs) console.log(`| POT \`${run.method}\` (pair by pair) | ${run.seconds.toFixed(2)} | ${run.marginalError.toExponential(2)} | ${(logRun.seconds / run.seconds).toFixed(2)} | ${(kernelRun.seconds / run.seconds).toFixed(2)} |`);
for (const { backend, seconds, ours, maxDiff } of rows) {
  console.log(`| infogpu ${backend} (batched; ${ours.iterations} iterations; max |Δ⟨π, C⟩| vs POT ${maxDiff.toExponential(1)}) | ${seconds.toFixed(2)} | ${Math.max(...ours.marginalErrors).toExponential(2)} | ${(logRun.seconds / seconds).toFixed(2)} | ${(kernelRun.seconds / seconds).toFixed(2)} |`);
}
