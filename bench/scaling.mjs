// Scaling curves of the main primitives against their peers: exact kNN (scipy cKDTree,
// FAISS IndexFlatL2 for reference), KSG1 mutual information (scikit-learn _compute_mi_cc),
// unbiased Gaussian MMD² (numpy float64) and entropic OT (POT sinkhorn_log and sinkhorn), on
// the same seeded data in one run, over n; medians of repetitions, the ratio peer / infogpu
// (> 1: infogpu is faster), the fitted log-log slope of time against n for every series,
// engine.stats() of the WebGPU calls (dispatches, read-backs, peak device bytes; a fresh
// engine per size so the peak is that call's), and one SVG plot per primitive in bench/plots/.
// WebGPU runs wherever an adapter exists, at sizes up to each primitive's gpuMax unless
// --gpu-all (SwiftShader, the software adapter here, takes ~70 s for kNN at n = 10⁴).
// Run: node scripts/build.mjs --no-types && node bench/scaling.mjs [--quick] [--write]
//      [--only knn,ksg,mmd,sinkhorn] [--no-webgpu] [--gpu-all]
//      (no GPU: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json for SwiftShader)
// --write (full sizes only) replaces each primitive's "scaling-<id>" section of bench/RESULTS.md.
import { fileURLToPath } from 'node:url';
import { createEngine, CounterRandom } from '../dist/index.js';
import { logLogSlope } from './lib/log-log-slope.mjs';
import { formatMs, markdownTable, writeMarkedSection } from './lib/markdown.mjs';
import { pythonHasModules, runPythonPeer } from './lib/python-peer.mjs';
import { writeLogLogPlot } from './lib/svg-line-plot.mjs';
import { median, timeRepeats } from './lib/timing.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const quick = flag('--quick');
const onlyIndex = argv.indexOf('--only');
const only = onlyIndex >= 0 ? argv[onlyIndex + 1].split(',') : null;
const PEERS = fileURLToPath(new URL('./peers/scaling_peers.py', import.meta.url));
const PLOTS = fileURLToPath(new URL('./plots/', import.meta.url));
const RESULTS = fileURLToPath(new URL('./RESULTS.md', import.meta.url));

/** n × d standard normal rows (+ shift), row-major, from the shared counter-based generator. */
function cloud(n, d, seed, shift = 0) {
  const r = new CounterRandom(seed, 1);
  return { data: Float64Array.from({ length: n * d }, (_, i) => shift + r.normal(i)), rows: n, cols: d };
}

/** Repetitions by the expected cost of one run (the quadratic primitives get fewer at large n). */
const repeatsFor = (ms) => (ms > 20000 ? 1 : ms > 3000 ? 3 : 5);

