// Exact k nearest neighbours (Euclidean, each row among the others) at n = 20,000 rows of
// d = 64 standard-normal columns, k = 3: infogpu's float64 CPU backend (`engine.knn`)
// against scipy's cKDTree (float64, exact) and, for reference, FAISS IndexFlatL2 (float32
// BLAS inner products, not exact in float64), all single-threaded, on the same seeded data
// in one run (bench/peers/scipy_knn.py). Reports medians of the repetitions, the ratios
// peer / infogpu (> 1: infogpu is faster) and how many neighbour lists equal scipy's.
// Run: node scripts/build.mjs --no-types && node bench/knn-vs-scipy.mjs [n] [d] [--repeats R] [--scipy-repeats S]
// (defaults n = 20000, d = 64, R = 3, S = 1: cKDTree takes minutes at d = 64)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, CounterRandom } from '../dist/index.js';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const v = Number(args[at + 1]);
  args.splice(at, 2);
  return v;
};
const repeats = flag('--repeats', 3), scipyRepeats = flag('--scipy-repeats', 1);
const [n = 20000, d = 64] = args.map(Number);
const k = 3;
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const r = new CounterRandom(64, 1);
const data = Float64Array.from({ length: n * d }, (_, i) => r.normal(i));
const dir = mkdtempSync(join(tmpdir(), 'knn-bench-'));
const path = join(dir, 'x.f64');
writeFileSync(path, Buffer.from(data.buffer));

const engine = await createEngine({ backend: 'cpu' });
const ours = [];
let lists;
for (let t = 0; t < repeats; t++) {
  const start = performance.now();
  lists = await engine.knn({ data, rows: n, cols: d }, { k });
  ours.push((performance.now() - start) / 1000);
}
engine.dispose();

const peer = JSON.parse(execFileSync('/usr/bin/python3', [new URL('./peers/scipy_knn.py', import.meta.url).pathname], {
  input: JSON.stringify({ path, rows: n, cols: d, k, repeats: scipyRepeats, faissRepeats: repeats }),
  env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
  maxBuffer: 1 << 28,
}).toString());
rmSync(dir, { recursive: true });

/** How many rows' lists (index order included) equal scipy's. */
const sameAsScipy = (listAt) => {
  let same = 0;
  for (let i = 0; i < n; i++) {
    let ok = true;
    for (let t = 0; t < k; t++) if (listAt(i, t) !== peer.scipy.indices[i][t]) ok = false;
    if (ok) same++;
  }
  return same;
};
const oursS = median(ours);
console.log(`n = ${n}, d = ${d}, k = ${k}; infogpu ${repeats} runs, scipy ${scipyRepeats}, faiss ${repeats}; versions ${JSON.stringify(peer.versions)}`);
console.log('| solver | time (s) | ratio peer / infogpu | lists equal to scipy\'s |');
console.log('|---|---|---|---|');
console.log(`| scipy cKDTree (float64) | ${median(peer.scipy.seconds).toFixed(2)} | ${(median(peer.scipy.seconds) / oursS).toFixed(2)} | ${n} |`);
if (peer.faiss) {
  console.log(`| FAISS IndexFlatL2 (float32) | ${median(peer.faiss.seconds).toFixed(2)} | ${(median(peer.faiss.seconds) / oursS).toFixed(2)} | ${sameAsScipy((i, t) => peer.faiss.indices[i][t])} |`);
}
console.log(`| infogpu cpu (float64) | ${oursS.toFixed(2)} | 1 | ${sameAsScipy((i, t) => lists.indices[i * k + t])} |`);
