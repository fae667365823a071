// MAUVE on feature sets: infogpu's CPU backend against mauve-text's compute_mauve (faiss
// k-means, scikit-learn PCA) on the same seeded features, one run each, default options
// (PCA to 90 % variance, K = n/10 clusters, 5 restarts, ≤ 500 iterations). Features mimic
// embeddings: a 10-component mixture in a 16-dimensional latent space mapped linearly to
// d dimensions around a common offset, plus isotropic noise; q moves three of the centres.
// Ratio = mauve-text time / infogpu time (> 1: infogpu is faster). The two MAUVE values
// differ by the clusterings' random draws (see tests/mauve.test.ts for the agreement).
// mauve-text runs single-threaded (OMP_NUM_THREADS=1), as infogpu's JavaScript does.
// Run: npm run build && PYTHONPATH=<mauve-text>/src node bench/mauve-vs-mauve-text.mjs [n:d ...]
//      (default 1000:64 2500:256 5000:768; n = m rows per sample)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, CounterRandom } from '../dist/index.js';

const shapes = (process.argv.length > 2 ? process.argv.slice(2) : ['1000:64', '2500:256', '5000:768']).map((s) => s.split(':').map(Number));
const LATENT = 16, CENTRES = 10, seed = 25;

/** n rows of offset + A·(c_{i mod 10} + z_i) + 0.3·ε_i, with centres 0 … `moved` − 1 shifted by 1.5·u. */
function features(n, d, stream, moved) {
  const r = new CounterRandom(2026, stream), fixed = new CounterRandom(2026, 0);
  const a = Float64Array.from({ length: LATENT * d }, (_, i) => fixed.normal(i) / Math.sqrt(LATENT));
  const offset = Float64Array.from({ length: d }, (_, c) => 2 * fixed.normal(LATENT * d + c));
  const centres = Float64Array.from({ length: CENTRES * LATENT }, (_, i) => 2 * fixed.normal(LATENT * d + d + i) + (Math.floor(i / LATENT) < moved ? 1.5 * r.normal(1e8 + i) : 0));
  const out = new Float64Array(n * d), z = new Float64Array(LATENT);
  for (let i = 0; i < n; i++) {
    const c = i % CENTRES;
    for (let l = 0; l < LATENT; l++) z[l] = centres[c * LATENT + l] + r.normal(i * (LATENT + d) + l);
    for (let j = 0; j < d; j++) {
      let s = offset[j] + 0.3 * r.normal(i * (LATENT + d) + LATENT + j);
      for (let l = 0; l < LATENT; l++) s += a[l * d + j] * z[l];
      out[i * d + j] = s;
    }
  }
  return out;
}

const engine = await createEngine({ backend: 'cpu' });
const dir = mkdtempSync(join(tmpdir(), 'mauve-bench-'));
console.log('| n = m | d | K | PCA components | mauve-text (s) | infogpu cpu (s) | ratio | mauve-text MAUVE | infogpu MAUVE |');
console.log('|---|---|---|---|---|---|---|---|---|');
try {
  for (const [n, d] of shapes) {
    const p = features(n, d, 1, 0), q = features(n, d, 2, 3);
    writeFileSync(join(dir, 'p.bin'), p);
    writeFileSync(join(dir, 'q.bin'), q);
    const peer = JSON.parse(execFileSync('/usr/bin/python3', [new URL('./peers/mauve_text.py', import.meta.url).pathname], {
      input: JSON.stringify({ p: join(dir, 'p.bin'), q: join(dir, 'q.bin'), n, m: n, d, seed }),
      env: { ...process.env, OMP_NUM_THREADS: '1' },
      stdio: ['pipe', 'pipe', 'ignore'],
    }).toString());
    const start = performance.now();
    const ours = await engine.mauve({ data: p, rows: n, cols: d }, { data: q, rows: n, cols: d }, { seed });
    const seconds = (performance.now() - start) / 1000;
    console.log(`| ${n} | ${d} | ${ours.numBuckets} | ${ours.components} | ${peer.seconds.toFixed(2)} | ${seconds.toFixed(2)} | ${(peer.seconds / seconds).toFixed(2)} | ${peer.value.toFixed(4)} | ${ours.value.toFixed(4)} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  engine.dispose();
}
