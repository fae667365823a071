/**
 * `mutualInformationColumns(X, target, options)`: Î(X_c ; target) for every column c of
 * X in one call (scikit-learn's mutual_info_regression / mutual_info_classif use case,
 * without their rescaling and added noise: raw estimates of the chosen `method`).
 * X and the target are validated once; each column then runs the same estimator as
 * `mutualInformation`.
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import { mutualInformation, type MutualInformationOptions } from './mutual-information.js';
import type { BackendKind } from './backend.js';
import type { InformationEstimate, InformationUnit } from './results.js';
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
  const matrix = toHostMatrix(x, 'X');
  const t = toHostMatrix(target, 'target');
  if (t.rows !== matrix.rows) throw new InvalidInputError('ROW_MISMATCH', 'target', `has ${t.rows} rows but X has ${matrix.rows}`);
  const values = new Float64Array(matrix.cols);
  let last: InformationEstimate | undefined;
  for (let c = 0; c < matrix.cols; c++) {
    const column = new Float64Array(matrix.rows);
    for (let i = 0; i < matrix.rows; i++) column[i] = matrix.data[i * matrix.cols + c];
    last = await mutualInformation(backend, column, t, options);
    values[c] = last.value;
  }
  const { unit, method, n, k } = last!;
  return { values, unit, method, backend: backend.kind, n, k };
}
