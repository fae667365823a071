/**
 * The public `wassersteinDependency(x, y, options)` call: a transport measure of the
 * dependence of paired rows (x_i, y_i), the debiased Sinkhorn divergence between the joint
 * sample and a seeded product sample,
 *
 *   T(x, y) = S_ε( {(x_i, y_i)}_i , {(x_i, y_σ(i))}_i ),   σ = FeistelPermutation(n, seed, PRODUCT_STREAM),
 *
 * S_ε of sinkhorn.ts (cost ‖·‖^p / p on the concatenated rows [x | y], ε = blur^p). Under
 * independence the two clouds come from the same law and T is near 0 (of the order of the
 * sampling error); dependence moves it up. Columns enter the cost as given: put x and y on
 * comparable scales first. `permutations: P` adds pValue = (1 + #{T_p ≥ T})/(1 + P) with
 * T_p = T(x, y∘π_p), π_p = FeistelPermutation(n, seed, PERMUTATION_STREAM + p): y is
 * relabelled in both clouds (the product sample becomes (x_i, y_π(σ(i)))), so under
 * independence T and the T_p are exchangeable and the p-value is exact. Every solve runs
 * on the backend. Reference: Feydy et al., AISTATS 2019 (S_ε); Nies, Staudt & Munk,
 * "Transport dependency" (2021), for transport-based dependence measures.
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import { concatColumns, selectRows, type HostMatrix } from './host-matrix.js';
import { parseInference, PERMUTATION_STREAM } from './inference.js';
import { checkOptionKeys } from './options.js';
import { FeistelPermutation } from './random-permutation.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import type { SinkhornResult, WassersteinDependencyEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { sinkhorn, type SinkhornOptions } from './sinkhorn.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface WassersteinDependencyOptions extends Pick<SinkhornOptions, 'p' | 'blur' | 'scaling' | 'tol' | 'maxIter'>, ProgressOptions {
  /** Permutations for a p-value (0 or absent: none). */
  permutations?: number;
  /** Seed of the product sample's permutation σ and of the null permutations (default 0). */
  seed?: number;
}

const DEPENDENCY_OPTIONS = ['p', 'blur', 'scaling', 'tol', 'maxIter', 'permutations', 'seed', ...PROGRESS_OPTIONS] as const;
/** Random stream of the product sample's permutation σ. */
export const PRODUCT_STREAM = 0x48000;

export async function wassersteinDependency(backend: Backend, x: Samples, y: Samples, options: WassersteinDependencyOptions = {}): Promise<WassersteinDependencyEstimate> {
  checkOptionKeys(options, DEPENDENCY_OPTIONS, 'wassersteinDependency');
  const { permutations, seed } = parseInference({ permutations: options.permutations, seed: options.seed });
  const xm = toHostMatrix(x, 'x'), ym = toHostMatrix(y, 'y');
  requireHostValues([xm, ym], "the product sample pairs x with y's rows permuted, which are gathered on the host");
  if (xm.rows !== ym.rows) throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${ym.rows} rows but x has ${xm.rows}; the rows must be paired`);
  const n = xm.rows;
  if (n < 2) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} row; a product sample needs at least 2`);
  const sinkhornOptions: SinkhornOptions = { p: options.p, blur: options.blur, scaling: options.scaling, tol: options.tol, maxIter: options.maxIter, signal: options.signal };
  const sigma = new FeistelPermutation(n, seed, PRODUCT_STREAM).table();

  /** T(x, y∘π): S_ε between (x_i, y_π(i)) and (x_i, y_π(σ(i))). */
  const statistic = (pi: Int32Array | null): Promise<SinkhornResult> => {
    const yPi = pi ? selectRows(ym, pi) : ym;
    return sinkhorn(backend, pairRows(xm, yPi), pairRows(xm, selectRows(yPi, sigma)), sinkhornOptions);
  };
  const observed = await statistic(null);
  const solves = [observed];
  let pValue: number | null = null;
  if (permutations > 0) {
    let above = 0;
    for (let t = 0; t < permutations; t++) {
      const nullSolve = await statistic(new FeistelPermutation(n, seed, PERMUTATION_STREAM + t).table());
      solves.push(nullSolve);
      if (nullSolve.value >= observed.value) above++;
    }
    pValue = (1 + above) / (1 + permutations);
  }
  const converged = solves.every((s) => s.converged);
  return {
    value: observed.value,
    method: 'sinkhorn-divergence',
    backend: backend.kind,
    n,
    eps: observed.eps,
    p: observed.p,
    pValue,
    converged,
    marginalError: solves.reduce((m, s) => Math.max(m, s.marginalError), 0),
    warnings: converged ? [] : [`${solves.filter((s) => !s.converged).length} of ${solves.length} Sinkhorn solves did not reach tol; raise maxIter, tol or blur`],
  };
}

function pairRows(x: HostMatrix, y: HostMatrix): HostMatrix {
  return concatColumns([x, y]);
}
