// Least-squares slope of log(y) against log(x): the empirical exponent b of y ≈ a·x^b.
// A scaling claim (time or memory against n) is a slope over several sizes, never one run.

/** Slope of the least-squares line through (log x_i, log y_i); NaN with fewer than two points. */
export function logLogSlope(xs, ys) {
  const points = xs.map((x, i) => [Math.log(x), Math.log(ys[i])]).filter(([a, b]) => Number.isFinite(a) && Number.isFinite(b));
  if (points.length < 2) return Number.NaN;
  const mx = points.reduce((s, [a]) => s + a, 0) / points.length;
  const my = points.reduce((s, [, b]) => s + b, 0) / points.length;
  const sxx = points.reduce((s, [a]) => s + (a - mx) ** 2, 0);
  const sxy = points.reduce((s, [a, b]) => s + (a - mx) * (b - my), 0);
  return sxy / sxx;
}
