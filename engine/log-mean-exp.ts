/** log((1/n) Σ_i e^{t_i}), computed with the maximum factored out so large |t| stay finite. */
export function logMeanExp(terms: Float64Array): number {
  let max = -Infinity;
  for (let i = 0; i < terms.length; i++) if (terms[i] > max) max = terms[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < terms.length; i++) sum += Math.exp(terms[i] - max);
  return max + Math.log(sum / terms.length);
}
