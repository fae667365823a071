/**
 * The public `mutualInformation(x, y, { method, k })` call: validation and the choice of
 * estimator.
 *   'ksg1' (default), 'ksg2'  Kraskov–Stögbauer–Grassberger, continuous x and y
 *   'ross'                    continuous x, integer labels y (scikit-learn's _compute_mi_cd)
 *   'mixed'                   Gao et al. 2017: any mix of discrete and continuous, repeats allowed
 *   'discrete'                integer x and y, plug-in from the contingency table
 */
import type { Backend } from './backend.js';
import { InvalidInputError } from './errors.js';
import type { HostMatrix } from './host-matrix.js';
import { requireTwoClasses, toLabels } from './labels.js';
import { mutualInformationDiscrete } from './mutual-information-discrete.js';
import { mutualInformationKsg } from './mutual-information-ksg.js';
import { mutualInformationMixed } from './mutual-information-mixed.js';
import { mutualInformationRoss } from './mutual-information-ross.js';
import { checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';

export type MutualInformationMethod = 'ksg1' | 'ksg2' | 'ross' | 'mixed' | 'discrete';

export interface MutualInformationOptions {
  /** Default 'ksg1'. */
  method?: MutualInformationMethod;
  /** Neighbour order, default 3 (not used by 'discrete'). */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
}

const MI_OPTIONS = ['method', 'k', 'base'] as const;
const METHODS = ['ksg1', 'ksg2', 'ross', 'mixed', 'discrete'] as const;

export async function mutualInformation(backend: Backend, x: Samples, y: Samples, options: MutualInformationOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, MI_OPTIONS, 'mutualInformation');
  const method = oneOf(options.method ?? 'ksg1', METHODS, 'method', 'UNKNOWN_METHOD');
  const k = positiveInteger(options.k ?? 3, 'k');
  const { unit, scale } = logBase(options.base);
  const done = (value: number, n: number) => ({ value: value * scale, unit, method, backend: backend.kind, n, k });
  if (method === 'discrete') {
    const xl = toLabels(x, 'x'), yl = toLabels(y, 'y');
    checkPaired(xl.codes.length, yl.codes.length);
    return done(mutualInformationDiscrete(xl, yl), xl.codes.length);
  }
  const xm = toHostMatrix(x, 'x');
  if (method === 'ross') {
    const labels = toLabels(y, 'y');
    checkPaired(xm.rows, labels.codes.length);
    requireTwoClasses(labels, 'y');
    const kept = labels.counts.reduce((s, c) => s + (c > 1 ? c : 0), 0);
    if (kept < 2) throw new InvalidInputError('TOO_FEW_ROWS', 'y', 'no class has two or more rows; the estimator needs repeated labels');
    return done(await mutualInformationRoss(backend, xm, labels, k), kept);
  }
  const ym = toHostMatrix(y, 'y');
  checkPaired(xm.rows, ym.rows);
  requireMoreRowsThanK(xm, k);
  if (method === 'mixed') return done(await mutualInformationMixed(backend, xm, ym, k), xm.rows);
  return done(await mutualInformationKsg(backend, xm, ym, k, method), xm.rows);
}

function checkPaired(xRows: number, yRows: number): void {
  if (xRows !== yRows) throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${yRows} rows but x has ${xRows}; x and y must be paired row by row`);
}

function requireMoreRowsThanK(x: HostMatrix, k: number): void {
  if (x.rows <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'x', `has ${x.rows} rows but k = ${k}; the estimator needs more rows than k`);
}
