/**
 * `mutualInformationColumns(X, target, options)`: Î(X_c ; target) for every column c of
 * X in one call (scikit-learn's mutual_info_regression / mutual_info_classif use case,
 * without their rescaling and added noise: raw estimates of the chosen `method`).
 *
 * 'ksg1', 'ksg2', 'mixed': [X | target] is prepared column by column exactly as
 * `mutualInformation` prepares each pairing (jitter, rank-Gaussian), centred and uploaded
 * once; column c is the pairing of columns [c, c+1) with the target's columns
 * (engine/joint-spaces.ts), and all columns run as batched backend calls — the same
 * number of steps for 1 column or 100 (on the GPU, one set of dispatches per step). Each
 * value equals the per-column `mutualInformation` call (bit for bit on the CPU).
 * 'ross' and 'discrete' (integer labels, estimated on the host around label groups) and the
 * variational bounds run `mutualInformation` column by column.
 */
import type { Backend, BackendKind } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
import { memberBatches, type JointSpaces } from './joint-spaces.js';
import { mutualInformation, parseMutualInformationOptions, type MutualInformationOptions } from './mutual-information.js';
import { jointEstimates } from './mutual-information-joint.js';
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
}

export async function mutualInformationColumns(backend: Backend, x: Samples, target: Samples, options: MutualInformationOptions = {}): Promise<ColumnInformation> {
  for (const key of ['permutations', 'interval'] as const) {
    if (options[key] !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', `options.${key}`, 'is not offered per column yet; call mutualInformation on the column');
  }
  const parsed = parseMutualInformationOptions(options);
  const matrix = toHostMatrix(x, 'X');
  const t = toHostMatrix(target, 'target');
  if (t.rows !== matrix.rows) throw new InvalidInputError('ROW_MISMATCH', 'target', `has ${t.rows} rows but X has ${matrix.rows}`);
  const { method, k } = parsed;
  if (method !== 'ksg1' && method !== 'ksg2' && method !== 'mixed') return columnByColumn(backend, matrix, t, options);
  if (matrix.rows <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${matrix.rows} rows but k = ${k}; the estimator needs more rows than k`);

  // Variable 0 (each column of X) and 1 (the target), as mutualInformation's preparation.
  const prep = (m: HostMatrix, variable: number) => prepare(m, parsed.preparation, parsed.inference.seed, variable);
  const d = matrix.cols;
  const parts = Array.from({ length: d }, (_, c) => prep(column(matrix, c), 0));
  parts.push(prep(t, 1));
  const joint = await backend.upload(centreColumns(concatColumns(parts)));
  const values = new Float64Array(d);
  try {
    const yRange = [d, d + t.cols] as const;
    for (const [first, end] of memberBatches(d, matrix.rows, k)) {
      const members: JointSpaces[] = Array.from({ length: end - first }, (_, i) => ({ x: [[first + i, first + i + 1]], y: [yRange] }));
      values.set(await jointEstimates(backend, joint, members, k, method), first);
    }
  } finally {
    backend.release(joint);
  }
  for (let c = 0; c < d; c++) values[c] *= parsed.scale;
  return { values, unit: parsed.unit, method, backend: backend.kind, n: matrix.rows, k };
}

/** Column c of m as a one-column matrix. */
function column(m: HostMatrix, c: number): HostMatrix {
  const data = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) data[i] = m.data[i * m.cols + c];
  return { rows: m.rows, cols: 1, data };
}

/** The label methods: mutualInformation on each column. */
async function columnByColumn(backend: Backend, matrix: HostMatrix, t: HostMatrix, options: MutualInformationOptions): Promise<ColumnInformation> {
  const values = new Float64Array(matrix.cols);
  let last;
  for (let c = 0; c < matrix.cols; c++) {
    last = await mutualInformation(backend, column(matrix, c).data, t, options);
    values[c] = last.value;
  }
  const { unit, method, n, k } = last!;
  return { values, unit, method, backend: backend.kind, n, k };
}
