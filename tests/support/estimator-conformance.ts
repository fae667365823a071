/**
 * Every public estimator on two engines (WebGPU and the float64 CPU) with identical
 * seeded inputs: plain async functions with no test framework, so the same cases run
 * under vitest (Node, Dawn) and inside a Chromium page.
 *
 * Tolerance: |gpu − cpu| ≤ 2e-3 (absolute, nats or the measure's own scale) for every
 * value. The GPU rounds centred inputs to f32: log-distances move by ~1e-7, and a
 * neighbour count changes only when a point lies within f32 rounding of a radius, which
 * moves a mean of ψ by ~1/(N·n) — both far below the bound at these sizes.
 * Inputs are offset by 10⁴ where the estimator is translation-invariant (centring).
 * Sizes are for SwiftShader (≈ 0.4 GFLOP/s): n ≤ 1,200.
 * A case may state its own absolute `tolerance`: the kernel statistics (mmd,
 * energyDistance, hsic: values of order 1e-3 … 1e-1, f32 error ~1e-6 of the kernel's
 * scale) use KERNEL_TOLERANCE, and their p-values (listed among the values) must be equal.
 */
import type { Engine } from '../../engine/engine.js';
import { CounterRandom } from '../../engine/random.js';

export const ESTIMATOR_TOLERANCE = 2e-3;
export const KERNEL_TOLERANCE = 1e-5;
/**
 * mauve: the host computes everything but the nearest-centroid assignments, from the same
 * seeded initialisations, so identical assignments give bit-identical results. An f32
 * near-tie (a row within f32 rounding of two centroids) would move one row between
 * clusters and change MAUVE by ~1/n or more; these inputs have none, so the bound is 1e-12.
 */
export const MAUVE_TOLERANCE = 1e-12;

export interface EstimatorCase {
  readonly name: string;
  /** The value(s) the case compares. */
  readonly run: (engine: Engine) => Promise<number[]>;
  /** Absolute bound on |gpu − cpu| for every value; default ESTIMATOR_TOLERANCE. */
  readonly tolerance?: number;
}

export interface EstimatorComparison {
  readonly name: string;
  readonly cpu: number[];
  readonly gpu: number[];
  readonly maxError: number;
  readonly tolerance: number;
  readonly pass: boolean;
}

type Rows = { data: Float64Array; rows: number; cols: number };

function gaussian(n: number, d: number, seed: number, offset = 0, scale = 1): Rows {
  const r = new CounterRandom(seed, 11);
  return { data: Float64Array.from({ length: n * d }, (_, i) => offset + scale * r.normal(i)), rows: n, cols: d };
}

/** y = 0.7·x[:, 0] + noise, offset by `offset`. */
function dependent(x: Rows, seed: number, offset: number): Rows {
  const r = new CounterRandom(seed, 12);
  const data = Float64Array.from({ length: x.rows }, (_, i) => offset + 0.7 * (x.data[i * x.cols] - mean(x, 0)) + 0.6 * r.normal(i));
  return { data, rows: x.rows, cols: 1 };
}

function mean(x: Rows, c: number): number {
  let s = 0;
  for (let i = 0; i < x.rows; i++) s += x.data[i * x.cols + c];
  return s / x.rows;
}

function labels(n: number, classes: number, seed: number): number[] {
  const r = new CounterRandom(seed, 13);
  return Array.from({ length: n }, (_, i) => Math.floor(classes * r.uniform(i)));
}

const x2 = () => gaussian(900, 2, 1, 1e4);
const one = async (p: Promise<{ value: number }>) => [(await p).value];

