// Same-adapter comparison with TensorFlow.js's WebGPU backend (@tensorflow/tfjs-backend-webgpu,
// a devDependency) in Node: ONE GPUDevice from the `webgpu` package (Dawn; one instance per
// process) is given both to a TF.js WebGPUBackend and to infogpu (createEngine({ device })).
//   MMD: unbiased Gaussian MMD², σ = 1, d = 2, n = m. TF.js the tensorised way: the three
//        Gram matrices from ‖a‖² + ‖b‖² − 2abᵀ (matMul), exp, sums (n×m tensors). infogpu:
//        engine.mmd (tiled Gram sums, O(n + m) device memory).
//   Sinkhorn: OT_ε, cost ‖x − y‖²/2, ε = 0.25 (blur 0.5), d = 2, n = m. TF.js: log-domain
//        Sinkhorn on the n×m matrix −C/ε (logSumExp along rows, then columns), the L1 row
//        marginal error read back every 5 iterations, until ≤ tol. infogpu: engine.sinkhorn
//        (online softmins, ε-scaling warm start, over-relaxation) with the same tol.
// Time = median wall clock of the call including the read-back of the answer (MMD: 3 calls;
// Sinkhorn: 1); peak memory = tf.profile(...).peakBytes of the warm-up call (TF.js's tensor
// bytes) against infogpu's stats().peakBytes of its warm-up call on a fresh engine.
// Run: node scripts/build.mjs --no-types && VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json \
//      node bench/tfjs-webgpu.mjs [--write] [--sinkhorn-max N] [n ...]   (default n = 200 400 800, Sinkhorn
//      only at n ≤ 200: SwiftShader is slow)
import { fileURLToPath } from 'node:url';
import { create, globals } from 'webgpu';
import { createEngine, CounterRandom } from '../dist/index.js';
import { markdownTable, writeMarkedSection } from './lib/markdown.mjs';
import { timeRepeats } from './lib/timing.mjs';

const argv = process.argv.slice(2);
const write = argv.includes('--write');
const sinkhornMaxAt = argv.indexOf('--sinkhorn-max');
const sinkhornMax = sinkhornMaxAt >= 0 ? Number(argv[sinkhornMaxAt + 1]) : 200;
const sizes = argv.filter((a, i) => !a.startsWith('--') && (sinkhornMaxAt < 0 || i !== sinkhornMaxAt + 1)).map(Number);
const ns = sizes.length > 0 ? sizes : [200, 400, 800];
// TF.js's Sinkhorn costs ~15 small dispatches per iteration; on SwiftShader each takes tens of ms.
const SINKHORN_REPEATS = 1;
const REPEATS = 3, SIGMA = 1, BLUR = 0.5, EPS = BLUR * BLUR, TOL = 1e-4, CHECK_EVERY = 5;

// TF.js's WebGPU backend looks for navigator.gpu and the GPU* constants at import time.
Object.assign(globalThis, globals);
const gpu = create([]);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
const tf = await import('@tensorflow/tfjs-core');
const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');

let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
adapter ??= await gpu.requestAdapter({ forceFallbackAdapter: true });
if (!adapter) throw new Error('no WebGPU adapter (no GPU: set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)');
const limits = {};
for (const name of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension', 'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxStorageBuffersPerShaderStage']) {
  limits[name] = adapter.limits[name];
}
const device = await adapter.requestDevice({ label: 'tfjs-and-infogpu', requiredLimits: limits });
const adapterName = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.description].filter(Boolean).join(' ') || 'unnamed adapter';
// TF.js's kernels are registered under the backend name 'webgpu': replace its factory by one on our device.
if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
tf.registerBackend('webgpu', () => new WebGPUBackend(device, adapter.info), 10);
await tf.setBackend('webgpu');
await tf.ready();

function cloud(n, seed, shift) {
  const r = new CounterRandom(seed, 1);
  return Float32Array.from({ length: n * 2 }, (_, i) => shift + r.normal(i));
}

