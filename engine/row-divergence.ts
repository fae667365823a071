/**
 * The public `rowDivergence(p, q, { measure = 'kl', input = 'logits', temperature = 1,
 * alpha = 0.5, base })` call: row i of p and row i of q are two distributions over the
 * same vocabulary (a teacher's and a student's outputs for one token, say); the result
 * holds one divergence per row (`values`) and their mean (`value`).
 *
 * Logits are divided by the temperature and shifted by their row maximum in float64
 * here, before any backend sees them: softmax is unchanged, and the backend's f32
 * log-softmax then works on numbers ≤ 0 near the ones that matter, so large logits lose
 * nothing. Probabilities must be ≥ 0 with rows summing to 1 within 1e-4 (f32 softmax
 * output over 2·10⁵ entries is that close); each row is divided by its sum before use.
 * Measures and conventions: engine/row-divergence-measures.ts.
 */
import type { Backend, BackendKind } from './backend.js';
import { InvalidInputError } from './errors.js';
import type { HostMatrix } from './host-matrix.js';
import { checkOptionKeys, logBase, oneOf } from './options.js';
import type { InformationUnit } from './results.js';
import { ROW_MEASURES, usesAlpha, type RowMeasure } from './row-divergence-measures.js';
import { toHostMatrix, type Samples } from './samples.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface RowDivergenceOptions extends ProgressOptions {
  /** Default 'kl' (KL(p‖q) per row). */
  measure?: RowMeasure;
  /** 'logits' (default) or 'probs'. */
  input?: 'logits' | 'probs';
  /** Softmax temperature for logits, default 1. */
  temperature?: number;
  /** Order α of 'renyi', 'tsallis' and 'alpha', default 0.5 (α > 0, α ≠ 1). */
  alpha?: number;
  /** 2 for bits (logarithmic measures); nats by default. */
  base?: number;
}

export interface RowDivergenceResult {
  /** One divergence per row. */
  readonly values: Float64Array;
  /** The mean over rows. */
  readonly value: number;
  readonly measure: RowMeasure;
  readonly input: 'logits' | 'probs';
  /** 'nats' or 'bits' for kl, reverse-kl, js, renyi, cross-entropy; null for tv, hellinger, tsallis, alpha. */
  readonly unit: InformationUnit | null;
  readonly backend: BackendKind;
  /** Rows. */
  readonly n: number;
  /** Vocabulary size (columns). */
  readonly vocabulary: number;
  readonly warnings: string[];
}

const ROW_OPTIONS = ['measure', 'input', 'temperature', 'alpha', 'base', ...PROGRESS_OPTIONS] as const;
const LOGARITHMIC: readonly RowMeasure[] = ['kl', 'reverse-kl', 'js', 'renyi', 'cross-entropy'];
const NORMALISATION_TOLERANCE = 1e-4;

export async function rowDivergence(backend: Backend, p: Samples, q: Samples, options: RowDivergenceOptions = {}): Promise<RowDivergenceResult> {
  checkOptionKeys(options, ROW_OPTIONS, 'rowDivergence');
  const measure = oneOf(options.measure ?? 'kl', ROW_MEASURES, 'measure');
  const input = oneOf(options.input ?? 'logits', ['logits', 'probs'] as const, 'input');
  const logarithmic = LOGARITHMIC.includes(measure);
  if (options.base !== undefined && !logarithmic) throw new InvalidInputError('UNKNOWN_OPTION', 'options.base', `measure '${measure}' has no logarithm, so no base`);
  const { unit, scale } = logBase(options.base);
  if (options.temperature !== undefined && input !== 'logits') throw new InvalidInputError('UNKNOWN_OPTION', 'options.temperature', "applies to input: 'logits' only");
  const temperature = options.temperature ?? 1;
  if (!(typeof temperature === 'number' && temperature > 0 && Number.isFinite(temperature))) {
    throw new InvalidInputError('BAD_NUMBER', 'options.temperature', `must be a finite number > 0, got ${String(temperature)}`);
  }
  if (options.alpha !== undefined && !usesAlpha(measure)) throw new InvalidInputError('UNKNOWN_OPTION', 'options.alpha', "applies to measures 'renyi', 'tsallis' and 'alpha' only");
  const alpha = options.alpha ?? 0.5;
  if (!(typeof alpha === 'number' && alpha > 0 && alpha !== 1 && Number.isFinite(alpha))) {
    throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `must be a finite number > 0 and ≠ 1, got ${String(alpha)}`);
  }
  const pm = toHostMatrix(p, 'p');
  const qm = toHostMatrix(q, 'q');
  requireHostValues([pm, qm], 'rowDivergence scales logits (or checks probabilities) on the host and streams the rows to the backend');
  if (pm.rows !== qm.rows || pm.cols !== qm.cols) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'q', `is ${qm.rows}×${qm.cols} but p is ${pm.rows}×${pm.cols}; rows must pair up over the same vocabulary`);
  }
  const prepare = (m: HostMatrix, name: string) => (input === 'logits' ? scaledShiftedLogits(m, temperature) : normalisedProbabilities(m, name));
  const values = await backend.rowDivergences(prepare(pm, 'p'), prepare(qm, 'q'), { measure, input, alpha });
  const scaleFactor = logarithmic ? scale : 1;
  let sum = 0;
  for (let r = 0; r < values.length; r++) {
    values[r] *= scaleFactor;
    sum += values[r];
  }
  return { values, value: sum / values.length, measure, input, unit: logarithmic ? unit : null, backend: backend.kind, n: pm.rows, vocabulary: pm.cols, warnings: [] };
}

/** z / T − max_j(z_j / T), row by row, in float64. */
function scaledShiftedLogits(m: HostMatrix, temperature: number): HostMatrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, data[r * cols + j] / temperature);
    for (let j = 0; j < cols; j++) out[r * cols + j] = data[r * cols + j] / temperature - max;
  }
  return { rows, cols, data: out };
}

function normalisedProbabilities(m: HostMatrix, argument: string): HostMatrix {
  const { rows, cols, data } = m;
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) {
      const v = data[r * cols + j];
      if (v < 0) throw new InvalidInputError('NEGATIVE_PROBABILITY', argument, `row ${r}, column ${j} is ${v}; probabilities must be ≥ 0 (pass input: 'logits' for logits)`);
      sum += v;
    }
    if (Math.abs(sum - 1) > NORMALISATION_TOLERANCE) {
      throw new InvalidInputError('NOT_NORMALISED', argument, `row ${r} sums to ${sum}, not 1 (tolerance ${NORMALISATION_TOLERANCE}); pass input: 'logits' or normalise the rows`);
    }
    for (let j = 0; j < cols; j++) out[r * cols + j] = data[r * cols + j] / sum;
  }
  return { rows, cols, data: out };
}