const SINKHORN_EPS = 0.05;
const PRIMITIVES = [
  {
    id: 'knn',
    title: 'Exact kNN, k = 3, d = 3 (self excluded)',
    sizes: quick ? [1000, 3000, 10000] : [1000, 3000, 10000, 30000, 100000],
    gpuMax: quick ? 1000 : 3000,
    data: (n) => ({ x: cloud(n, 3, 11) }),
    peers: [
      { op: 'knn-ckdtree', name: 'scipy cKDTree', modules: ['scipy'] },
      { op: 'knn-faiss', name: 'FAISS IndexFlatL2 (ref.)', modules: ['faiss'], maxN: 30000 },
    ],
    peerJob: ({ x }) => ({ x: Array.from(x.data), d: 3, k: 3 }),
    run: (engine, { x }) => engine.knn(x, { k: 3 }),
    value: (r) => r.distances.reduce((s, v, i) => ((i + 1) % 3 === 0 ? s + v : s), 0),
  },
  {
    id: 'ksg',
    title: 'KSG1 mutual information, 1 + 1 dimensions, k = 3',
    sizes: quick ? [1000, 3000, 10000] : [1000, 3000, 10000, 30000, 100000],
    gpuMax: quick ? 1000 : 3000,
    data: (n) => {
      const r = new CounterRandom(7, 2);
      const x = Float64Array.from({ length: n }, (_, i) => r.normal(i));
      const y = Float64Array.from(x, (v, i) => 0.6 * v + 0.8 * r.normal(n + i));
      return { x, y };
    },
    peers: [
      { op: 'ksg', name: 'scikit-learn _compute_mi_cc', modules: ['sklearn'] },
      { op: 'mi-regression', name: 'scikit-learn mutual_info_regression', modules: ['sklearn'] },
    ],
    peerJob: ({ x, y }) => ({ x: Array.from(x), y: Array.from(y), d: 1, k: 3 }),
    run: (engine, { x, y }) => engine.mutualInformation(x, y, { k: 3 }),
    value: (r) => r.value,
  },
  {
    id: 'mmd',
    title: 'Unbiased Gaussian MMD², d = 2, σ = 1, n = m',
    sizes: quick ? [500, 1000, 2000] : [500, 1000, 2000, 4000, 8000],
    gpuMax: quick ? 1000 : 2000,
    data: (n) => ({ x: cloud(n, 2, 1), y: cloud(n, 2, 2, 0.1) }),
    peers: [{ op: 'mmd', name: 'numpy float64 (blocked)', modules: ['numpy'] }],
    peerJob: ({ x, y }) => ({ x: Array.from(x.data), y: Array.from(y.data), d: 2, sigma: 1 }),
    run: (engine, { x, y }) => engine.mmd(x, y, { bandwidth: 1 }),
    value: (r) => r.value,
  },
  {
    id: 'sinkhorn',
    title: `Entropic OT, ε = ${SINKHORN_EPS}, d = 2, n = m, equal marginal error`,
    sizes: quick ? [250, 500] : [250, 500, 1000],
    gpuMax: quick ? 250 : 500,
    data: (n) => ({ x: cloud(n, 2, 2026), y: cloud(n, 2, 2027, 0.75) }),
    peers: [
      { op: 'sinkhorn-log', name: 'POT sinkhorn_log', modules: ['ot'] },
      { op: 'sinkhorn', name: 'POT sinkhorn (kernel)', modules: ['ot'] },
    ],
    peerJob: ({ x, y }) => ({ x: Array.from(x.data), y: Array.from(y.data), d: 2, reg: SINKHORN_EPS, stopThr: 1e-6 }),
    // infogpu is asked for the L1 marginal error POT's plans reached (f32 floors near 1e-5 on a GPU).
    run: (engine, { x, y }, peerRuns) => {
      const reached = Math.max(...peerRuns.map((p) => p.marginalError ?? 0), 1e-6);
      const tol = engine.backend === 'webgpu' ? Math.max(reached, 1e-5) : reached;
      return engine.sinkhorn(x, y, { blur: Math.sqrt(SINKHORN_EPS), debias: false, tol, maxIter: 100000 });
    },
    value: (r) => r.transportCost,
  },
];

/** Times infogpu on a fresh engine; stats() of the first (untimed) call. */
async function timeInfogpu(backend, primitive, data, peerRuns) {
  const engine = await createEngine({ backend });
  try {
    const start = performance.now();
    const first = await primitive.run(engine, data, peerRuns);
    const firstMs = performance.now() - start;
    const stats = engine.stats();
    const repeats = repeatsFor(firstMs);
    const timed = await timeRepeats(() => primitive.run(engine, data, peerRuns), { repeats, warmup: 0 });
    return { ms: timed.medianMs, repeats, stats, value: primitive.value(first), result: first };
  } finally {
    engine.dispose();
  }
}

async function webgpuAvailable() {
  if (flag('--no-webgpu')) return 'disabled by --no-webgpu';
  try {
    const engine = await createEngine({ backend: 'webgpu' });
    engine.dispose();
    return true;
  } catch (error) {
    return error.message;
  }
}

