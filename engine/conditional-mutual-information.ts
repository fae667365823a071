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
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
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
  const value = await frenzelPompe(backend, xm, ym, zm, k);
  return { value: value * scale, unit, method: 'frenzel-pompe', backend: backend.kind, n, k };
}

/** Î(X; Y | Z) in nats for validated, paired matrices with more than k rows. */
export async function frenzelPompe(backend: Backend, x: HostMatrix, y: HostMatrix, z: HostMatrix, k: number): Promise<number> {
  const xz: ColumnRange = [0, x.cols + z.cols];
  const zOnly: ColumnRange = [x.cols, x.cols + z.cols];
  const zy: ColumnRange = [x.cols, x.cols + z.cols + y.cols];
  const joint = await backend.upload(centreColumns(concatColumns([x, z, y])));
  try {
    const radii = kthDistances(await backend.knn(joint, joint, { k, metric: 'chebyshev', excludeSelf: true }));
    return (
      digamma(k) -
      (await meanDigammaOfStrictCounts(backend, joint, radii, xz)) -
      (await meanDigammaOfStrictCounts(backend, joint, radii, zy)) +
      (await meanDigammaOfStrictCounts(backend, joint, radii, zOnly))
    );
  } finally {
    backend.release(joint);
  }
}
