/**
 * createEngine({ backend: 'cpu', threads: 2 }) in Chromium: the CPU backend on a pool of
 * module Web Workers (engine/browser-thread-endpoint.ts). On a cross-origin-isolated page
 * (COOP/COEP) the workers read uploads from SharedArrayBuffers; on a page served without
 * them (`?not-isolated`, scripts/serve.mjs) there is no SharedArrayBuffer and uploads are
 * copied to each worker. Either way knn, the radius counts of KSG mutual information and
 * the Sinkhorn softmin must give results bit-identical to threads: 1.
 */
import { BUNDLE_PATH, type Library } from './built-library.js';
import { expect, test } from './fixtures.js';

const PAGES = [
  { name: 'cross-origin isolated (shared memory)', path: '/cpu-threads/', isolated: true },
  { name: 'not isolated (copies by postMessage)', path: '/cpu-threads/?not-isolated', isolated: false },
];

for (const { name, path, isolated } of PAGES) {
  test(`threads: 2 equals threads: 1 bit for bit, ${name}`, async ({ page }) => {
    await page.goto(path);
    const outcome = await page.evaluate(async (bundle) => {
      const library = (await import(bundle)) as Library;
      // Counts the Web Workers the engines start.
      let workersStarted = 0;
      const PageWorker = globalThis.Worker;
      globalThis.Worker = class extends PageWorker {
        constructor(...args: ConstructorParameters<typeof Worker>) {
          super(...args);
          workersStarted++;
        }
      };
      const normals = (rows: number, cols: number, seed: number) => {
        const random = new library.CounterRandom(seed);
        return { rows, cols, data: Float64Array.from({ length: rows * cols }, (_, i) => random.normal(i)) };
      };
      /** Every number and typed array of a result as hex bytes: equal strings = identical bits. */
      const bits = (value: unknown): unknown => {
        const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
        if (typeof value === 'number') return hex(new Uint8Array(Float64Array.of(value).buffer));
        if (ArrayBuffer.isView(value)) return hex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        if (Array.isArray(value)) return value.map(bits);
        if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, bits(v)]));
        return value;
      };
      // Sizes just above the number of pairs below which a call stays on the calling thread.
      const x = normals(600, 3, 1), queries = normals(500, 3, 2);
      const noise = normals(600, 1, 3), u = normals(600, 1, 4);
      const v = { ...u, data: u.data.map((value, i) => 0.6 * value + noise.data[i]) };
      const source = normals(520, 2, 5), target = normals(530, 2, 6);
      const run = async (engine: Awaited<ReturnType<Library['createEngine']>>) => {
        const started = performance.now();
        const results = {
          knnSelf: await engine.knn(x, { k: 4 }),
          knnQueries: await engine.knn(x, { k: 3, metric: 'chebyshev', queries }),
          ksg: await engine.mutualInformation(u, v, { k: 3 }),
          sinkhorn: await engine.sinkhorn(source, target, { blur: 1 }),
        };
        return { results, ms: performance.now() - started };
      };
      const one = await library.createEngine({ backend: 'cpu', threads: 1 });
      const two = await library.createEngine({ backend: 'cpu', threads: 2 });
      try {
        const [single, parallel] = [await run(one), await run(two)];
        return {
          crossOriginIsolated: globalThis.crossOriginIsolated,
          sharedMemory: typeof SharedArrayBuffer === 'function',
          workersStarted,
          sizes: { knn: single.results.knnSelf.distances.length, ksg: single.results.ksg.value, sinkhornIterations: single.results.sinkhorn.iterations },
          one: bits(single.results),
          two: bits(parallel.results),
          ms: { one: single.ms, two: parallel.ms },
        };
      } finally {
        one.dispose();
        two.dispose();
        globalThis.Worker = PageWorker;
      }
    }, BUNDLE_PATH);

    expect(outcome.crossOriginIsolated, 'the page\'s isolation').toBe(isolated);
    expect(outcome.sharedMemory, 'SharedArrayBuffer exists exactly on the isolated page').toBe(isolated);
    expect(outcome.workersStarted, 'threads: 2 starts two Web Workers').toBe(2);
    expect(outcome.sizes.knn, 'knn lists of 600 rows × 4').toBe(2400);
    expect(outcome.sizes.ksg, 'KSG sees the dependence').toBeGreaterThan(0.05);
    expect(outcome.sizes.sinkhornIterations).toBeGreaterThan(0);
    expect(outcome.two, 'threads: 2 against threads: 1, bit for bit').toEqual(outcome.one);
    console.log(`cpu threads (${name}): threads 1 ${outcome.ms.one.toFixed(0)} ms, threads 2 ${outcome.ms.two.toFixed(0)} ms`);
  });
}
