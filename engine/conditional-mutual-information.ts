/**
 * Conditional mutual information I(X; Y | Z) by the Frenzel–Pompe estimator (Phys. Rev.
 * Lett. 99, 204101, 2007), the KSG1 construction conditioned on Z, max-norm everywhere:
 *
 *   Î = ψ(k) − ⟨ψ(n_xz + 1) + ψ(n_yz + 1) − ψ(n_z + 1)⟩
 *
 * ε_i = distance to the k-th neighbour of (x_i, z_i, y_i) in the joint max-norm; n_s(i) =
 * #{ j ≠ i : ‖s_j − s_i‖∞ < ε_i } (strict) in the subspace s. The joint sample is uploaded
 * once with columns ordered [x | z | y], so xz, z and zy are each one column range.
 */
import type { Backend, ColumnRange } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreColumns, concatColumns } from './host-matrix.js';
import { kthDistances, meanDigammaOfStrictCounts } from './neighbour-radii.js';
import { checkOptionKeys, logBase, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { digamma } from './special-functions.js';

export interface ConditionalMutualInformationOptions {
  /** Neighbour order, default 3. */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
}

const CMI_OPTIONS = ['k', 'base'] as const;

export async function conditionalMutualInformationFrenzelPompe(
  backend: Backend,
  x: Samples,
  y: Samples,
  z: Samples,
  options: ConditionalMutualInformationOptions = {},
): Promise<InformationEstimate> {
  checkOptionKeys(options, CMI_OPTIONS, 'conditionalMutualInformation');
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const xm = toHostMatrix(x, 'x'), ym = toHostMatrix(y, 'y'), zm = toHostMatrix(z, 'z');
  for (const [m, name] of [[ym, 'y'], [zm, 'z']] as const) {
    if (m.rows !== xm.rows) throw new InvalidInputError('ROW_MISMATCH', name, `has ${m.rows} rows but x has ${xm.rows}; x, y and z must be paired row by row`);
  }
  const n = xm.rows;
  if (n <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);
  const xz: ColumnRange = [0, xm.cols + zm.cols];
  const zOnly: ColumnRange = [xm.cols, xm.cols + zm.cols];
  const zy: ColumnRange = [xm.cols, xm.cols + zm.cols + ym.cols];
  const joint = await backend.upload(centreColumns(concatColumns([xm, zm, ym])));
  try {
    const radii = kthDistances(await backend.knn(joint, joint, { k, metric: 'chebyshev', excludeSelf: true }));
    const value =
      digamma(k) -
      (await meanDigammaOfStrictCounts(backend, joint, radii, xz)) -
      (await meanDigammaOfStrictCounts(backend, joint, radii, zy)) +
      (await meanDigammaOfStrictCounts(backend, joint, radii, zOnly));
    return { value: value * scale, unit, method: 'frenzel-pompe', backend: backend.kind, n, k };
  } finally {
    backend.release(joint);
  }
}
