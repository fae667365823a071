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
import { centreColumns, concatColumns, selectRows, type HostMatrix } from './host-matrix.js';
import { infer, INFERENCE_OPTIONS, parseInference, PERMUTATION_STREAM, type InferenceOptions, type ParsedInference } from './inference.js';
import { localNeighbourhoods, localPermutation } from './local-permutation.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, type PreparationOptions } from './sample-preparation.js';
import { kthDistances, meanDigammaOfStrictCounts } from './neighbour-radii.js';
import { checkOptionKeys, logBase, positiveInteger } from './options.js';
import type { InformationEstimate, InformationUnit } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { digamma } from './special-functions.js';

export interface ConditionalMutualInformationOptions extends InferenceOptions, PreparationOptions {
  /** Neighbour order, default 3. */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
  /** Neighbourhood size in z of the local-permutation null (Runge 2018), default 5. */
  localNeighbours?: number;
}

const CMI_OPTIONS = ['k', 'base', 'localNeighbours', ...INFERENCE_OPTIONS, ...PREPARATION_OPTIONS] as const;

export async function conditionalMutualInformationFrenzelPompe(
  backend: Backend,
  x: Samples,
  y: Samples,
  z: Samples,
  options: ConditionalMutualInformationOptions = {},
): Promise<InformationEstimate> {
  checkOptionKeys(options, CMI_OPTIONS, 'conditionalMutualInformation');
  const k = positiveInteger(options.k ?? 3, 'k');
  const kPerm = positiveInteger(options.localNeighbours ?? 5, 'localNeighbours');
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const preparation = parsePreparation(options);
  const [xm, ym, zm] = (['x', 'y', 'z'] as const).map((name, v) => prepare(toHostMatrix({ x, y, z }[name], name), preparation, inference.seed, v));
  for (const [m, name] of [[ym, 'y'], [zm, 'z']] as const) {
    if (m.rows !== xm.rows) throw new InvalidInputError('ROW_MISMATCH', name, `has ${m.rows} rows but x has ${xm.rows}; x, y and z must be paired row by row`);
  }
  const n = xm.rows;
  if (n <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);
  if (inference.permutations > 0 && kPerm > n) throw new InvalidInputError('TOO_FEW_ROWS', 'options.localNeighbours', `is ${kPerm} but there are only ${n} rows`);
  const observed = await frenzelPompe(backend, xm, ym, zm, k);
  return finishConditional(backend, { x: xm, y: ym, z: zm }, observed, k, kPerm, inference, (v) => v * scale, unit, 'frenzel-pompe');
}

/**
 * pValue (local permutation of x given z) and interval for a Frenzel–Pompe estimate, and
 * the result object; shared with transfer entropy.
 */
export async function finishConditional(
  backend: Backend,
  data: { x: HostMatrix; y: HostMatrix; z: HostMatrix },
  observed: number,
  k: number,
  kPerm: number,
  inference: ParsedInference,
  scale: (v: number) => number,
  unit: InformationUnit,
  method: string,
): Promise<InformationEstimate> {
  const { x, y, z } = data;
  const neighbourhoods = inference.permutations > 0 ? await localNeighbourhoods(backend, z, kPerm) : undefined;
  const { pValue, interval } = await infer(
    observed,
    x.rows,
    inference,
    (p) => frenzelPompe(backend, selectRows(x, localPermutation(neighbourhoods!, kPerm, inference.seed, PERMUTATION_STREAM + p)), y, z, k),
    (rows) => frenzelPompe(backend, selectRows(x, rows), selectRows(y, rows), selectRows(z, rows), k),
  );
  return {
    value: scale(observed),
    unit,
    method,
    backend: backend.kind,
    n: x.rows,
    k,
    pValue,
    interval: interval && { lower: scale(interval.lower), upper: scale(interval.upper), level: interval.level },
    warnings: [],
  };
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
