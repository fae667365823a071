/**
 * The public `mutualInformation(x, y, { method, k })` call: validation, data preparation,
 * the choice of estimator, and the permutation p-value / subsampling interval.
 *   'ksg1' (default), 'ksg2'  Kraskov–Stögbauer–Grassberger, continuous x and y
 *   'ross'                    continuous x, integer labels y (scikit-learn's _compute_mi_cd)
 *   'mixed'                   Gao et al. 2017: any mix of discrete and continuous, repeats allowed
 *   'discrete'                integer x and y, plug-in from the contingency table
 * The permutation null shuffles the rows of y against x.
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import { selectRows, type HostMatrix } from './host-matrix.js';
import { infer, INFERENCE_OPTIONS, parseInference, permutationTable, type InferenceOptions } from './inference.js';
import { requireTwoClasses, selectLabels, toLabels, type Labels } from './labels.js';
import { mutualInformationDiscrete } from './mutual-information-discrete.js';
import { mutualInformationKsg } from './mutual-information-ksg.js';
import { mutualInformationMixed } from './mutual-information-mixed.js';
import { mutualInformationRoss } from './mutual-information-ross.js';
import { checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, rowsWithRepeats, type PreparationOptions } from './sample-preparation.js';
import { concatColumns } from './host-matrix.js';
import { toHostMatrix, type Samples } from './samples.js';

export type MutualInformationMethod = 'ksg1' | 'ksg2' | 'ross' | 'mixed' | 'discrete';

export interface MutualInformationOptions extends InferenceOptions, PreparationOptions {
  /** Default 'ksg1'. */
  method?: MutualInformationMethod;
  /** Neighbour order, default 3 (not used by 'discrete'). */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
}

const MI_OPTIONS = ['method', 'k', 'base', ...INFERENCE_OPTIONS, ...PREPARATION_OPTIONS] as const;
const METHODS = ['ksg1', 'ksg2', 'ross', 'mixed', 'discrete'] as const;

/** The estimator on one pairing of x and y, as rows of the same length. */
interface Pairing<X, Y> {
  readonly x: X;
  readonly y: Y;
  readonly rows: number;
  /** Rows the estimate uses (Ross drops rows whose label occurs once). */
  readonly used: number;
  estimate(x: X, y: Y): Promise<number>;
  select(x: X, y: Y, rows: ArrayLike<number>): [X, Y];
  /** y's rows reordered by `order`, against x unchanged. */
  shuffleY(y: Y, order: Int32Array): Y;
}

export async function mutualInformation(backend: Backend, x: Samples, y: Samples, options: MutualInformationOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, MI_OPTIONS, 'mutualInformation');
  const method = oneOf(options.method ?? 'ksg1', METHODS, 'method', 'UNKNOWN_METHOD');
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const preparation = parsePreparation(options);
  if (method === 'discrete' && (preparation.jitter > 0 || preparation.rankGaussian)) {
    throw new InvalidInputError('UNKNOWN_OPTION', options.jitter !== undefined ? 'options.jitter' : 'options.preprocess', "does not apply to method 'discrete' (integer labels)");
  }
  const warnings: string[] = [];
  const pairing = makePairing(backend, method, x, y, k, (m, v) => prepare(m, preparation, inference.seed, v), warnings);
  const observed = await pairing.estimate(pairing.x, pairing.y);
  const { pValue, interval } = await infer(
    observed,
    pairing.rows,
    inference,
    (p) => pairing.estimate(pairing.x, pairing.shuffleY(pairing.y, permutationTable(pairing.rows, inference.seed, p))),
    (rows) => pairing.estimate(...pairing.select(pairing.x, pairing.y, rows)),
  );
  const scaled = (v: number) => v * scale;
  return {
    value: scaled(observed),
    unit,
    method,
    backend: backend.kind,
    n: pairing.used,
    k,
    pValue,
    interval: interval && { lower: scaled(interval.lower), upper: scaled(interval.upper), level: interval.level },
    warnings,
  };
}

function makePairing(
  backend: Backend,
  method: MutualInformationMethod,
  x: Samples,
  y: Samples,
  k: number,
  prep: (m: HostMatrix, variable: number) => HostMatrix,
  warnings: string[],
): Pairing<unknown, unknown> {
  if (method === 'discrete') {
    const xl = toLabels(x, 'x'), yl = toLabels(y, 'y');
    checkPaired(xl.codes.length, yl.codes.length);
    return labelPairing(xl, yl, xl.codes.length, async (a, b) => mutualInformationDiscrete(a, b), (a, rows) => selectLabels(a, rows));
  }
  const xm = prep(toHostMatrix(x, 'x'), 0);
  if (method === 'ross') {
    const labels = toLabels(y, 'y');
    checkPaired(xm.rows, labels.codes.length);
    requireTwoClasses(labels, 'y');
    if (labels.counts.every((c) => c < 2)) throw new InvalidInputError('TOO_FEW_ROWS', 'y', 'no class has two or more rows; the estimator needs repeated labels');
    const used = labels.counts.reduce((s, c) => s + (c > 1 ? c : 0), 0);
    return labelPairing(xm, labels, used, (a, b) => mutualInformationRoss(backend, a, b, k), (a, rows) => selectRows(a, rows));
  }
  const ym = prep(toHostMatrix(y, 'y'), 1);
  checkPaired(xm.rows, ym.rows);
  if (xm.rows <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${xm.rows} rows but k = ${k}; the estimator needs more rows than k`);
  if (method !== 'mixed') {
    const repeated = rowsWithRepeats(concatColumns([xm, ym]), k);
    if (repeated > 0) {
      warnings.push(`${repeated} of ${xm.rows} rows have ${k} or more exact copies, so their k-th neighbour distance is 0 and KSG is biased there; use method 'mixed' for data with repeats, or jitter: true`);
    }
  }
  const estimate = method === 'mixed' ? (a: HostMatrix, b: HostMatrix) => mutualInformationMixed(backend, a, b, k) : (a: HostMatrix, b: HostMatrix) => mutualInformationKsg(backend, a, b, k, method);
  return {
    x: xm,
    y: ym,
    rows: xm.rows,
    used: xm.rows,
    estimate: estimate as Pairing<unknown, unknown>['estimate'],
    select: (a, b, rows) => [selectRows(a as HostMatrix, rows), selectRows(b as HostMatrix, rows)],
    shuffleY: (b, order) => selectRows(b as HostMatrix, order),
  };
}

/** A pairing whose y is integer labels. */
function labelPairing<X>(x: X, y: Labels, used: number, estimate: (x: X, y: Labels) => Promise<number>, selectX: (x: X, rows: ArrayLike<number>) => X): Pairing<unknown, unknown> {
  return {
    x,
    y,
    rows: y.codes.length,
    used,
    estimate: estimate as Pairing<unknown, unknown>['estimate'],
    select: (a, b, rows) => [selectX(a as X, rows), selectLabels(b as Labels, rows)],
    shuffleY: (b, order) => selectLabels(b as Labels, order),
  };
}

function checkPaired(xRows: number, yRows: number): void {
  if (xRows !== yRows) throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${yRows} rows but x has ${xRows}; x and y must be paired row by row`);
}
