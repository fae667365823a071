/**
 * Total correlation, dual total correlation and O-information of m variables X_1 … X_m
 * (each possibly multivariate; Rosas, Mediano, Gastpar & Jensen, "Quantifying high-order
 * interdependencies via multivariate extensions of the mutual information", Phys. Rev. E
 * 100, 2019), by the KSG construction generalised to many variables (Kraskov et al. 2004,
 * eq. 9): one k-th neighbour search in the joint max-norm gives ε_i, and every subset
 * entropy is taken at that same ε_i, so the log ε terms cancel exactly:
 *
 *   TC  = Σ_j H(X_j) − H(X)            ≈ (m − 1)·ψ(N) + ψ(k) − Σ_j ⟨ψ(n_j + 1)⟩
 *   DTC = Σ_j H(X_{−j}) − (m − 1)·H(X) ≈ ψ(N) + (m − 1)·ψ(k) − Σ_j ⟨ψ(n_{−j} + 1)⟩
 *   O   = TC − DTC                     (> 0 redundancy-dominated, < 0 synergy-dominated)
 *
 * n_S(i) = #{ l ≠ i : ‖s_l − s_i‖∞ < ε_i } (strict) in the subspace S. With m = 2, TC and
 * DTC both equal KSG1's I(X_1; X_2). The variables are uploaded once, twice over
 * ([X_1 … X_m X_1 … X_m]), so that each X_j and each complement X_{−j} is one column range.
 */
import type { Backend, ColumnRange } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreColumns, concatColumns, selectRows, type HostMatrix } from './host-matrix.js';
import { infer, INFERENCE_OPTIONS, parseInference, permutationTable, type InferenceOptions } from './inference.js';
import { kthDistances, meanDigammaOfStrictCounts } from './neighbour-radii.js';
import { checkOptionKeys, logBase, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, type PreparationOptions } from './sample-preparation.js';
import { toHostMatrix, type Samples } from './samples.js';
import { digamma } from './special-functions.js';

export interface MultivariateInformation {
  readonly totalCorrelation: number;
  readonly dualTotalCorrelation: number;
}

export async function multivariateInformation(backend: Backend, vars: readonly HostMatrix[], k: number): Promise<MultivariateInformation> {
  const m = vars.length, n = vars[0].rows;
  const starts: number[] = [];
  let d = 0;
  for (const v of vars) {
    starts.push(d);
    d += v.cols;
  }
  const twice = await backend.upload(centreColumns(concatColumns([...vars, ...vars])));
  try {
    const eps = kthDistances(await backend.knn(twice, twice, { k, metric: 'chebyshev', columns: [0, d], excludeSelf: true }));
    let marginals = 0, complements = 0;
    for (let j = 0; j < m; j++) {
      const own: ColumnRange = [starts[j], starts[j] + vars[j].cols];
      const rest: ColumnRange = [starts[j] + vars[j].cols, starts[j] + d];
      marginals += await meanDigammaOfStrictCounts(backend, twice, eps, own);
      complements += await meanDigammaOfStrictCounts(backend, twice, eps, rest);
    }
    return {
      totalCorrelation: (m - 1) * digamma(n) + digamma(k) - marginals,
      dualTotalCorrelation: digamma(n) + (m - 1) * digamma(k) - complements,
    };
  } finally {
    backend.release(twice);
  }
}

export type MultivariateMeasure = 'total-correlation' | 'dual-total-correlation' | 'o-information';

export interface MultivariateInformationOptions extends InferenceOptions, PreparationOptions {
  /** Neighbour order, default 3. */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
}

const MULTIVARIATE_OPTIONS = ['k', 'base', ...INFERENCE_OPTIONS, ...PREPARATION_OPTIONS] as const;

/**
 * The public calls totalCorrelation, dualTotalCorrelation and oInformation. The
 * permutation null shuffles every variable but the first with its own permutation.
 */
export async function multivariateMeasure(
  backend: Backend,
  vars: readonly Samples[],
  options: MultivariateInformationOptions,
  measure: MultivariateMeasure,
): Promise<InformationEstimate> {
  checkOptionKeys(options, MULTIVARIATE_OPTIONS, measure);
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const preparation = parsePreparation(options);
  if (!Array.isArray(vars) || vars.length < 2) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'vars', 'pass an array of at least two variables (each Samples with the same rows)');
  }
  const matrices = vars.map((v, j) => prepare(toHostMatrix(v, `vars[${j}]`), preparation, inference.seed, j));
  const n = matrices[0].rows, m = matrices.length;
  matrices.forEach((mj, j) => {
    if (mj.rows !== n) throw new InvalidInputError('ROW_MISMATCH', `vars[${j}]`, `has ${mj.rows} rows but vars[0] has ${n}; variables must be paired row by row`);
  });
  if (n <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'vars', `have ${n} rows but k = ${k}; the estimator needs more rows than k`);
  const estimate = async (ms: readonly HostMatrix[]): Promise<number> => {
    const { totalCorrelation, dualTotalCorrelation } = await multivariateInformation(backend, ms, k);
    const value = measure === 'total-correlation' ? totalCorrelation : measure === 'dual-total-correlation' ? dualTotalCorrelation : totalCorrelation - dualTotalCorrelation;
    return value * scale;
  };
  const value = await estimate(matrices);
  const { pValue, interval } = await infer(
    value,
    n,
    inference,
    (p) => estimate(matrices.map((mj, j) => (j === 0 ? mj : selectRows(mj, permutationTable(n, inference.seed, p * m + j))))),
    (rows) => estimate(matrices.map((mj) => selectRows(mj, rows))),
  );
  return { value, unit, method: 'ksg', backend: backend.kind, n, k, pValue, interval, warnings: [] };
}