const gpu = await webgpuAvailable();
const header = `\`node bench/scaling.mjs${argv.length ? ` ${argv.join(' ')}` : ''}\` (${new Date().toISOString().slice(0, 10)}; ${quick ? 'quick sizes' : 'full sizes'}; WebGPU: ${gpu === true ? 'yes' : `no (${gpu})`})`;
console.log(header);
for (const primitive of PRIMITIVES) {
  if (only && !only.includes(primitive.id)) continue;
  const peers = primitive.peers.filter((p) => pythonHasModules(p.modules));
  // JIT warm-up at the smallest size (tiering takes more than one call), not timed.
  const warm = await createEngine({ backend: 'cpu' });
  for (let i = 0; i < 3; i++) await primitive.run(warm, primitive.data(primitive.sizes[0]), [{ marginalError: 1e-5 }]);
  warm.dispose();
  const rows = [];
  for (const n of primitive.sizes) {
    const data = primitive.data(n);
    const peerRuns = [];
    for (const peer of peers) {
      if (peer.maxN && n > peer.maxN) { peerRuns.push(null); continue; }
      const job = { op: peer.op, ...primitive.peerJob(data), repeats: 1 };
      const once = runPythonPeer(PEERS, job);
      const repeats = repeatsFor(once.seconds[0] * 1000);
      const answer = repeats > 1 ? runPythonPeer(PEERS, { ...job, repeats }) : once;
      peerRuns.push({ ...answer, ms: median(answer.seconds) * 1000, repeats });
    }
    const present = peerRuns.filter(Boolean);
    const cpu = await timeInfogpu('cpu', primitive, data, present);
    const web = gpu === true && (flag('--gpu-all') || n <= primitive.gpuMax) ? await timeInfogpu('webgpu', primitive, data, present) : null;
    rows.push({ n, peerRuns, cpu, web });
    const bits = peerRuns.map((p, i) => `${peers[i].name} ${p ? formatMs(p.ms) : '—'}`);
    console.log(`${primitive.id} n=${n}: ${bits.join(', ')}, cpu ${formatMs(cpu.ms)}${web ? `, webgpu ${formatMs(web.ms)}` : ''}`);
  }
  const first = peers[0];
  const table = markdownTable(
    ['n', ...peers.map((p) => `${p.name} (ms)`), 'infogpu cpu (ms)', `ratio ${first?.name ?? 'peer'} / cpu`, 'infogpu webgpu (ms)', 'webgpu dispatches', 'webgpu read-backs', 'webgpu peak bytes', '\\|Δ value\\| cpu vs peer', 'repeats (peer / cpu / webgpu)'],
    rows.map(({ n, peerRuns, cpu, web }) => [
      n,
      ...peerRuns.map((p) => (p ? p.ms.toFixed(1) : '—')),
      cpu.ms.toFixed(1),
      peerRuns[0] ? (peerRuns[0].ms / cpu.ms).toFixed(2) : '—',
      web ? web.ms.toFixed(1) : '—',
      web ? web.stats.dispatches : '—',
      web ? web.stats.readbacks : '—',
      web ? web.stats.peakBytes : '—',
      peerRuns[0] && typeof peerRuns[0].value === 'number' ? Math.abs(cpu.value - peerRuns[0].value).toExponential(1) : '—',
      `${peerRuns[0]?.repeats ?? '—'} / ${cpu.repeats} / ${web?.repeats ?? '—'}`,
    ]),
  );
  const series = [
    ...peers.map((p, i) => ({ name: p.name, points: rows.filter((r) => r.peerRuns[i]).map((r) => [r.n, r.peerRuns[i].ms]), dashed: true })),
    { name: 'infogpu cpu', points: rows.map((r) => [r.n, r.cpu.ms]) },
    { name: 'infogpu webgpu', points: rows.filter((r) => r.web).map((r) => [r.n, r.web.ms]) },
  ].filter((s) => s.points.length > 0);
  const slopes = series.map((s) => `${s.name} ${logLogSlope(s.points.map((p) => p[0]), s.points.map((p) => p[1])).toFixed(2)}`).join(', ');
  const plot = `scaling-${primitive.id}${quick ? '-quick' : ''}.svg`;
  writeLogLogPlot(PLOTS + plot, { title: primitive.title, xLabel: 'n', yLabel: 'median time (ms)', series });
  let notes = '';
  if (primitive.id === 'sinkhorn') {
    notes = `\nIterations (POT / infogpu cpu warm start + target ε): ${rows.map((r) => `n = ${r.n}: ${r.peerRuns[0]?.iterations ?? '—'} / ${r.cpu.result.annealingSteps} + ${r.cpu.result.iterations}`).join('; ')}. |Δ value| compares ⟨π, C⟩.`;
  }
  const section = `### ${primitive.title}\n\n${header}\n\n${table}\n\nFitted log-log slope of time against n: ${slopes}. Plot: [plots/${plot}](plots/${plot}).${notes}`;
  console.log(`\n${section}\n`);
  // --write: each primitive owns its section, so `--only` refreshes just the ones it ran.
  if (flag('--write') && !quick) {
    writeMarkedSection(RESULTS, `scaling-${primitive.id}`, section);
    console.log(`wrote the scaling-${primitive.id} section of bench/RESULTS.md`);
  }
}
