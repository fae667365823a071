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
 *
 * method 'nn-ratio' (Noshad et al. 2017, divergence-nn-ratio.ts): kl, js (with ½, ½
 * weights), renyi, tsallis, bhattacharyya, hellinger, from neighbour-count ratios in the
 * pooled sample; one `k`, or by default its weighted ensemble over k (`ensemble`).
 */
import type { Backend } from './backend.js';
import { crossEntropyFromRadii, klDivergenceFromRadii } from './divergence-wang-kulkarni-verdu.js';
import { logAlphaIntegral, squaredL2FromRadii } from './divergence-poczos-schneider.js';
import { defaultEnsemble, nnRatioFunctional, type NnRatioMeasure } from './divergence-nn-ratio.js';
import { entropyKozachenkoLeonenko } from './entropy-kozachenko-leonenko.js';
import { InvalidInputError } from './errors.js';
import { concatRows, selectRows, type HostMatrix } from './host-matrix.js';
import { infer, INFERENCE_OPTIONS, parseInference, permutationTable, SECOND_SAMPLE_STREAM, subsampleRows, type InferenceOptions, type ParsedInference } from './inference.js';
import { parsePreparation, prepare, type PreparationOptions } from './sample-preparation.js';
import { alphaOrder, checkOptionKeys, logBase, oneOf, positiveInteger } from './options.js';
import type { DivergenceEstimate, InformationUnit } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { bothWaysRadii, checkSameDimension, twoSampleRadii } from './two-sample-radii.js';

export type DivergenceMeasure = 'kl' | 'cross-entropy' | 'renyi' | 'tsallis' | 'bhattacharyya' | 'hellinger' | 'l2' | 'js';

export interface DivergenceOptions extends InferenceOptions, Pick<PreparationOptions, 'jitter'> {
  /** Default 'kl'. */
  measure?: DivergenceMeasure;
  /** 'knn' (default) or 'nn-ratio'. */
  method?: 'knn' | 'nn-ratio';
  /** Neighbour order within p (and in q unless `l` is given), default 3. With 'nn-ratio': one k instead of the ensemble. */
  k?: number;
  /** 'nn-ratio' only: the neighbour counts of the ensemble (default ⌈l·√m/10⌉, l = 1 … 10). */
  ensemble?: readonly number[];
  /** Neighbour order in q for 'kl' and 'cross-entropy', default k. */
  l?: number;
  /** Order α of 'renyi' and 'tsallis', default 2 (1 − k < α < k + 1, α ≠ 1). */
  alpha?: number;
  /** 2 for bits; nats by default (logarithmic measures only). */
  base?: number;
}

