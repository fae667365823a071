/**
 * Every public Engine call that runs on a backend (and so takes `signal` and `onProgress`),
 * each on a small seeded input: the table the progress, abort, leak and concurrency tests
 * walk. A call added to the Engine belongs here too.
 */
import type { Engine } from '../../engine/engine.js';
import type { ProgressOptions } from '../../engine/progress.js';
import { sampleCorrelatedGaussian } from '../../engine/sample-gaussian.js';
import { gaussianRows } from './gaussian-samples.js';

export interface LongCall {
  readonly name: string;
  /** Runs the call with `extra` merged into its options; resolves with a comparable summary of the result. */
  readonly invoke: (engine: Engine, extra: ProgressOptions) => Promise<{ value: number; backend?: string }>;
}

/** The calls at size n (≥ 40), data seeded by `seed`. */
export function longCalls(n: number, seed = 1): LongCall[] {
  const { x, y } = sampleCorrelatedGaussian(n, 0.6, seed);
  const z = sampleCorrelatedGaussian(n, 0.3, seed + 1).y;
  const p = gaussianRows(n, 2, seed + 2);
  const q = gaussianRows(n, 2, seed + 3, 0.5);
  const logits = gaussianRows(8, 16, seed + 4);
  const logits2 = gaussianRows(8, 16, seed + 5);
  const labels = Array.from({ length: n }, (_, i) => (x[i] > 0 ? 1 : 0));
  const histogram = (shift: number) => Array.from({ length: 3 }, (_, t) => normalised(Array.from({ length: 5 }, (_, j) => 1 + ((j + t + shift) % 4))));
  const [histograms, histograms2] = [histogram(0), histogram(1)];
  const costs = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => Math.abs(i - j)));
  const first = (r: { distances: Float64Array }) => ({ value: r.distances[0] });
  return [
    { name: 'knn', invoke: (e, o) => e.knn(p, { k: 3, ...o }).then(first) },
    { name: 'entropy', invoke: (e, o) => e.entropy(p, o) },
    { name: 'mutualInformation', invoke: (e, o) => e.mutualInformation(x, y, { permutations: 5, ...o }) },
    { name: 'mutualInformation ross', invoke: (e, o) => e.mutualInformation(x, labels, { method: 'ross', ...o }) },
    { name: 'conditionalMutualInformation', invoke: (e, o) => e.conditionalMutualInformation(x, y, z, o) },
    { name: 'mutualInformationColumns', invoke: (e, o) => e.mutualInformationColumns(p, y, o).then((r) => ({ value: r.values[0], backend: r.backend })) },
    { name: 'totalCorrelation', invoke: (e, o) => e.totalCorrelation([x, y, z], o) },
    { name: 'dualTotalCorrelation', invoke: (e, o) => e.dualTotalCorrelation([x, y, z], o) },
    { name: 'oInformation', invoke: (e, o) => e.oInformation([x, y, z], o) },
    { name: 'transferEntropy', invoke: (e, o) => e.transferEntropy(x, y, o) },
    { name: 'divergence', invoke: (e, o) => e.divergence(p, q, o) },
    { name: 'rowDivergence', invoke: (e, o) => e.rowDivergence(logits, logits2, o) },
    { name: 'mmd', invoke: (e, o) => e.mmd(p, q, { permutations: 5, ...o }) },
    { name: 'energyDistance', invoke: (e, o) => e.energyDistance(p, q, o) },
    { name: 'hsic', invoke: (e, o) => e.hsic(x, y, o) },
    { name: 'cauchySchwarz', invoke: (e, o) => e.cauchySchwarz(p, q, o) },
    { name: 'matrixEntropy', invoke: (e, o) => e.matrixEntropy(p, { alpha: 2, ...o }) },
    { name: 'matrixMutualInformation', invoke: (e, o) => e.matrixMutualInformation(x, y, { alpha: 2, ...o }) },
    { name: 'sinkhorn', invoke: (e, o) => e.sinkhorn(p, q, { blur: 0.5, tol: 1e-4, ...o }) },
    { name: 'mauve', invoke: (e, o) => e.mauve(p, q, { restarts: 1, maxIter: 20, ...o }) },
    { name: 'wassersteinDependency', invoke: (e, o) => e.wassersteinDependency(x, y, { blur: 0.5, tol: 1e-4, ...o }) },
    { name: 'discreteSinkhorn', invoke: (e, o) => e.discreteSinkhorn(histograms, histograms2, costs, { eps: 0.5, ...o }) },
  ];
}

function normalised(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / total);
}
