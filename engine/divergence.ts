/**
 * The public `divergence(p, q, { measure, method: 'knn', k })` call: validation and the
 * choice of estimator. Every measure is in the direction p‖q (p is sampled by `p`).
 *
 *   'kl'             KL(p‖q), Wang–Kulkarni–Verdú (neighbour orders k in p, l in q)
 *   'cross-entropy'  H(p, q) = −E_p log q, Leonenko–Pronzato–Savani
 *   'renyi'          Rényi-α divergence, Póczos–Schneider
 *   'tsallis'        Tsallis-α divergence, Póczos–Schneider (no logarithm: unit null)
 *   'bhattacharyya'  −log ∫√(pq), Póczos–Schneider at α = ½
 *   'hellinger'      squared Hellinger distance 1 − ∫√(pq) (unit null)
 *   'l2'             ∫ (p − q)², Póczos–Xiong–Schneider (unit null)
 *   'js'             Jensen–Shannon H(π_p P + π_q Q) − π_p H(P) − π_q H(Q) with weights
 *                    π = n/(n + m), m/(n + m) (the usual ½, ½ when n = m), each H by
 *                    Kozachenko–Leonenko on p, q and the pooled sample
 */
import type { Backend } from './backend.js';
import { crossEntropyFromRadii, klDivergenceFromRadii } from './divergence-wang-kulkarni-verdu.js';
import { logAlphaIntegral, squaredL2FromRadii } from './divergence-poczos-schneider.js';
import { entropyKozachenkoLeonenko } from './entropy-kozachenko-leonenko.js';
import { InvalidInputError } from './errors.js';
import { concatRows, type HostMatrix } from './host-matrix.js';
import { alphaOrder, checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { DivergenceEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { bothWaysRadii, checkSameDimension, twoSampleRadii } from './two-sample-radii.js';

export type DivergenceMeasure = 'kl' | 'cross-entropy' | 'renyi' | 'tsallis' | 'bhattacharyya' | 'hellinger' | 'l2' | 'js';

export interface DivergenceOptions {
  /** Default 'kl'. */
  measure?: DivergenceMeasure;
  /** 'knn' (default). */
  method?: 'knn';
  /** Neighbour order within p (and in q unless `l` is given), default 3. */
  k?: number;
  /** Neighbour order in q for 'kl' and 'cross-entropy', default k. */
  l?: number;
  /** Order α of 'renyi' and 'tsallis', default 2 (1 − k < α < k + 1, α ≠ 1). */
  alpha?: number;
  /** 2 for bits; nats by default (logarithmic measures only). */
  base?: number;
}

const DIVERGENCE_OPTIONS = ['measure', 'method', 'k', 'l', 'alpha', 'base'] as const;
const MEASURES = ['kl', 'cross-entropy', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger', 'l2', 'js'] as const;
const WITHOUT_LOGARITHM: readonly DivergenceMeasure[] = ['tsallis', 'hellinger', 'l2'];

export async function divergence(backend: Backend, p: Samples, q: Samples, options: DivergenceOptions = {}): Promise<DivergenceEstimate> {
  checkOptionKeys(options, DIVERGENCE_OPTIONS, 'divergence');
  const measure = oneOf(options.measure ?? 'kl', MEASURES, 'measure');
  const method = oneOf(options.method ?? 'knn', ['knn'] as const, 'method', 'UNKNOWN_METHOD');
  const k = positiveInteger(options.k ?? 3, 'k');
  const l = positiveInteger(options.l ?? k, 'l');
  if (options.l !== undefined && measure !== 'kl' && measure !== 'cross-entropy') {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.l', "applies to measures 'kl' and 'cross-entropy' only");
  }
  const takesAlpha = measure === 'renyi' || measure === 'tsallis';
  if (options.alpha !== undefined && !takesAlpha) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.alpha', "applies to measures 'renyi' and 'tsallis' only");
  }
  const logarithmic = !WITHOUT_LOGARITHM.includes(measure);
  if (options.base !== undefined && !logarithmic) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.base', `measure '${measure}' has no logarithm, so no base`);
  }
  const { unit, scale } = logBase(options.base);
  const pm = toHostMatrix(p, 'p');
  const qm = toHostMatrix(q, 'q');
  checkSameDimension(pm, qm);
  if (pm.rows <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'p', `has ${pm.rows} rows but k = ${k}; p needs more rows than k`);
  const needsQWithinQ = measure === 'l2' || measure === 'js';
  if (qm.rows < Math.max(k, l) + (needsQWithinQ ? 1 : 0)) {
    throw new InvalidInputError('TOO_FEW_ROWS', 'q', `has ${qm.rows} rows, too few for k = ${k}${l !== k ? `, l = ${l}` : ''}`);
  }
  if (measure === 'l2' && k < 2) throw new InvalidInputError('BAD_INTEGER', 'options.k', "must be at least 2 for measure 'l2' (density estimates use k − 1)");
  const alpha = takesAlpha ? alphaOrder(options.alpha ?? 2, "use measure: 'kl' for the limit α → 1") : 0.5;
  if (!(alpha > 1 - k && alpha < k + 1)) {
    throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `must lie in (1 − k, k + 1) = (${1 - k}, ${k + 1}); raise k`);
  }
  const value = await estimate(backend, measure, pm, qm, k, l, alpha);
  return { value: logarithmic ? value * scale : value, unit: logarithmic ? unit : null, measure, method, backend: backend.kind, n: pm.rows, m: qm.rows, k };
}

async function estimate(backend: Backend, measure: DivergenceMeasure, p: HostMatrix, q: HostMatrix, k: number, l: number, alpha: number): Promise<number> {
  const d = p.cols, m = q.rows;
  switch (measure) {
    case 'kl':
      return klDivergenceFromRadii(await twoSampleRadii(backend, p, q, k, l), d, k, l, m);
    case 'cross-entropy':
      return crossEntropyFromRadii(await twoSampleRadii(backend, p, q, k, l), d, l, m);
    case 'l2':
      return squaredL2FromRadii(await bothWaysRadii(backend, p, q, k, k), d, k);
    case 'js': {
      const n = p.rows, w = n / (n + m);
      const pooled = await entropyKozachenkoLeonenko(backend, concatRows([p, q]), k, 'p ∪ q');
      return pooled - w * (await entropyKozachenkoLeonenko(backend, p, k, 'p')) - (1 - w) * (await entropyKozachenkoLeonenko(backend, q, k, 'q'));
    }
    default: {
      const logIntegral = logAlphaIntegral(await twoSampleRadii(backend, p, q, k, k), d, k, alpha, m);
      if (measure === 'renyi') return logIntegral / (alpha - 1);
      if (measure === 'tsallis') return (Math.exp(logIntegral) - 1) / (alpha - 1);
      if (measure === 'bhattacharyya') return -logIntegral;
      return 1 - Math.exp(logIntegral);
    }
  }
}
