// Roofline figures of the WebGPU kernels (host/kernels/*, shaders/*): for each kernel, the
// FLOPs and the global-memory bytes of one call from its shape (formulas below, next to each
// kernel), the median time of that call on the adapter, and the achieved GFLOP/s and GB/s.
// The kernels are driven through the WebGPU Backend's own calls (the engine's backend,
// reached through its private `impl` field: a benchmark-only shortcut), on data uploaded
// beforehand; the time includes the call's read-back of its (small) result. Arithmetic
// intensity = FLOPs / bytes; with --peak-gflops G --peak-gbs B (your GPU's datasheet) the
// table adds the roofline bound min(G, intensity × B) and the fraction of it achieved.
//
// Counting conventions: one add, multiply, compare, max, abs or exp = 1 FLOP (exp and log
// run on special-function units: they count once, as in most roofline papers); a
// "pair" is one (query row, reference row) evaluation; bytes count each global read/write
// once per workgroup that makes it (tiles staged in workgroup memory are read once per
// workgroup of WG = 64 queries: the traffic if nothing else is cached, an upper bound on
// DRAM bytes). f32 everywhere: 4 B per value.
//
// Run: node scripts/build.mjs --no-types && node bench/gpu-roofline.mjs [--n N] [--write]
//      [--peak-gflops G --peak-gbs B]   (npm run bench:gpu; default n = 2048 on a software
//      adapter, 16384 on a hardware one; no GPU: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)
import { fileURLToPath } from 'node:url';
import { createEngine, CounterRandom } from '../dist/index.js';
import { markdownTable, writeMarkedSection } from './lib/markdown.mjs';
import { timeRepeats } from './lib/timing.mjs';

const argv = process.argv.slice(2);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : undefined;
};
const peakGflops = option('--peak-gflops'), peakGbs = option('--peak-gbs');
const WG = 64, F = 4;

const engine = await createEngine({ backend: 'webgpu' });
const backend = engine.impl;
if (!backend || backend.kind !== 'webgpu') throw new Error('the engine exposes no WebGPU backend (engine.impl changed?)');
// 'auto' takes only a hardware adapter (one Dawn instance per process: ask through the engine).
const auto = await createEngine();
const software = auto.backend !== 'webgpu';
auto.dispose();
const n = option('--n') ?? (software ? 2048 : 16384);
const repeats = software ? 3 : 5;

function matrix(rows, cols, seed, shift = 0) {
  const r = new CounterRandom(seed, 3);
  return { data: Float64Array.from({ length: rows * cols }, (_, i) => shift + r.normal(i)), rows, cols };
}
const gaussian = (sigma) => ({ form: 'gaussian', bandwidths: [sigma], degree: 0, coef0: 0 });

const d = 4, k = 8, width = 16, perms = 8, vocab = 1024, rowsDiv = Math.max(64, n / 8);
const X = await backend.upload(matrix(n, d, 1));
const Y = await backend.upload(matrix(n, d, 2, 0.3));
const X1 = await backend.upload(matrix(n, 1, 4));
const pairs = n * n;

const softminVectors = await Promise.all([0, 1, 2].map(() => backend.uploadVector(new Float64Array(n).fill(-Math.log(n)))));
const [logWeights, potential, output] = softminVectors;
const SOFTMINS = 10;

