/**
 * The public `mutualInformation(x, y, { method, k })` call: validation, data preparation,
 * the choice of estimator, and the permutation p-value / subsampling interval.
 *   'ksg1' (default), 'ksg2'  Kraskov–Stögbauer–Grassberger, continuous x and y
 *   'ross'                    continuous x, integer labels y (scikit-learn's _compute_mi_cd)
 *   'mixed'                   Gao et al. 2017: any mix of discrete and continuous, repeats allowed
 *   'discrete'                integer x and y, plug-in from the contingency table
 *   'infonce', 'nwj', 'dv'    variational lower bounds with a fixed critic (variational-bounds.ts)
 *   'gaussian-copula'         Gaussian MI of the normal scores, bias-corrected (Ince et al. 2017)
 *   'copula-ksg'              the larger of 'gaussian-copula' and KSG2 on normal scores (the
 *                             recommended configuration on the Beyond-Normal suite, bench/RESULTS.md).
 *                             Both parts tend to underestimate: KSG at high MI and in high dimension,
 *                             the copula part when the dependence is not a Gaussian copula. For 1-D x
 *                             and y the population Gaussian-copula MI is a lower bound on the MI and
 *                             KSG2 is consistent, so the larger is consistent; in more dimensions the
 *                             copula value is not a bound and the rule is a heuristic without that
 *                             guarantee.
 * The permutation null shuffles the rows of y against x: for KSG and mixed inside the
 * backend on the one upload of [x | y] (mutual-information-joint.ts), for the label
 * methods on the host.
 */
import type { Backend } from './backend.js';
import { variationalBound, type Critic, type VariationalBound } from './variational-bounds.js';
import { InvalidInputError } from './errors.js';
import { selectRows, type HostMatrix } from './host-matrix.js';
import { infer, INFERENCE_OPTIONS, parseInference, permutationTable, type InferenceOptions, type ParsedInference } from './inference.js';
import { requireTwoClasses, selectLabels, toLabels, type Labels } from './labels.js';
import { mutualInformationDiscrete } from './mutual-information-discrete.js';
import { mutualInformationGaussianCopula } from './mutual-information-gaussian-copula.js';
import { mutualInformationKsg } from './mutual-information-ksg.js';
import { mutualInformationMixed } from './mutual-information-mixed.js';
import { estimateWithNulls } from './mutual-information-joint.js';
import { mutualInformationRoss } from './mutual-information-ross.js';
import { checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, rowsWithRepeats, type ParsedPreparation, type PreparationOptions } from './sample-preparation.js';
import { concatColumns } from './host-matrix.js';
import { toHostMatrix, type Samples } from './samples.js';
import { isDeviceResident, requireHostValues } from './device-resident-matrix.js';
import { constantColumns } from './constant-columns.js';

export type MutualInformationMethod = 'ksg1' | 'ksg2' | 'ross' | 'mixed' | 'discrete' | 'gaussian-copula' | 'copula-ksg' | VariationalBound;

export interface MutualInformationOptions extends InferenceOptions, PreparationOptions {
  /** Default 'ksg1'. */
  method?: MutualInformationMethod;
  /** Neighbour order, default 3 (not used by 'discrete'). */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
  /** Critic of 'infonce' / 'nwj' / 'dv': 'cosine' (default) or 'gaussian'. */
  critic?: Critic;
  /** Critic temperature τ > 0 of 'infonce' / 'nwj' / 'dv', default 1. */
  temperature?: number;
}

const MI_OPTIONS = ['method', 'k', 'base', 'critic', 'temperature', ...INFERENCE_OPTIONS, ...PREPARATION_OPTIONS] as const;
const METHODS = ['ksg1', 'ksg2', 'ross', 'mixed', 'discrete', 'gaussian-copula', 'copula-ksg', 'infonce', 'nwj', 'dv'] as const;
const BOUNDS: readonly string[] = ['infonce', 'nwj', 'dv'];

