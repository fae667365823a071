/**
 * Divergences between two discrete distributions p and q over the same vocabulary, from
 * their log-probabilities lp_j = log p_j, lq_j = log q_j (−∞ for a zero probability):
 *
 *   kl             Σ p (lp − lq)                         KL(p‖q)
 *   reverse-kl     Σ q (lq − lp)                         KL(q‖p)
 *   js             ½ Σ p (lp − lm) + ½ Σ q (lq − lm)     lm = log ½(p + q)
 *   tv             ½ Σ |p − q|
 *   hellinger      1 − Σ √(p q)                          squared Hellinger distance
 *   renyi          log Σ p^α q^{1−α} / (α − 1)
 *   tsallis        (Σ p^α q^{1−α} − 1) / (α − 1)
 *   alpha          (1 − Σ p^α q^{1−α}) / (α (1 − α))     Amari's α-divergence
 *   cross-entropy  −Σ p lq
 *
 * 0·log 0 = 0; a term with p > 0 where q = 0 makes KL and cross-entropy +∞ (their true
 * value, not NaN). Σ p^α q^{1−α} is summed as exp of a log-sum-exp, so large ratios stay
 * finite. These are the float64 definitions the CPU backend evaluates and the WGSL kernel
 * (shaders/row-divergence.wgsl) mirrors.
 */

export type RowMeasure = 'kl' | 'reverse-kl' | 'js' | 'tv' | 'hellinger' | 'renyi' | 'tsallis' | 'alpha' | 'cross-entropy';

export const ROW_MEASURES: readonly RowMeasure[] = ['kl', 'reverse-kl', 'js', 'tv', 'hellinger', 'renyi', 'tsallis', 'alpha', 'cross-entropy'];

/** Measures built on Σ p^α q^{1−α}. */
export function usesAlpha(measure: RowMeasure): boolean {
  return measure === 'renyi' || measure === 'tsallis' || measure === 'alpha';
}

/** The measure of one row given its log-probabilities. */
export function rowMeasure(measure: RowMeasure, lp: Float64Array, lq: Float64Array, alpha: number): number {
  const v = lp.length;
  if (usesAlpha(measure)) {
    // Σ p^α q^{1−α} over entries where both are positive; p > 0 = q with α > 1 makes it +∞.
    let max = -Infinity;
    let infinite = false;
    for (let j = 0; j < v; j++) {
      if (lp[j] > -Infinity && lq[j] > -Infinity) max = Math.max(max, alpha * lp[j] + (1 - alpha) * lq[j]);
      else if (lp[j] > -Infinity && alpha > 1) infinite = true;
    }
    let logIntegral = Infinity;
    if (!infinite) {
      let sum = 0;
      if (max > -Infinity) for (let j = 0; j < v; j++) if (lp[j] > -Infinity && lq[j] > -Infinity) sum += Math.exp(alpha * lp[j] + (1 - alpha) * lq[j] - max);
      logIntegral = max > -Infinity ? max + Math.log(sum) : -Infinity;
    }
    if (measure === 'renyi') return logIntegral / (alpha - 1);
    if (measure === 'tsallis') return (Math.exp(logIntegral) - 1) / (alpha - 1);
    return (1 - Math.exp(logIntegral)) / (alpha * (1 - alpha));
  }
  let total = 0;
  for (let j = 0; j < v; j++) total += rowTerm(measure, lp[j], lq[j]);
  if (measure === 'hellinger') return 1 - total;
  return total;
}

/**
 * The j-th summand of the additive measures (everything but the α family). A zero
 * probability is lp = −∞ (its exp may underflow to 0 earlier: such a term is then ~0).
 */
function rowTerm(measure: RowMeasure, lp: number, lq: number): number {
  const hasP = lp > -Infinity, hasQ = lq > -Infinity;
  const p = Math.exp(lp), q = Math.exp(lq);
  switch (measure) {
    case 'kl':
      return hasP ? p * (lp - lq) : 0;
    case 'reverse-kl':
      return hasQ ? q * (lq - lp) : 0;
    case 'js': {
      // lm = log ½(p + q) in log space, so tiny p and q do not underflow to log 0.
      if (hasP && hasQ) {
        const lm = Math.max(lp, lq) + Math.log1p(Math.exp(-Math.abs(lp - lq))) - Math.LN2;
        return 0.5 * (p * (lp - lm) + q * (lq - lm));
      }
      return 0.5 * (p + q) * Math.LN2; // only one is positive: m is half of it
    }
    case 'tv':
      return 0.5 * Math.abs(p - q);
    case 'hellinger':
      return hasP && hasQ ? Math.exp(0.5 * (lp + lq)) : 0;
    default: // cross-entropy
      return hasP ? -p * lq : 0;
  }
}
