/**
 * createEngine({ backend: 'cpu', threads: N }) (engine/parallel-cpu-backend.ts): kNN, radius
 * counts and the Sinkhorn softmin split over worker_threads give results bit-identical to one thread, and
 * dispose() ends the workers. The workers run the built worker entry
 * (dist/cpu-thread-worker.js), which Node cannot load from the TypeScript sources, so the
 * threaded engines come from dist/index.js, rebuilt first (`node scripts/build.mjs
 * --no-types`) when missing or older than the sources. Option validation runs on the sources.
 * An engine made while `globalThis.crossOriginIsolated` is false (as on a browser page
 * without COOP/COEP) copies matrices to the workers instead of sharing memory.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sources from '../index.js';
import { CounterRandom, InvalidInputError, type Engine } from '../index.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BUNDLE = join(ROOT, 'dist/index.js');
const WORKER = join(ROOT, 'dist/cpu-thread-worker.js');
const SOURCES = ['engine', 'host', 'shaders', 'index.ts', 'scripts/build.mjs'];

/** Newest modification time under `path` (a file or a folder, recursively). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function bundleIsStale(): boolean {
  try {
    const built = Math.min(statSync(BUNDLE).mtimeMs, statSync(WORKER).mtimeMs);
    return built < Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
  } catch {
    return true;
  }
}

/** Column-major draws as a row-major matrix of `rows` × `cols` standard normals. */
function normals(rows: number, cols: number, seed: number): { data: Float64Array; rows: number; cols: number } {
  const random = new CounterRandom(seed);
  return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => random.normal(i)) };
}

