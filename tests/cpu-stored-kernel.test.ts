/**
 * Stored Sinkhorn kernels of the CPU backend (engine/cpu-stored-kernel.ts,
 * engine/cpu-kernel-cache.ts): softmins from a stored kernel, in both directions and after
 * the potential has moved, against the exact online softmin of a backend that stores none
 * (kernelBytes: 0); the absorption test that refuses a sum it cannot trust; kernels at
 * ε/R made as powers of the kernel at ε; whole Sinkhorn
 * solves with and without stored kernels; the memory accounting and the budget.
 *
 * Tolerance: a stored-kernel softmin is the same sum as the exact one, its terms factored
 * as K_ij·e^{d_j − s} instead of e^{h_j − C_ij/ε − M_i}; each term differs by a few float64
 * roundings (relative ~1e-15), so potentials agree to 1e-12·(1 + |f|).
 */
import { describe, expect, it } from 'vitest';
import type { MatrixHandle, VectorHandle } from '../engine/backend.js';
import { CpuBackend } from '../engine/cpu-backend.js';
import { cpuSoftmin } from '../engine/cpu-softmin.js';
import { StoredKernel } from '../engine/cpu-stored-kernel.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import { CounterRandom } from '../engine/random.js';
import { createEngine, InvalidInputError } from '../index.js';

function gaussian(n: number, d: number, seed: number, shift = 0): HostMatrix {
  const r = new CounterRandom(seed, 11);
  return { rows: n, cols: d, data: Float64Array.from({ length: n * d }, (_, i) => shift + r.normal(i)) };
}

function closeTo(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected[i])));
}

/** The same softmin sequence on two backends; the outputs of every step, side by side. */
async function softminSequence(backend: CpuBackend, x: HostMatrix, y: HostMatrix, eps: number, potentials: Float64Array[]) {
  const X = await backend.upload(x), Y = await backend.upload(y);
  const logA = await backend.uploadVector(new Float64Array(x.rows).fill(-Math.log(x.rows)));
  const logB = await backend.uploadVector(new Float64Array(y.rows).fill(-Math.log(y.rows)));
  const outputs: Float64Array[] = [];
  const run = async (query: MatrixHandle, reference: MatrixHandle, logWeights: VectorHandle, potential: Float64Array, rows: number) => {
    const g = await backend.uploadVector(potential), out = await backend.uploadVector(new Float64Array(rows));
    await backend.softmin(query, reference, { p: 2, eps, logWeights, potential: g, output: out });
    const [values] = await backend.readVectors([out]);
    backend.release(g);
    backend.release(out);
    return values;
  };
  for (const potential of potentials) {
    // Over y (a potential on y) for the rows of x, then over x for the rows of y (the transposed use).
    outputs.push(await run(X, Y, logB, potential.subarray(0, y.rows), x.rows));
    outputs.push(await run(Y, X, logA, potential.subarray(0, x.rows), y.rows));
  }
  return outputs;
}