const KERNELS = [
  {
    kernel: 'knn-topk + knn-merge',
    call: `knn(X, X, k = ${k}, euclidean)`,
    // FLOPs: pairs × 3d (sub, mul, add per coordinate) + pairs × 1 (compare with the list's worst).
    flops: pairs * (3 * d + 1),
    // Bytes: queries n·d·4 once; the reference tiles ⌈n/WG⌉·n·d·4; the merged lists n·k·8 written.
    bytes: n * d * F + Math.ceil(n / WG) * n * d * F + n * k * 8,
    run: () => backend.knn(X, X, { k, metric: 'euclidean', excludeSelf: true }),
  },
  {
    kernel: 'count-within',
    call: `countWithin(X, X, chebyshev, strict)`,
    // FLOPs: pairs × 3d (sub, abs, max per coordinate) + pairs × 2 (compare, count).
    flops: pairs * (3 * d + 2),
    // Bytes: queries and radii n·(d + 1)·4; reference tiles ⌈n/WG⌉·n·d·4; counts n·4.
    bytes: n * (d + 1) * F + Math.ceil(n / WG) * n * d * F + n * F,
    radii: new Float64Array(n).fill(0.5),
    run() { return backend.countWithin(X, X, { metric: 'chebyshev', radii: this.radii, inclusive: false, excludeSelf: true }); },
  },
  {
    kernel: 'pair-distances',
    call: `pairDistances(X, X, ${width} listed pairs per row)`,
    // FLOPs: n·w pairs × (3d + 1) (squared distance, sqrt).
    flops: n * width * (3 * d + 1),
    // Bytes: per pair the reference row d·4, its index 4 and the distance 4; the query row once per row.
    bytes: n * width * (d * F + 8) + n * d * F,
    indices: Int32Array.from({ length: n * width }, (_, i) => (Math.floor(i / width) + 1 + (i % width)) % n),
    run() { return backend.pairDistances(X, X, { metric: 'euclidean', indices: this.indices, width }); },
  },
  {
    kernel: 'gram-sums',
    call: 'gramSums(X, Y, gaussian, 1 weight vector, bilinear form)',
    // FLOPs: pairs × (3d + 4) (squared distance, scale, exp, weight multiply-add) + per-tile Kahan adds (≤ 4 per 32 pairs, ignored).
    flops: pairs * (3 * d + 4),
    // Bytes: queries and their weights n·(d + 1)·4; reference rows + weights ⌈n/WG⌉·n·(d + 1)·4; slots (negligible).
    bytes: n * (d + 1) * F + Math.ceil(n / WG) * n * (d + 1) * F,
    weights: new Float64Array(n).fill(1 / n),
    run() { return backend.gramSums(X, Y, { kernel: gaussian(1), excludeDiagonal: false, referenceWeights: this.weights, queryWeights: this.weights, count: 1 }); },
  },
  {
    kernel: 'gram-alignment',
    call: `gramAlignment(X, X1, gaussian × gaussian, ${perms} permutations)`,
    // FLOPs: pairs × (3d + 2) for k₁ once, + pairs × P × (3·1 + 2 + 2) for k₂ (1-D) and the multiply-add.
    flops: pairs * (3 * d + 2) + pairs * perms * 7,
    // Bytes: first matrix n·d·4 + tiles ⌈n/WG⌉·n·d·4; second matrix gathered per tile and permutation
    // ⌈n/WG⌉·n·P·(1 + 1)·4 (value and permutation index); the permutation table read once n·P·4.
    bytes: n * d * F + Math.ceil(n / WG) * n * d * F + Math.ceil(n / WG) * n * perms * 2 * F + n * perms * F,
    permutations: Int32Array.from({ length: n * perms }, (_, i) => (i * 7919 + Math.floor(i / n) * 13) % n),
    run() { return backend.gramAlignment(X, X1, { firstKernel: gaussian(1), secondKernel: gaussian(1), excludeDiagonal: false, permutations: this.permutations, count: perms }); },
  },
  {
    kernel: 'softmin + softmin-finish',
    call: `${SOFTMINS} × softmin(X, Y, p = 2, ε = 0.25), then one read-back`,
    // FLOPs per softmin: pairs × (3d + 9) (squared distance, /2, v = lw + (g − C)/ε: 3, exp, s and t multiply-adds: 4).
    flops: SOFTMINS * pairs * (3 * d + 9),
    // Bytes per softmin: queries n·d·4; reference rows + potential + log-weight ⌈n/WG⌉·n·(d + 2)·4;
    // the log-sum-exp state written and merged splits·n·16 twice (splits ≤ ⌈n/256⌉); the output n·4.
    bytes: SOFTMINS * (n * d * F + Math.ceil(n / WG) * n * (d + 2) * F + 2 * Math.ceil(n / 256) * n * 16 + n * F),
    async run() {
      for (let i = 0; i < SOFTMINS; i++) await backend.softmin(X, Y, { p: 2, eps: 0.25, logWeights, potential, output });
      return backend.readVectors([output]);
    },
  },
  {
    kernel: 'row-divergence',
    call: `rowDivergences(P, Q, kl, logits), ${rowsDiv} rows × ${vocab}`,
    // FLOPs per entry: pass 1 (max, exp, add) for p and q = 6; pass 2 (two subtractions, exp, mul, Kahan add ≈ 4) ≈ 8.
    flops: rowsDiv * vocab * 14,
    // Bytes: p and q read in each of the two passes: 2 × 2 × rows·V·4; output rows·8.
    bytes: 4 * rowsDiv * vocab * F + rowsDiv * 8,
    p: matrix(rowsDiv, vocab, 5, -3),
    q: matrix(rowsDiv, vocab, 6, -3),
    run() { return backend.rowDivergences(this.p, this.q, { measure: 'kl', input: 'logits', alpha: 1 }); },
  },
];