/** The estimator on one pairing of x and y, as rows of the same length. */
interface Pairing<X, Y> {
  readonly x: X;
  readonly y: Y;
  readonly rows: number;
  /** Rows the estimate uses (Ross drops rows whose label occurs once). */
  readonly used: number;
  estimate(x: X, y: Y): Promise<number>;
  /** The estimate on (x, y) and on the P permutation nulls (y's rows by permutationTable(rows, seed, p)). */
  estimateWithNulls(permutations: number, seed: number): Promise<{ observed: number; nulls: Float64Array }>;
  select(x: X, y: Y, rows: ArrayLike<number>): [X, Y];
}

/** The options of mutualInformation (and mutualInformationColumns), checked. */
export interface ParsedMutualInformationOptions {
  readonly method: MutualInformationMethod;
  readonly k: number;
  readonly unit: InformationEstimate['unit'];
  readonly scale: number;
  readonly inference: ParsedInference;
  readonly preparation: ParsedPreparation;
  readonly critic: Critic;
  readonly temperature: number;
}

export function parseMutualInformationOptions(options: MutualInformationOptions): ParsedMutualInformationOptions {
  checkOptionKeys(options, MI_OPTIONS, 'mutualInformation');
  const method = oneOf(options.method ?? 'ksg1', METHODS, 'method', 'UNKNOWN_METHOD');
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const preparation = parsePreparation(options);
  if (method === 'discrete' && (preparation.jitter > 0 || preparation.rankGaussian)) {
    throw new InvalidInputError('UNKNOWN_OPTION', options.jitter !== undefined ? 'options.jitter' : 'options.preprocess', "does not apply to method 'discrete' (integer labels)");
  }
  const bound = BOUNDS.includes(method);
  for (const key of ['critic', 'temperature'] as const) {
    if (options[key] !== undefined && !bound) throw new InvalidInputError('UNKNOWN_OPTION', `options.${key}`, "applies to methods 'infonce', 'nwj' and 'dv' only");
  }
  if (bound && options.k !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', 'options.k', `method '${method}' uses a critic, not neighbours`);
  if (method === 'gaussian-copula' && options.k !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', 'options.k', "method 'gaussian-copula' uses no neighbours");
  const critic = oneOf(options.critic ?? 'cosine', ['cosine', 'gaussian'] as const, 'critic');
  const temperature = options.temperature ?? 1;
  if (typeof temperature !== 'number' || !(temperature > 0) || !Number.isFinite(temperature)) {
    throw new InvalidInputError('BAD_NUMBER', 'options.temperature', `must be a finite number > 0, got ${String(options.temperature)}`);
  }
  return { method, k, unit, scale, inference, preparation, critic, temperature };
}

export async function mutualInformation(backend: Backend, x: Samples, y: Samples, options: MutualInformationOptions = {}): Promise<InformationEstimate> {
  const parsed = parseMutualInformationOptions(options);
  const { method, k, unit, scale, inference, preparation } = parsed;
  const warnings: string[] = [];
  const prep = (m: HostMatrix, v: number) => prepare(m, preparation, inference.seed, v);
  const pairing = BOUNDS.includes(method)
    ? boundPairing(backend, method as VariationalBound, x, y, parsed.critic, parsed.temperature, prep)
    : method === 'gaussian-copula'
      ? copulaPairing(prep(toHostMatrix(x, 'x'), 0), prep(toHostMatrix(y, 'y'), 1))
      : method === 'copula-ksg'
        ? copulaKsgPairing(makePairing(backend, 'ksg2', x, y, k, (m, v) => prepare(m, { ...preparation, rankGaussian: true }, inference.seed, v), warnings))
        : makePairing(backend, method as NeighbourMethod, x, y, k, prep, warnings);
  const { observed, nulls } = await pairing.estimateWithNulls(inference.permutations, inference.seed);
  const { pValue, interval } = await infer(
    observed,
    pairing.rows,
    inference,
    async (p) => nulls[p],
    (rows) => pairing.estimate(...pairing.select(pairing.x, pairing.y, rows)),
  );
  const scaled = (v: number) => v * scale;
  return {
    value: scaled(observed),
    unit,
    method,
    backend: backend.kind,
    n: pairing.used,
    k: BOUNDS.includes(method) || method === 'gaussian-copula' ? 0 : k,
    pValue,
    interval: interval && { lower: scaled(interval.lower), upper: scaled(interval.upper), level: interval.level },
    warnings,
  };
}

/** The methods built on neighbour searches and label groups. */
type NeighbourMethod = Exclude<MutualInformationMethod, VariationalBound | 'gaussian-copula' | 'copula-ksg'>;

function makePairing(
  backend: Backend,
  method: NeighbourMethod,
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
  // The constant-column and repeated-rows checks read host values, so GPU inputs skip them (and get no such warnings).
  for (const [m, name] of [[xm, 'x'], [ym, 'y']] as const) {
    const constant = isDeviceResident(m) ? [] : constantColumns(m);
    if (constant.length > 0) warnings.push(`column${constant.length > 1 ? 's' : ''} ${constant.join(', ')} of ${name} ${constant.length > 1 ? 'are' : 'is'} constant and carr${constant.length > 1 ? 'y' : 'ies'} no information; drop ${constant.length > 1 ? 'them' : 'it'}`);
  }
  if (method !== 'mixed' && !isDeviceResident(xm) && !isDeviceResident(ym)) {
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
    // One upload of [x | y]; the nulls permute y's rows inside the backend (mutual-information-joint.ts).
    estimateWithNulls: (permutations, seed) => estimateWithNulls(backend, xm, ym, k, method, permutations, seed),
    select: (a, b, rows) => [selectRows(a as HostMatrix, rows), selectRows(b as HostMatrix, rows)],
  };
}

/** A variational bound on paired rows of the same dimension; nulls shuffle y's rows on the host. */
function boundPairing(
  backend: Backend,
  bound: VariationalBound,
  x: Samples,
  y: Samples,
  critic: Critic,
  temperature: number,
  prep: (m: HostMatrix, variable: number) => HostMatrix,
): Pairing<unknown, unknown> {
  const xm = prep(toHostMatrix(x, 'x'), 0), ym = prep(toHostMatrix(y, 'y'), 1);
  checkPaired(xm.rows, ym.rows);
  if (xm.cols !== ym.cols) throw new InvalidInputError('SHAPE_MISMATCH', 'y', `has ${ym.cols} columns but x has ${xm.cols}; a critic compares x and y in one space`);
  if (xm.rows < 2) throw new InvalidInputError('TOO_FEW_ROWS', 'x', 'needs at least 2 paired rows');
  if (critic === 'cosine') {
    requireHostValues([xm, ym], "critic 'cosine' (the default) normalises each row on the host; use critic: 'gaussian'");
    for (const [m, name] of [[xm, 'x'], [ym, 'y']] as const) {
      for (let i = 0; i < m.rows; i++) {
        if (m.data.subarray(i * m.cols, (i + 1) * m.cols).every((v) => v === 0)) throw new InvalidInputError('ZERO_DISTANCE', name, `row ${i} is all zeros, so its cosine is undefined; use critic: 'gaussian'`);
      }
    }
  }
  const estimate = (a: HostMatrix, b: HostMatrix) => variationalBound(backend, a, b, bound, critic, temperature);
  return hostMatrixPairing(xm, ym, estimate);
}

/** The Gaussian-copula estimate, computed on the host (sorts and a small covariance); nulls shuffle y's rows there. */
function copulaPairing(xm: HostMatrix, ym: HostMatrix): Pairing<unknown, unknown> {
  checkPaired(xm.rows, ym.rows);
  const d = xm.cols + ym.cols;
  if (xm.rows < d + 2) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${xm.rows} rows but x and y have ${d} columns in all; the Gaussian-copula estimate needs at least ${d + 2} rows`);
  const estimate = async (a: HostMatrix, b: HostMatrix) => mutualInformationGaussianCopula(a, b);
  return hostMatrixPairing(xm, ym, estimate);
}

/** 'copula-ksg': the Gaussian-copula estimate on the rank-Gaussian KSG2 pairing's own prepared rows (scored once). */
function copulaKsgPairing(ksg: Pairing<unknown, unknown>): Pairing<unknown, unknown> {
  return largerPairing(copulaPairing(ksg.x as HostMatrix, ksg.y as HostMatrix), ksg);
}

/**
 * The larger of two estimators on the same rows ('copula-ksg': Gaussian-copula and rank-Gaussian
 * KSG2). Null p of each uses the same permutation permutationTable(rows, seed, p), so the
 * combined null is the larger of the two nulls.
 */
function largerPairing(a: Pairing<unknown, unknown>, b: Pairing<unknown, unknown>): Pairing<unknown, unknown> {
  return {
    x: [a.x, b.x],
    y: [a.y, b.y],
    rows: a.rows,
    used: a.used,
    estimate: async (x, y) => {
      const [xa, xb] = x as [unknown, unknown], [ya, yb] = y as [unknown, unknown];
      return Math.max(await a.estimate(xa, ya), await b.estimate(xb, yb));
    },
    estimateWithNulls: async (permutations, seed) => {
      const first = await a.estimateWithNulls(permutations, seed), second = await b.estimateWithNulls(permutations, seed);
      return { observed: Math.max(first.observed, second.observed), nulls: first.nulls.map((v, p) => Math.max(v, second.nulls[p])) };
    },
    select: (x, y, rows) => {
      const [xa, xb] = x as [unknown, unknown], [ya, yb] = y as [unknown, unknown];
      const [sxa, sya] = a.select(xa, ya, rows), [sxb, syb] = b.select(xb, yb, rows);
      return [[sxa, sxb], [sya, syb]];
    },
  };
}

/** An estimator on paired host matrices whose nulls shuffle y's rows on the host. */
function hostMatrixPairing(xm: HostMatrix, ym: HostMatrix, estimate: (a: HostMatrix, b: HostMatrix) => Promise<number>): Pairing<unknown, unknown> {
  return {
    x: xm,
    y: ym,
    rows: xm.rows,
    used: xm.rows,
    estimate: estimate as Pairing<unknown, unknown>['estimate'],
    estimateWithNulls: (permutations, seed) => hostShuffledNulls(estimate, xm, ym, (b, order) => selectRows(b, order), permutations, seed),
    select: (a, b, rows) => [selectRows(a as HostMatrix, rows), selectRows(b as HostMatrix, rows)],
  };
}

/** A pairing whose y is integer labels. */
function labelPairing<X>(x: X, y: Labels, used: number, estimate: (x: X, y: Labels) => Promise<number>, selectX: (x: X, rows: ArrayLike<number>) => X): Pairing<unknown, unknown> {
  const rows = y.codes.length;
  return {
    x,
    y,
    rows,
    used,
    estimate: estimate as Pairing<unknown, unknown>['estimate'],
    // Each null relabels the rows on the host: label estimators hold their data there.
    estimateWithNulls: (permutations, seed) => hostShuffledNulls(estimate, x, y, selectLabels, permutations, seed),
    select: (a, b, rows) => [selectX(a as X, rows), selectLabels(b as Labels, rows)],
  };
}

/** The estimate and P nulls, the p-th with y's rows reordered on the host by permutationTable(rows, seed, p). */
async function hostShuffledNulls<X, Y extends HostMatrix | Labels>(
  estimate: (x: X, y: Y) => Promise<number>,
  x: X,
  y: Y,
  shuffle: (y: Y, order: Int32Array) => Y,
  permutations: number,
  seed: number,
): Promise<{ observed: number; nulls: Float64Array }> {
  const rows = 'codes' in y ? y.codes.length : y.rows;
  const observed = await estimate(x, y);
  const nulls = new Float64Array(permutations);
  for (let p = 0; p < permutations; p++) nulls[p] = await estimate(x, shuffle(y, permutationTable(rows, seed, p)));
  return { observed, nulls };
}

function checkPaired(xRows: number, yRows: number): void {
  if (xRows !== yRows) throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${yRows} rows but x has ${xRows}; x and y must be paired row by row`);
}