const DIVERGENCE_OPTIONS = ['measure', 'method', 'k', 'l', 'alpha', 'base', 'ensemble', 'jitter', ...INFERENCE_OPTIONS] as const;
const NN_RATIO_MEASURES: readonly DivergenceMeasure[] = ['kl', 'js', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger'];
const MEASURES = ['kl', 'cross-entropy', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger', 'l2', 'js'] as const;
const WITHOUT_LOGARITHM: readonly DivergenceMeasure[] = ['tsallis', 'hellinger', 'l2'];

interface MeasureSetup {
  readonly measure: DivergenceMeasure;
  readonly alpha: number;
  readonly logarithmic: boolean;
  readonly unit: InformationUnit | null;
  readonly scale: number;
  readonly p: HostMatrix;
  readonly q: HostMatrix;
  readonly inference: ParsedInference;
}

export async function divergence(backend: Backend, p: Samples, q: Samples, options: DivergenceOptions = {}): Promise<DivergenceEstimate> {
  checkOptionKeys(options, DIVERGENCE_OPTIONS, 'divergence');
  const measure = oneOf(options.measure ?? 'kl', MEASURES, 'measure');
  const method = oneOf(options.method ?? 'knn', ['knn', 'nn-ratio'] as const, 'method', 'UNKNOWN_METHOD');
  return method === 'knn' ? divergenceKnn(backend, setUp(measure, p, q, options), options) : divergenceNnRatio(backend, setUp(measure, p, q, options), options);
}

/** Checks shared by both methods: α only for renyi/tsallis, base only for logarithmic measures, p and q in one space. */
function setUp(measure: DivergenceMeasure, p: Samples, q: Samples, options: DivergenceOptions): MeasureSetup {
  const takesAlpha = measure === 'renyi' || measure === 'tsallis';
  if (options.alpha !== undefined && !takesAlpha) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.alpha', "applies to measures 'renyi' and 'tsallis' only");
  }
  const logarithmic = !WITHOUT_LOGARITHM.includes(measure);
  if (options.base !== undefined && !logarithmic) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.base', `measure '${measure}' has no logarithm, so no base`);
  }
  const { unit, scale } = logBase(options.base);
  const alpha = takesAlpha ? alphaOrder(options.alpha ?? 2, "use measure: 'kl' for the limit α → 1") : 0.5;
  const inference = parseInference(options);
  const preparation = parsePreparation({ jitter: options.jitter });
  const pm = prepare(toHostMatrix(p, 'p'), preparation, inference.seed, 0);
  const qm = prepare(toHostMatrix(q, 'q'), preparation, inference.seed, 1);
  checkSameDimension(pm, qm);
  return { measure, alpha, logarithmic, unit: logarithmic ? unit : null, scale: logarithmic ? scale : 1, p: pm, q: qm, inference };
}

/**
 * The result, with the two-sample permutation null (the pooled rows split at random into
 * n and m) and subsampling (both samples at the interval's fraction).
 */
async function finishTwoSample(backend: Backend, s: MeasureSetup, method: string, k: number, estimate: (p: HostMatrix, q: HostMatrix) => Promise<number>): Promise<DivergenceEstimate> {
  const { p, q, inference } = s;
  const observed = await estimate(p, q);
  const pooled = concatRows([p, q]);
  const n = p.rows, m = q.rows;
  const { pValue, interval } = await infer(
    observed,
    n,
    inference,
    (t) => {
      const order = permutationTable(n + m, inference.seed, t);
      return estimate(selectRows(pooled, order.subarray(0, n)), selectRows(pooled, order.subarray(n)));
    },
    (rows, t) => estimate(selectRows(p, rows), selectRows(q, subsampleRows(m, Math.floor((rows.length / n) * m), inference.seed, SECOND_SAMPLE_STREAM + t))),
  );
  const scale = (v: number) => v * s.scale;
  return {
    value: scale(observed),
    unit: s.unit,
    measure: s.measure,
    method,
    backend: backend.kind,
    n,
    m,
    k,
    pValue,
    interval: interval && { lower: scale(interval.lower), upper: scale(interval.upper), level: interval.level },
    warnings: [],
  };
}