/** Squared distances ‖a_i − b_j‖² as an n×m tensor, the tensorised way. */
function squaredDistances(a, b) {
  const a2 = tf.sum(tf.square(a), 1, true), b2 = tf.sum(tf.square(b), 1, true);
  return tf.relu(tf.sub(tf.add(a2, tf.transpose(b2)), tf.mul(2, tf.matMul(a, b, false, true))));
}

/** Unbiased Gaussian MMD² on TF.js (diagonal terms removed: k(x, x) = 1). */
async function tfMmd(xs, ys, n) {
  const value = tf.tidy(() => {
    const x = tf.tensor2d(xs, [n, 2]), y = tf.tensor2d(ys, [n, 2]);
    const gramSum = (a, b) => tf.sum(tf.exp(tf.div(squaredDistances(a, b), -2 * SIGMA * SIGMA)));
    const within = (a) => tf.div(tf.sub(gramSum(a, a), n), n * (n - 1));
    return tf.sub(tf.add(within(x), within(y)), tf.mul(2 / (n * n), gramSum(x, y)));
  });
  const out = (await value.data())[0];
  value.dispose();
  return out;
}

/** Log-domain Sinkhorn on TF.js until the L1 row-marginal error ≤ TOL; OT_ε = ⟨a, f⟩ + ⟨b, g⟩. */
async function tfSinkhorn(xs, ys, n) {
  const logK = tf.tidy(() => tf.div(squaredDistances(tf.tensor2d(xs, [n, 2]), tf.tensor2d(ys, [n, 2])), -2 * EPS));
  const logW = Math.log(1 / n);
  let f = tf.zeros([n]), g = tf.zeros([n]);
  let iterations = 0, error = Infinity;
  while (error > TOL && iterations < 10000) {
    for (let i = 0; i < CHECK_EVERY; i++) {
      const nf = tf.tidy(() => tf.mul(-EPS, tf.logSumExp(tf.add(logK, tf.reshape(tf.add(tf.div(g, EPS), logW), [1, n])), 1)));
      f.dispose(); f = nf;
      const ng = tf.tidy(() => tf.mul(-EPS, tf.logSumExp(tf.add(logK, tf.reshape(tf.add(tf.div(f, EPS), logW), [n, 1])), 0)));
      g.dispose(); g = ng;
      iterations++;
    }
    const err = tf.tidy(() => {
      const logPlan = tf.add(tf.add(logK, tf.reshape(tf.add(tf.div(f, EPS), logW), [n, 1])), tf.reshape(tf.add(tf.div(g, EPS), logW), [1, n]));
      return tf.sum(tf.abs(tf.sub(tf.sum(tf.exp(logPlan), 1), 1 / n)));
    });
    error = (await err.data())[0];
    err.dispose();
  }
  const dual = tf.tidy(() => tf.div(tf.add(tf.sum(f), tf.sum(g)), n));
  const value = (await dual.data())[0];
  for (const t of [dual, f, g, logK]) t.dispose();
  return { value, iterations, error };
}

/** The warm-up call under tf.profile (its peak tensor bytes), then the median time of `repeats` calls. */
async function measure(call, repeats) {
  const { peakBytes } = await tf.profile(call);
  const timed = await timeRepeats(call, { repeats, warmup: 0 });
  return { ms: timed.medianMs, result: timed.result, peakBytes };
}

async function infogpuMeasure(run, repeats) {
  const engine = await createEngine({ backend: 'webgpu', device });
  const first = await run(engine); // warm-up, and the stats of one call on a fresh engine
  const stats = engine.stats();
  const timed = await timeRepeats(() => run(engine), { repeats, warmup: 0 });
  engine.dispose();
  return { ms: timed.medianMs, result: first, peakBytes: stats.peakBytes, dispatches: stats.dispatches, readbacks: stats.readbacks };
}