/** The bytes of a typed array: equal bytes = identical bits (−0, NaN payloads included). */
function bits(a: Float64Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

let bundle: typeof sources;
let one: Engine;
let two: Engine;

beforeAll(async () => {
  if (bundleIsStale()) execFileSync(process.execPath, ['scripts/build.mjs', '--no-types'], { cwd: ROOT, stdio: 'inherit' });
  bundle = (await import(pathToFileURL(BUNDLE).href)) as typeof sources;
  one = await bundle.createEngine({ backend: 'cpu', threads: 1 });
  two = await bundle.createEngine({ backend: 'cpu', threads: 2 });
});

afterAll(() => {
  one?.dispose();
  two?.dispose();
});

describe('knn with threads: 2', () => {
  const cases = [
    { name: 'k-d tree path (d = 3)', cols: 3 },
    { name: 'tiled path (d = 16)', cols: 16 },
  ];
  for (const { name, cols } of cases) {
    for (const metric of ['euclidean', 'chebyshev'] as const) {
      it(`${name}, ${metric}: a matrix against itself and separate queries, bit for bit`, async () => {
        const x = normals(1201, cols, 1);
        const queries = normals(701, cols, 2);
        for (const options of [{ k: 5, metric }, { k: 4, metric, queries }, { k: 3, metric, excludeSelf: false }]) {
          const [a, b] = await Promise.all([one.knn(x, options), two.knn(x, options)]);
          expect(bits(b.distances)).toEqual(bits(a.distances));
          expect(bits(b.indices)).toEqual(bits(a.indices));
        }
      });
    }
  }

  it('ties (repeated rows) resolve to the same lower indices', async () => {
    const base = normals(300, 12, 3);
    const x = { rows: 900, cols: 12, data: new Float64Array(900 * 12) };
    for (let t = 0; t < 3; t++) x.data.set(base.data, t * base.data.length);
    const [a, b] = [await one.knn(x, { k: 4 }), await two.knn(x, { k: 4 })];
    expect(bits(b.indices)).toEqual(bits(a.indices));
    expect(bits(b.distances)).toEqual(bits(a.distances));
  });
});

describe('estimators with threads: 2 equal threads: 1', () => {
  it('mutualInformation ksg1 with permutations, ksg2, wide ksg1 (batched knn and counts)', async () => {
    const x = normals(900, 1, 4), noise = normals(900, 1, 5);
    const y = { ...x, data: x.data.map((v, i) => 0.6 * v + noise.data[i]) };
    for (const options of [{ k: 3, permutations: 9, seed: 7 }, { method: 'ksg2' as const, k: 4 }]) {
      expect(await two.mutualInformation(x, y, options)).toEqual(await one.mutualInformation(x, y, options));
    }
    const wx = normals(700, 10, 6), wy = normals(700, 10, 8);
    expect(await two.mutualInformation(wx, wy, { k: 3 })).toEqual(await one.mutualInformation(wx, wy, { k: 3 }));
  });

  it('conditionalMutualInformation (single countWithin, k-d tree and tiled), entropy, divergence', async () => {
    const x = normals(800, 2, 9), y = normals(800, 2, 10);
    for (const zCols of [2, 9]) {
      const z = normals(800, zCols, 11);
      expect(await two.conditionalMutualInformation(x, y, z)).toEqual(await one.conditionalMutualInformation(x, y, z));
    }
    const wide = normals(1000, 12, 12);
    expect(await two.entropy(wide, { k: 3 })).toEqual(await one.entropy(wide, { k: 3 }));
    const q = normals(900, 12, 13);
    expect(await two.divergence(wide, q)).toEqual(await one.divergence(wide, q));
  });

  it('sinkhorn (threaded softmin: balanced, p = 1, unbalanced)', async () => {
    // 520 × 530 pairs: above the size below which calls stay on the calling thread.
    const x = normals(520, 3, 14), y = normals(530, 3, 15);
    // Without stored kernels every softmin is split over the workers; with them (the default)
    // the builds and products run on the calling thread and only the mean-cost softmin is split.
    const [oneOnline, twoOnline] = await Promise.all([1, 2].map((threads) => bundle.createEngine({ backend: 'cpu', threads, sinkhornKernelBytes: 0 })));
    try {
      for (const options of [{ blur: 1 }, { blur: 1, p: 1 as const, reach: 2 }]) {
        expect(await two.sinkhorn(x, y, options)).toEqual(await one.sinkhorn(x, y, options));
        expect(await twoOnline.sinkhorn(x, y, options)).toEqual(await oneOnline.sinkhorn(x, y, options));
      }
    } finally {
      oneOnline.dispose();
      twoOnline.dispose();
    }
  });

  it('gram sums (threaded: row sums, and symmetric forms by row groups): mmd, energyDistance, hsic, cauchySchwarz', async () => {
    // 520 + 530 rows: above the split size, and neither a multiple of the 64-row groups.
    const x = normals(520, 3, 14), y = normals(530, 3, 15), z = normals(520, 2, 16);
    expect(await two.mmd(x, y, { permutations: 9, seed: 1 })).toEqual(await one.mmd(x, y, { permutations: 9, seed: 1 }));
    expect(await two.mmd(x, y, { estimator: 'biased', bandwidth: [0.5, 2] })).toEqual(await one.mmd(x, y, { estimator: 'biased', bandwidth: [0.5, 2] }));
    expect(await two.energyDistance(x, y)).toEqual(await one.energyDistance(x, y));
    expect(await two.hsic(x, z, { permutations: 4, seed: 3 })).toEqual(await one.hsic(x, z, { permutations: 4, seed: 3 }));
    expect(await two.cauchySchwarz(x, y)).toEqual(await one.cauchySchwarz(x, y));
  });
});

describe('threads: 2 without shared memory (matrices copied to the workers)', () => {
  let copying: Engine;

  beforeAll(async () => {
    const scope = globalThis as { crossOriginIsolated?: boolean };
    scope.crossOriginIsolated = false;
    try {
      copying = await bundle.createEngine({ backend: 'cpu', threads: 2 });
    } finally {
      delete scope.crossOriginIsolated;
    }
  });

  afterAll(() => copying?.dispose());

  it('knn, mutualInformation with permutations and sinkhorn equal threads: 1 bit for bit', async () => {
    const x = normals(700, 3, 16), queries = normals(500, 3, 17);
    for (const options of [{ k: 4 }, { k: 3, metric: 'chebyshev' as const, queries }]) {
      const [a, b] = [await one.knn(x, options), await copying.knn(x, options)];
      expect(bits(b.distances)).toEqual(bits(a.distances));
      expect(bits(b.indices)).toEqual(bits(a.indices));
    }
    const u = normals(700, 1, 18), noise = normals(700, 1, 19);
    const v = { ...u, data: u.data.map((value, i) => 0.6 * value + noise.data[i]) };
    const options = { k: 3, permutations: 5, seed: 3 };
    expect(await copying.mutualInformation(u, v, options)).toEqual(await one.mutualInformation(u, v, options));
    const source = normals(520, 2, 20), target = normals(530, 2, 21);
    expect(await copying.sinkhorn(source, target, { blur: 1 })).toEqual(await one.sinkhorn(source, target, { blur: 1 }));
  });
});

describe('threads option', () => {
  it('rejects values that are not integers ≥ 1 with InvalidInputError naming options.threads', async () => {
    for (const threads of [0, -1, 1.5, Number.NaN, '2']) {
      const attempt = sources.createEngine({ backend: 'cpu', threads: threads as number });
      await expect(attempt).rejects.toBeInstanceOf(InvalidInputError);
      await expect(attempt).rejects.toMatchObject({ argument: 'options.threads', code: 'BAD_INTEGER' });
    }
  });

  it('dispose() terminates the workers: a script that disposes its engine exits', () => {
    const script = `import { createEngine } from ${JSON.stringify(pathToFileURL(BUNDLE).href)};
      const engine = await createEngine({ backend: 'cpu', threads: 2 });
      const x = { rows: 1000, cols: 2, data: Float64Array.from({ length: 2000 }, (_, i) => Math.sin(i)) };
      const lists = await engine.knn(x, { k: 2 });
      engine.dispose();
      console.log(lists.rows);`;
    const dir = mkdtempSync(join(tmpdir(), 'infogpu-threads-'));
    writeFileSync(join(dir, 'dispose.mjs'), script);
    const run = spawnSync(process.execPath, [join(dir, 'dispose.mjs')], { encoding: 'utf8', timeout: 20_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('1000');
  });
});