export const estimatorCases: readonly EstimatorCase[] = [
  { name: 'mutualInformation ksg1, offset 1e4', run: (e) => { const x = x2(); return one(e.mutualInformation(x, dependent(x, 2, -1e4))); } },
  { name: 'mutualInformation ksg2, k = 5', run: (e) => { const x = x2(); return one(e.mutualInformation(x, dependent(x, 2, -1e4), { method: 'ksg2', k: 5 })); } },
  { name: 'mutualInformation copula-ksg, k = 3 (max of Gaussian-copula and rank-Gaussian KSG2)', run: (e) => { const x = gaussian(600, 2, 21); return one(e.mutualInformation(x, dependent(x, 22, 0), { method: 'copula-ksg' })); } },
  { name: 'mutualInformation ross', run: (e) => { const y = labels(800, 3, 3); const x = y.map((c, i) => c + new CounterRandom(4).normal(i)); return one(e.mutualInformation(x, y, { method: 'ross' })); } },
  { name: 'mutualInformation mixed with repeats', run: (e) => { const y = labels(800, 4, 5); const x = y.map((c, i) => (i % 3 === 0 ? 0 : c + new CounterRandom(6).uniform(i))); return one(e.mutualInformation(y, x, { method: 'mixed' })); } },
  { name: 'mutualInformationColumns ksg1, 3 columns', run: async (e) => { const x = gaussian(700, 3, 7); return Array.from((await e.mutualInformationColumns(x, dependent(x, 8, 0))).values); } },
  { name: 'entropy kl, d = 3, offset 1e4', run: (e) => one(e.entropy(gaussian(1000, 3, 9, 1e4))) },
  { name: 'entropy renyi α = 2 and tsallis α = 0.5', run: async (e) => { const x = gaussian(900, 2, 10); return [(await e.entropy(x, { method: 'renyi', alpha: 2 })).value, (await e.entropy(x, { method: 'tsallis', alpha: 0.5 })).value]; } },
  { name: 'conditionalMutualInformation', run: (e) => { const z = gaussian(900, 1, 11); const x = dependent(z, 12, 0); const y = dependent(x, 13, 0); return one(e.conditionalMutualInformation(x, y, z)); } },
  {
    name: 'divergence kl, cross-entropy, renyi, hellinger, l2, js (n ≠ m, offset 1e4)',
    run: async (e) => {
      const p = gaussian(700, 2, 14, 1e4), q = gaussian(600, 2, 15, 1e4 + 0.5, 1.2);
      const values = [];
      for (const measure of ['kl', 'cross-entropy', 'renyi', 'hellinger', 'l2', 'js'] as const) values.push((await e.divergence(p, q, { measure })).value);
      return values;
    },
  },
  { name: 'divergence nn-ratio kl (default ensemble)', run: (e) => one(e.divergence(gaussian(600, 2, 16), gaussian(600, 2, 17, 0.5), { method: 'nn-ratio' })) },
  {
    name: 'totalCorrelation, dualTotalCorrelation, oInformation',
    run: async (e) => {
      const a = gaussian(800, 1, 18), b = dependent(a, 19, 0), c = dependent(b, 20, 0);
      return [(await e.totalCorrelation([a, b, c])).value, (await e.dualTotalCorrelation([a, b, c])).value, (await e.oInformation([a, b, c])).value];
    },
  },
  {
    name: 'transferEntropy lag 1, histories 2/1',
    run: (e) => {
      const r = new CounterRandom(21);
      const x = Float64Array.from({ length: 900 }, (_, t) => r.normal(t));
      const y = new Float64Array(900);
      for (let t = 1; t < 900; t++) y[t] = 0.5 * y[t - 1] + 0.6 * x[t - 1] + 0.5 * r.normal(1000 + t);
      return one(e.transferEntropy(x, y, { historySource: 2 }));
    },
  },
  {
    name: 'rowDivergence kl, js, renyi on logits 20×300 (temperature 2)',
    run: async (e) => {
      const r = new CounterRandom(22);
      const p = { data: Float64Array.from({ length: 6000 }, (_, i) => 3 * r.normal(i)), rows: 20, cols: 300 };
      const q = { data: p.data.map((v, i) => v + r.normal(10_000 + i)), rows: 20, cols: 300 };
      const out: number[] = [];
      for (const measure of ['kl', 'js', 'renyi'] as const) out.push(...(await e.rowDivergence(p, q, { measure, temperature: 2 })).values);
      return out;
    },
  },
  {
    name: 'mmd unbiased, biased, linear (gaussian, median bandwidth), n ≠ m, offset 1e4',
    tolerance: KERNEL_TOLERANCE,
    run: async (e) => {
      const x = gaussian(400, 2, 23, 1e4), y = gaussian(350, 2, 24, 1e4 + 0.3, 1.1);
      const out: number[] = [];
      for (const estimator of ['unbiased', 'biased', 'linear'] as const) out.push((await e.mmd(x, y, { estimator })).value);
      return out;
    },
  },
  {
    name: 'mmd laplacian unbiased with 30 permutations (value, pValue), inverse-multiquadric biased',
    tolerance: KERNEL_TOLERANCE,
    run: async (e) => {
      const x = gaussian(300, 3, 25), y = gaussian(280, 3, 26, 0.1);
      const laplacian = await e.mmd(x, y, { kernel: 'laplacian', bandwidth: 2, permutations: 30, seed: 4 });
      const imq = await e.mmd(x, y, { kernel: 'inverse-multiquadric', estimator: 'biased', bandwidth: [0.5, 2] });
      return [laplacian.value, laplacian.pValue!, imq.value];
    },
  },
  {
    name: 'energyDistance biased with 30 permutations (value, pValue), unbiased; offset 1e4',
    tolerance: KERNEL_TOLERANCE,
    run: async (e) => {
      const x = gaussian(300, 2, 27, 1e4), y = gaussian(330, 2, 28, 1e4 + 0.15);
      const biased = await e.energyDistance(x, y, { permutations: 30, seed: 6 });
      return [biased.value, biased.pValue!, (await e.energyDistance(x, y, { estimator: 'unbiased' })).value];
    },
  },
  {
    name: 'hsic biased and unbiased with 30 permutations (values, pValues), gaussian median, offset 1e4',
    tolerance: KERNEL_TOLERANCE,
    run: async (e) => {
      const x = gaussian(400, 2, 29, 1e4), y = dependent(x, 30, -1e4);
      const biased = await e.hsic(x, y, { permutations: 30, seed: 7 });
      const unbiased = await e.hsic(x, y, { estimator: 'unbiased', permutations: 30, seed: 7 });
      return [biased.value, biased.pValue!, unbiased.value, unbiased.pValue!];
    },
  },
  {
    name: 'sinkhorn S_ε (value, otEps, transportCost), blur 0.5, n ≠ m, offset 1e4',
    run: async (e) => {
      const r = await e.sinkhorn(gaussian(300, 2, 31, 1e4), gaussian(260, 2, 32, 1e4 + 0.7), { blur: 0.5, tol: 1e-5 });
      return [r.value, r.otEps, r.transportCost];
    },
  },
  {
    name: 'sinkhorn p = 1 OT_ε with weights; annealOnly S_ε',
    run: async (e) => {
      const x = gaussian(200, 3, 33), y = gaussian(220, 3, 34, 0.5);
      const a = Array.from({ length: 200 }, (_, i) => (1 + (i % 3)) / 399);
      const raw = await e.sinkhorn(x, y, { p: 1, blur: 0.4, a, debias: false, tol: 1e-5 });
      const anneal = await e.sinkhorn(x, y, { blur: 0.3, annealOnly: true });
      return [raw.value, anneal.value];
    },
  },
  {
    name: 'sinkhorn with reach (unbalanced S_ε,ρ, OT_ε,ρ, transportCost), blur 0.5, reach 1, offset 1e4',
    run: async (e) => {
      const x = gaussian(250, 2, 37, 1e4), y = gaussian(230, 2, 38, 1e4 + 0.6);
      const debiased = await e.sinkhorn(x, y, { blur: 0.5, reach: 1, tol: 1e-5 });
      const raw = await e.sinkhorn(x, y, { blur: 0.5, reach: 1, debias: false, tol: 1e-5 });
      return [debiased.value, raw.otEps, raw.transportCost];
    },
  },
  {
    name: 'discreteSinkhorn (every pair’s OT_ε and ⟨π, C⟩), 40 pairs of 12 × 9 histograms, ε = 0.05',
    run: async (e) => {
      const r = new CounterRandom(39, 14);
      const histograms = (rows: number, cols: number, offset: number) => {
        const data = Float64Array.from({ length: rows * cols }, (_, i) => Math.exp(1.5 * r.normal(offset + i)));
        for (let t = 0; t < rows; t++) {
          let sum = 0;
          for (let i = 0; i < cols; i++) sum += data[t * cols + i];
          for (let i = 0; i < cols; i++) data[t * cols + i] /= sum;
        }
        return { data, rows, cols };
      };
      const cost = { data: Float64Array.from({ length: 12 * 9 }, (_, k) => Math.abs(Math.floor(k / 9) / 11 - (k % 9) / 8) + 0.2 * r.uniform(k)), rows: 12, cols: 9 };
      const s = await e.discreteSinkhorn(histograms(40, 12, 0), histograms(40, 9, 10000), cost, { eps: 0.05, tol: 1e-5 });
      return [...s.values, ...s.transportCosts];
    },
  },
  {
    name: 'wassersteinDependency (S_ε joint vs product, with a 4-permutation p-value), n = 100',
    run: async (e) => {
      const x = gaussian(100, 1, 40, 1e4);
      const r = await e.wassersteinDependency(x, dependent(x, 41, 0), { blur: 0.4, tol: 1e-5, permutations: 4, seed: 2 });
      return [r.value, r.pValue!];
    },
  },
  {
    name: 'wasserstein1d (p = 1, 2) and slicedWasserstein (host float64 on every engine: identical)',
    tolerance: 0,
    run: async (e) => {
      const x = gaussian(300, 3, 42, 1e4), y = gaussian(280, 3, 43, 1e4 + 0.3);
      const column = (m: Rows) => Float64Array.from({ length: m.rows }, (_, i) => m.data[i * m.cols]);
      return [
        (await e.wasserstein1d(column(x), column(y))).value,
        (await e.wasserstein1d(column(x), column(y), { p: 2 })).value,
        (await e.slicedWasserstein(x, y, { projections: 64, seed: 1 })).value,
      ];
    },
  },
  {
    name: 'mauve (value, MAUVE*, frontier integral, k-means objective), n = 300, m = 260, d = 12, offset 1e4 (rows nearly parallel after L2 normalisation: a precision test)',
    tolerance: MAUVE_TOLERANCE,
    run: async (e) => {
      const r = await e.mauve(gaussian(300, 12, 35, 1e4), gaussian(260, 12, 36, 1e4 + 0.3, 1.1), { seed: 3 });
      return [r.value, r.star.value, r.frontierIntegral, r.kmeans.objective];
    },
  },
  {
    name: 'cauchySchwarz (median σ) and entropy kde / renyi-quadratic (Silverman σ)',
    run: async (e) => {
      const p = gaussian(500, 2, 23, 1e3), q = gaussian(400, 2, 24, 1e3 + 0.5);
      return [(await e.cauchySchwarz(p, q)).value, (await e.entropy(p, { method: 'kde' })).value, (await e.entropy(p, { method: 'renyi-quadratic' })).value];
    },
  },
  {
    name: 'matrixEntropy and matrixMutualInformation, α = 2 (Gram alignments)',
    run: async (e) => {
      const x = gaussian(500, 2, 25);
      const y = dependent(x, 26, 0);
      return [(await e.matrixEntropy(x, { alpha: 2 })).value, (await e.matrixMutualInformation(x, y, { alpha: 2 })).value];
    },
  },
  {
    name: 'mutualInformation infonce / nwj / dv (cosine τ = 0.2, gaussian τ = 0.5)',
    run: async (e) => {
      const x = gaussian(400, 4, 27);
      const y = { data: x.data.map((v, i) => v + 0.5 * new CounterRandom(28).normal(i)), rows: 400, cols: 4 };
      const out: number[] = [];
      for (const method of ['infonce', 'nwj', 'dv'] as const) {
        out.push((await e.mutualInformation(x, y, { method, critic: 'cosine', temperature: 0.2 })).value);
        out.push((await e.mutualInformation(x, y, { method, critic: 'gaussian', temperature: 0.5 })).value);
      }
      return out;
    },
  },
];

/** Runs every case on both engines. */
export async function compareEstimators(cpu: Engine, gpu: Engine, cases: readonly EstimatorCase[] = estimatorCases): Promise<EstimatorComparison[]> {
  const out: EstimatorComparison[] = [];
  for (const c of cases) {
    const a = await c.run(cpu);
    const b = await c.run(gpu);
    const maxError = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    const tolerance = c.tolerance ?? ESTIMATOR_TOLERANCE;
    out.push({ name: c.name, cpu: a, gpu: b, maxError, tolerance, pass: a.length === b.length && b.every(Number.isFinite) && maxError <= tolerance });
  }
  return out;
}