const mmdRows = [], sinkhornRows = [];
for (const n of ns) {
  const xs = cloud(n, 1, 0), ys = cloud(n, 2, 0.5);
  const x = { data: Float64Array.from(xs), rows: n, cols: 2 }, y = { data: Float64Array.from(ys), rows: n, cols: 2 };

  const tfm = await measure(() => tfMmd(xs, ys, n), REPEATS);
  const ours = await infogpuMeasure((engine) => engine.mmd(x, y, { bandwidth: SIGMA }), REPEATS);
  mmdRows.push([n, tfm.ms.toFixed(1), ours.ms.toFixed(1), (tfm.ms / ours.ms).toFixed(2), tfm.peakBytes, ours.peakBytes, 4 * n * n, tfm.result.toExponential(4), ours.result.value.toExponential(4)]);
  console.log(`mmd n=${n}: tfjs ${tfm.ms.toFixed(1)} ms (peak ${tfm.peakBytes} B), infogpu ${ours.ms.toFixed(1)} ms (peak ${ours.peakBytes} B)`);

  if (n > sinkhornMax) continue;
  const tfs = await measure(() => tfSinkhorn(xs, ys, n), SINKHORN_REPEATS);
  const os = await infogpuMeasure((engine) => engine.sinkhorn(x, y, { blur: BLUR, debias: false, tol: TOL, maxIter: 10000 }), SINKHORN_REPEATS);
  sinkhornRows.push([n, tfs.ms.toFixed(1), os.ms.toFixed(1), (tfs.ms / os.ms).toFixed(2), tfs.peakBytes, os.peakBytes, `${tfs.result.iterations}`, `${os.result.annealingSteps} + ${os.result.iterations}`, tfs.result.value.toFixed(5), os.result.otEps.toFixed(5)]);
  console.log(`sinkhorn n=${n}: tfjs ${tfs.ms.toFixed(1)} ms (${tfs.result.iterations} it, peak ${tfs.peakBytes} B), infogpu ${os.ms.toFixed(1)} ms (peak ${os.peakBytes} B)`);
}

const mmdTable = markdownTable(['n = m', 'TF.js webgpu (ms)', 'infogpu webgpu (ms)', 'ratio TF.js / infogpu', 'TF.js peak tensor bytes', 'infogpu peak device bytes', 'n×n f32 bytes', 'TF.js MMD²', 'infogpu MMD²'], mmdRows);
const sinkhornTable = markdownTable(['n = m', 'TF.js webgpu (ms)', 'infogpu webgpu (ms)', 'ratio TF.js / infogpu', 'TF.js peak tensor bytes', 'infogpu peak device bytes', 'TF.js iterations', 'infogpu iterations (warm start + ε)', 'TF.js OT_ε (dual)', 'infogpu OT_ε'], sinkhornRows);
const header = `\`node bench/tfjs-webgpu.mjs${argv.length ? ` ${argv.join(' ')}` : ''}\` (${new Date().toISOString().slice(0, 10)}; adapter: ${adapterName}; TF.js ${tf.version_core}; MMD: medians of ${REPEATS}, Sinkhorn: ${SINKHORN_REPEATS} call, after one warm-up)`;
console.log(`\n${header}\n\nMMD\n${mmdTable}\n\nSinkhorn (tol ${TOL})\n${sinkhornTable}`);
device.destroy();

if (write) {
  const body = `## Same adapter: TensorFlow.js WebGPU backend vs infogpu (bench/tfjs-webgpu.mjs)\n\n${header}. One GPUDevice shared by both libraries. The adapter here is SwiftShader (a CPU emulation of a GPU on 2 cores shared with other engineers' jobs): times are noisy and say nothing about a real GPU; the memory columns hold on any adapter.\n\nUnbiased Gaussian MMD², σ = 1, d = 2:\n\n${mmdTable}\n\nEntropic OT, ε = ${EPS}, until the L1 row-marginal error ≤ ${TOL} (TF.js checks every ${CHECK_EVERY} iterations):\n\n${sinkhornTable}`;
  writeMarkedSection(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), 'tfjs-webgpu', body);
  console.log('wrote the tfjs-webgpu section of bench/RESULTS.md');
}