const rows = [];
for (const entry of KERNELS) {
  const before = backend.stats().dispatches;
  await entry.run(); // warm-up: pipeline compilation, pool growth
  const dispatches = backend.stats().dispatches - before;
  const { medianMs } = await timeRepeats(() => entry.run(), { repeats, warmup: 0 });
  const gflops = entry.flops / (medianMs * 1e6), gbs = entry.bytes / (medianMs * 1e6);
  const intensity = entry.flops / entry.bytes;
  const bound = peakGflops && peakGbs ? Math.min(peakGflops, intensity * peakGbs) : undefined;
  rows.push([
    entry.kernel, entry.call, (entry.flops / 1e6).toFixed(1), (entry.bytes / 1e6).toFixed(2), intensity.toFixed(1), dispatches, medianMs.toFixed(1), gflops.toFixed(3), gbs.toFixed(3),
    ...(bound ? [bound.toFixed(0), `${((100 * gflops) / bound).toFixed(1)} %`] : []),
  ]);
  console.log(`${entry.kernel}: ${medianMs.toFixed(1)} ms, ${gflops.toFixed(3)} GFLOP/s, ${gbs.toFixed(3)} GB/s`);
}
for (const h of [X, Y, X1, ...softminVectors]) backend.release(h);
engine.dispose();

const header = ['kernel', 'call', 'MFLOP', 'MB moved', 'FLOP/B', 'dispatches', 'median ms', 'GFLOP/s', 'GB/s', ...(peakGflops && peakGbs ? ['roofline bound (GFLOP/s)', 'of bound'] : [])];
const table = markdownTable(header, rows);
const adapterInfo = software ? 'software fallback adapter (SwiftShader here)' : 'hardware adapter';
const command = ['node bench/gpu-roofline.mjs', ...argv].join(' ');
const title = `\`${command}\` (${new Date().toISOString().slice(0, 10)}; n = ${n}, d = ${d}; ${adapterInfo}; medians of ${repeats} after one warm-up)`;
console.log(`\n${title}\n\n${table}`);

if (argv.includes('--write')) {
  const body = `## WebGPU kernels: roofline figures (bench/gpu-roofline.mjs, \`npm run bench:gpu\`)\n\n${title}. FLOPs and bytes per call come from each kernel's shape by the formulas in bench/gpu-roofline.mjs (one add/mul/compare/exp = 1 FLOP; bytes = global reads and writes, reference tiles counted once per workgroup of 64 queries). Every tiled kernel has an arithmetic intensity of tens of FLOP per byte, so on a real GPU (hundreds of GB/s) it is compute-bound: its roofline bound is the adapter's peak FLOP rate; only pair-distances (≈ 0.5 FLOP/B, a gather) and row-divergence (≈ 0.9 FLOP/B) are bandwidth-bound. Here the adapter is SwiftShader on 2 CPU cores shared with other engineers' jobs: the achieved rates (hundredths of a GFLOP/s on this shared machine) measure the emulator, not a GPU, and are noisy. On a machine with a GPU, \`npm run bench:gpu -- --peak-gflops G --peak-gbs B\` adds each kernel's bound and the fraction achieved.\n\n${table}`;
  writeMarkedSection(fileURLToPath(new URL('./RESULTS.md', import.meta.url)), 'gpu-roofline', body);
  console.log('wrote the gpu-roofline section of bench/RESULTS.md');
}
