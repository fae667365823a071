/**
 * `mutualInformationColumns(X, target, options)`: Î(X_c ; target) for every column c of
 * X in one call (scikit-learn's mutual_info_regression / mutual_info_classif use case,
 * without their rescaling and added noise: raw estimates of the chosen `method`), with
 * `permutations` + `seed` a p-value and with `interval` a subsampling interval per column.
 *
 * 'ksg1', 'ksg2', 'mixed': [X | target] is prepared column by column exactly as
 * `mutualInformation` prepares each pairing (jitter, rank-Gaussian), centred and uploaded
 * once; column c is the pairing of columns [c, c+1) with the target's columns
 * (engine/joint-spaces.ts), and all columns run as batched backend calls — the same
 * number of steps for 1 column or 100 (on the GPU, one set of dispatches per step). The
 * P permutation nulls of every column join the same batches (the target's rows permuted
 * by stream PERMUTATION_STREAM + p, as in the single call), and interval subsample s is
 * one upload of those rows of [X | target] with every column in one batch. Each value,
 * p-value and interval equals the per-column `mutualInformation` call (bit for bit on the CPU).
 * 'ross' and 'discrete' (integer labels, estimated on the host around label groups), the
 * copula methods and the variational bounds run `mutualInformation` column by column.
 */
import type { Backend, BackendKind, RowPermutation } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreColumns, concatColumns, selectRows, type HostMatrix } from './host-matrix.js';
import { isDeviceResident, requireHostValues } from './device-resident-matrix.js';
import { infer, intervalSubsample, PERMUTATION_STREAM, type ConfidenceInterval, type ParsedInference } from './inference.js';
import { memberBatches, type JointSpaces } from './joint-spaces.js';
import { mutualInformation, parseMutualInformationOptions, type MutualInformationOptions } from './mutual-information.js';
import { jointEstimates, type JointMethod } from './mutual-information-joint.js';
import type { InformationUnit } from './results.js';
import { prepare } from './sample-preparation.js';
import { toHostMatrix, type Samples } from './samples.js';

export interface ColumnInformation {
  /** One estimate per column of X. */
  readonly values: Float64Array;
  readonly unit: InformationUnit | null;
  readonly method: string;
  readonly backend: BackendKind;
  readonly n: number;
  readonly k: number;
  /** Permutation p-value of each column (options.permutations); null when not asked for. */
  readonly pValues: Float64Array | null;
  /** Subsampling confidence interval of each column (options.interval); null when not asked for. */
  readonly intervals: readonly ConfidenceInterval[] | null;
}

export async function mutualInformationColumns(backend: Backend, x: Samples, target: Samples, options: MutualInformationOptions = {}): Promise<ColumnInformation> {
  const parsed = parseMutualInformationOptions(options);
  const matrix = toHostMatrix(x, 'X');
  const t = toHostMatrix(target, 'target');
  if (t.rows !== matrix.rows) throw new InvalidInputError('ROW_MISMATCH', 'target', `has ${t.rows} rows but X has ${matrix.rows}`);
  const { method, k, inference, scale } = parsed;
  if (method !== 'ksg1' && method !== 'ksg2' && method !== 'mixed') return columnByColumn(backend, matrix, t, options, inference);
  const n = matrix.rows;
  if (n <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${n} rows but k = ${k}; the estimator needs more rows than k`);

  // Variable 0 (each column of X) and 1 (the target), as mutualInformation's preparation.
  const prep = (m: HostMatrix, variable: number) => prepare(m, parsed.preparation, inference.seed, variable);
  const d = matrix.cols;
  // A GPU X stays whole: with no preparation [x₀ | … | x_{d−1}] is X itself (preparing one refuses, as it reads values).
  const parts = isDeviceResident(matrix) ? [prep(matrix, 0)] : Array.from({ length: d }, (_, c) => prep(column(matrix, c), 0));
  parts.push(prep(t, 1));
  const joint = concatColumns(parts);
  const yRange = [d, d + t.cols] as const;
  const pairing = (c: number, permuted?: RowPermutation): JointSpaces => ({ x: [[c, c + 1]], y: [yRange], permuted });
  const columns = Array.from({ length: d }, (_, c) => pairing(c));

  // Members: the d observed pairings, then null p of column c at d + c·P + p.
  const { permutations, seed } = inference;
  const nullMembers = Array.from({ length: d * permutations }, (_, m) => pairing(Math.floor(m / permutations), { columns: yRange, seed, stream: PERMUTATION_STREAM + (m % permutations) }));
  const estimates = await batchedEstimates(backend, joint, [...columns, ...nullMembers], k, method);
  // Interval subsample s: one upload of its rows of [X | target]; estimate d·s + c is column c's.
  const { interval } = inference;
  const subsampleEstimates = new Float64Array(d * (interval?.subsamples ?? 0));
  for (let s = 0; interval && s < interval.subsamples; s++) {
    subsampleEstimates.set(await batchedEstimates(backend, selectRows(joint, intervalSubsample(n, interval, seed, s)), columns, k, method), d * s);
  }

  const values = new Float64Array(d);
  const pValues = permutations > 0 ? new Float64Array(d) : null;
  const intervals: ConfidenceInterval[] | null = interval ? [] : null;
  for (let c = 0; c < d; c++) {
    const inferred = await infer(
      estimates[c],
      n,
      inference,
      async (p) => estimates[d + c * permutations + p],
      async (_rows, s) => subsampleEstimates[d * s + c],
    );
    values[c] = estimates[c] * scale;
    if (pValues) pValues[c] = inferred.pValue!;
    if (intervals) {
      const { lower, upper, level } = inferred.interval!;
      intervals.push({ lower: lower * scale, upper: upper * scale, level });
    }
  }
  return { values, unit: parsed.unit, method, backend: backend.kind, n, k, pValues, intervals };
}

/** Î in nats of each member pairing inside `joint` (centred and uploaded here), in batches. */
async function batchedEstimates(backend: Backend, joint: HostMatrix, members: readonly JointSpaces[], k: number, method: JointMethod): Promise<Float64Array> {
  const handle = await backend.upload(centreColumns(joint));
  try {
    const values = new Float64Array(members.length);
    for (const [first, end] of memberBatches(members.length, joint.rows, k)) {
      values.set(await jointEstimates(backend, handle, members.slice(first, end), k, method), first);
    }
    return values;
  } finally {
    backend.release(handle);
  }
}

/** Column c of m as a one-column matrix. */
function column(m: HostMatrix, c: number): HostMatrix {
  const data = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) data[i] = m.data[i * m.cols + c];
  return { rows: m.rows, cols: 1, data };
}

/** The label, copula and variational methods: mutualInformation on each column. */
async function columnByColumn(backend: Backend, matrix: HostMatrix, t: HostMatrix, options: MutualInformationOptions, inference: ParsedInference): Promise<ColumnInformation> {
  requireHostValues([matrix], `method '${options.method}' estimates column by column from host copies of the columns`);
  const values = new Float64Array(matrix.cols);
  const pValues = inference.permutations > 0 ? new Float64Array(matrix.cols) : null;
  const intervals: ConfidenceInterval[] | null = inference.interval ? [] : null;
  let last;
  for (let c = 0; c < matrix.cols; c++) {
    last = await mutualInformation(backend, column(matrix, c).data, t, options);
    values[c] = last.value;
    if (pValues) pValues[c] = last.pValue!;
    intervals?.push(last.interval!);
  }
  const { unit, method, n, k } = last!;
  return { values, unit, method, backend: backend.kind, n, k, pValues, intervals };
}