describe('stored Sinkhorn kernels on the CPU backend', () => {
  const x = gaussian(70, 3, 1), y = gaussian(90, 3, 2, 0.5);
  const r = new CounterRandom(9, 3);
  /** Potentials on both sides: a first one, then moves of growing size (the later ones force absorptions). */
  const potentials = [0, 0.05, 0.3, 2, 40].map((size, t) => Float64Array.from({ length: 90 }, (_, i) => size * r.normal(100 * t + i)));

  it('equal the exact softmin in both directions, as the potential moves (ε = 0.05 and 1)', async () => {
    for (const eps of [0.05, 1]) {
      const backend = new CpuBackend();
      const stored = await softminSequence(backend, x, y, eps, potentials);
      expect(backend.stats().peakBytes).toBeGreaterThanOrEqual(8 * 70 * 90);
      const exact = await softminSequence(new CpuBackend({ kernelBytes: 0 }), x, y, eps, potentials);
      stored.forEach((values, t) => closeTo(values, exact[t]));
    }
  });

  it('refuse a sum whose mass lies among underflowed terms (the caller then rebuilds)', () => {
    const eps = 0.01, m = y.rows;
    const logB = new Float64Array(m).fill(-Math.log(m));
    const values = new Float64Array(x.rows * m), rowMax = new Float64Array(x.rows), output = new Float64Array(x.rows);
    const g = new Float64Array(m);
    cpuSoftmin({ query: x, reference: y, c0: 0, c1: 3, p: 2, eps, logWeights: logB, potential: g, output, meanCost: undefined, kernel: { values, rowMax } });
    const kernel = new StoredKernel(x.rows, m, eps, values, rowMax, logB.slice());
    expect(kernel.softminOverColumns(logB, g, new Float64Array(x.rows))).toBe(true);
    // The transposed use: over the kernel's rows, for the points of y, against the exact softmin.
    const logA = new Float64Array(x.rows).fill(-Math.log(x.rows));
    const f = Float64Array.from({ length: x.rows }, (_, i) => 0.02 * r.normal(5000 + i));
    const overRows = new Float64Array(m), exact = new Float64Array(m);
    expect(kernel.softminOverRows(logA, f, overRows)).toBe(true);
    cpuSoftmin({ query: y, reference: x, c0: 0, c1: 3, p: 2, eps, logWeights: logA, potential: f, output: exact, meanCost: undefined });
    closeTo(overRows, exact);
    // Raise the potential of the reference point farthest from query row 0 by far more than its
    // cost gap: row 0's mass moves onto a term stored as ~e^{−(C − C_min)/ε} < e^{−708}.
    let far = 0;
    for (let j = 0; j < m; j++) if (distance2(x, 0, y, j) > distance2(x, 0, y, far)) far = j;
    const moved = g.slice();
    moved[far] = 20;
    expect(values[far]).toBeLessThan(Math.exp(-708));
    expect(kernel.softminOverColumns(logB, moved, new Float64Array(x.rows))).toBe(false);
  });

  it('at ε/R are the R-th power of the kernel at ε (R = 4 and 2), within the stated error budget', () => {
    const m = y.rows, logB = new Float64Array(m).fill(-Math.log(m));
    const g = Float64Array.from({ length: m }, (_, j) => 0.1 * r.normal(7000 + j));
    const build = (eps: number) => {
      const values = new Float64Array(x.rows * m), rowMax = new Float64Array(x.rows);
      cpuSoftmin({ query: x, reference: y, c0: 0, c1: 3, p: 2, eps, logWeights: logB, potential: g, output: new Float64Array(x.rows), meanCost: undefined, kernel: { values, rowMax } });
      return new StoredKernel(x.rows, m, eps, values, rowMax, logB.map((w, j) => w + g[j] * (1 / eps)));
    };
    for (const [eps, power] of [[0.8, 4], [0.3, 2]] as const) {
      let kernel = build(eps);
      for (let step = 1; step <= 2; step++) {
        const powered = kernel.powerInPlace(eps / power ** step);
        expect(powered).toBeDefined();
        kernel = powered!;
        // The products at ε/R^step against the exact softmin there, with a potential that moved.
        const moved = g.map((v, j) => v + 0.01 * r.normal(8000 + j));
        const fromPower = new Float64Array(x.rows), exact = new Float64Array(x.rows);
        expect(kernel.softminOverColumns(logB, moved, fromPower)).toBe(true);
        cpuSoftmin({ query: x, reference: y, c0: 0, c1: 3, p: 2, eps: kernel.eps, logWeights: logB, potential: moved, output: exact, meanCost: undefined });
        closeTo(fromPower, exact);
      }
    }
    // Not an integer ratio, or past MAX_ROUNDINGS = 100 (1 → 5 → 21 → 85 → 341 with R = 4): no power.
    expect(build(0.5).powerInPlace(0.3)).toBeUndefined();
    let chained = build(6.4);
    for (const eps of [1.6, 0.4, 0.1]) chained = chained.powerInPlace(eps)!;
    expect(chained.roundings).toBe(85);
    expect(chained.powerInPlace(0.025)).toBeUndefined();
  });

  it('give the same Sinkhorn solve as online softmins (values, iterations, potentials)', async () => {
    const big = gaussian(300, 2, 5), other = gaussian(250, 2, 6, 1);
    const solve = async (sinkhornKernelBytes: number) => {
      const engine = await createEngine({ backend: 'cpu', sinkhornKernelBytes });
      const result = await engine.sinkhorn(big, other, { blur: 0.2, tol: 1e-7, potentials: true });
      const stats = engine.stats();
      engine.dispose();
      return { result, stats };
    };
    const stored = await solve(2 ** 28), online = await solve(0);
    expect(stored.result.iterations).toBe(online.result.iterations);
    expect(stored.result.annealingSteps).toBe(online.result.annealingSteps);
    for (const key of ['value', 'otEps', 'transportCost'] as const) expect(Math.abs(stored.result[key] - online.result[key])).toBeLessThan(1e-11);
    closeTo(stored.result.potentials!.fBa, online.result.potentials!.fBa);
    // Memory: the stored kernels at their largest (x ↔ y and one self-problem at a time) against O(n + m).
    expect(stored.stats.peakBytes).toBeGreaterThanOrEqual(8 * 300 * 250);
    expect(online.stats.peakBytes).toBeLessThan(8 * 300 * 250);
    expect(stored.stats.liveBytes).toBe(0);
  });

  it('store nothing past the budget', async () => {
    const engine = await createEngine({ backend: 'cpu', sinkhornKernelBytes: 8 * 100 * 100 });
    await engine.sinkhorn(gaussian(200, 2, 7), gaussian(200, 2, 8), { blur: 0.3 });
    expect(engine.stats().peakBytes).toBeLessThan(8 * 200 * 200);
    engine.dispose();
  });

  it('reject a bad budget, naming the option', async () => {
    for (const bad of [-1, 1.5, Number.NaN, '1']) {
      await expect(createEngine({ backend: 'cpu', sinkhornKernelBytes: bad as number })).rejects.toSatisfy((e: unknown) => e instanceof InvalidInputError && e.argument === 'options.sinkhornKernelBytes');
    }
  });
});

function distance2(a: HostMatrix, i: number, b: HostMatrix, j: number): number {
  let s = 0;
  for (let c = 0; c < a.cols; c++) s += (a.data[i * a.cols + c] - b.data[j * b.cols + c]) ** 2;
  return s;
}