async function divergenceKnn(backend: Backend, s: MeasureSetup, options: DivergenceOptions): Promise<DivergenceEstimate> {
  const { measure, alpha, p, q } = s;
  if (options.ensemble !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', 'options.ensemble', "applies to method 'nn-ratio' only");
  const k = positiveInteger(options.k ?? 3, 'k');
  const l = positiveInteger(options.l ?? k, 'l');
  if (options.l !== undefined && measure !== 'kl' && measure !== 'cross-entropy') {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.l', "applies to measures 'kl' and 'cross-entropy' only");
  }
  if (p.rows <= k) throw new InvalidInputError('TOO_FEW_ROWS', 'p', `has ${p.rows} rows but k = ${k}; p needs more rows than k`);
  const needsQWithinQ = measure === 'l2' || measure === 'js';
  if (q.rows < Math.max(k, l) + (needsQWithinQ ? 1 : 0)) {
    throw new InvalidInputError('TOO_FEW_ROWS', 'q', `has ${q.rows} rows, too few for k = ${k}${l !== k ? `, l = ${l}` : ''}`);
  }
  if (measure === 'l2' && k < 2) throw new InvalidInputError('BAD_INTEGER', 'options.k', "must be at least 2 for measure 'l2' (density estimates use k − 1)");
  if (!(alpha > 1 - k && alpha < k + 1)) {
    throw new InvalidInputError('BAD_NUMBER', 'options.alpha', `must lie in (1 − k, k + 1) = (${1 - k}, ${k + 1}); raise k`);
  }
  return finishTwoSample(backend, s, 'knn', k, (a, b) => estimateKnn(backend, measure, a, b, k, l, alpha));
}

async function divergenceNnRatio(backend: Backend, s: MeasureSetup, options: DivergenceOptions): Promise<DivergenceEstimate> {
  const { measure, alpha, p, q } = s;
  if (!NN_RATIO_MEASURES.includes(measure)) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.measure', `method 'nn-ratio' estimates ${NN_RATIO_MEASURES.join(', ')}; use method 'knn' for '${measure}'`);
  }
  if (options.l !== undefined) throw new InvalidInputError('UNKNOWN_OPTION', 'options.l', "does not apply to method 'nn-ratio'");
  if (options.k !== undefined && options.ensemble !== undefined) {
    throw new InvalidInputError('UNKNOWN_OPTION', 'options.k', 'give either k (one estimate) or ensemble (weighted over k), not both');
  }
  const ks = options.k !== undefined ? [positiveInteger(options.k, 'k')] : ensembleCounts(options.ensemble, q.rows);
  const kMax = ks[ks.length - 1];
  if (p.rows + q.rows - 1 < kMax) throw new InvalidInputError('TOO_FEW_ROWS', 'q', `p and q together have ${p.rows + q.rows} rows, too few for k = ${kMax}`);
  return finishTwoSample(backend, s, 'nn-ratio', kMax, async (a, b) => {
    const g = await nnRatioFunctional(backend, a, b, measure as NnRatioMeasure, alpha, ks);
    if (measure === 'kl' || measure === 'js') return g;
    if (!(g > 0)) {
      throw new InvalidInputError('ESTIMATE_UNDEFINED', 'q', `the nn-ratio estimate of ∫p^α q^{1−α} is ${g} ≤ 0, so the ${measure} divergence is undefined; use more rows or one larger k`);
    }
    return fromAlphaIntegral(measure, Math.log(g), alpha);
  });
}

/** Rényi, Tsallis, Bhattacharyya or squared Hellinger from log Î_α = log ∫ p^α q^{1−α}. */
function fromAlphaIntegral(measure: DivergenceMeasure, logIntegral: number, alpha: number): number {
  if (measure === 'renyi') return logIntegral / (alpha - 1);
  if (measure === 'tsallis') return (Math.exp(logIntegral) - 1) / (alpha - 1);
  if (measure === 'bhattacharyya') return -logIntegral;
  return 1 - Math.exp(logIntegral);
}

function ensembleCounts(ensemble: readonly number[] | undefined, m: number): number[] {
  if (ensemble === undefined) return defaultEnsemble(m);
  if (!Array.isArray(ensemble) || ensemble.length < 2) {
    throw new InvalidInputError('BAD_INTEGER', 'options.ensemble', 'must list at least two neighbour counts; use k for a single one');
  }
  const ks = ensemble.map((k, i) => positiveInteger(k, `ensemble[${i}]`)).sort((a, b) => a - b);
  if (new Set(ks).size !== ks.length) throw new InvalidInputError('BAD_INTEGER', 'options.ensemble', 'must not repeat a neighbour count');
  return ks;
}

async function estimateKnn(backend: Backend, measure: DivergenceMeasure, p: HostMatrix, q: HostMatrix, k: number, l: number, alpha: number): Promise<number> {
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
    default:
      return fromAlphaIntegral(measure, logAlphaIntegral(await twoSampleRadii(backend, p, q, k, k), d, k, alpha, m), alpha);
  }
}
