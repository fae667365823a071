/**
 * Gaussian-copula mutual information (Ince et al. 2017, "A statistical framework for
 * neuroimaging data analysis based on mutual information estimated via a gaussian copula").
 *
 * Every column of x and y is replaced by its normal scores zᵢ = Φ⁻¹(rᵢ/(n + 1)) (ranks r,
 * ties sharing their mean rank), a strictly increasing map of each coordinate, so the
 * MI is unchanged; then the MI of a Gaussian with the scores' sample covariance Σ̂:
 *
 *   Î = ½·(log det Σ̂_xx + log det Σ̂_yy − log det Σ̂),   Σ̂ = (1/(n−1))·Σᵢ (zᵢ − z̄)(zᵢ − z̄)ᵀ
 *
 * minus the plug-in's exact bias for Gaussian data: for a d-dimensional Gaussian sample,
 * E[log det Σ̂] = log det Σ + d·log(2/(n−1)) + Σ_{i=1..d} ψ((n − i)/2), so
 *
 *   bias = ½·(b(d_x) + b(d_y) − b(d_x + d_y)),   b(d) = d·log(2/(n−1)) + Σ_{i=1..d} ψ((n − i)/2).
 *
 * It is exact (unbiased) for data whose dependence is a Gaussian copula after any strictly
 * increasing map of each coordinate, and a biased estimate (it sees only the rank
 * correlations) otherwise. For one-dimensional x and y its population value is a lower
 * bound on the MI: with the marginals fixed Gaussian, the Gaussian joint has the largest
 * entropy. O(n·log n·d + n·d²) on the host: no neighbour search.
 */
import { InvalidInputError } from './errors.js';
import { concatColumns, type HostMatrix } from './host-matrix.js';
import { normalScores } from './sample-preparation.js';
import { digamma } from './special-functions.js';

/** Gaussian-copula MI (nats) of paired rows x, y. */
export function mutualInformationGaussianCopula(x: HostMatrix, y: HostMatrix): number {
  const n = x.rows;
  const covariance = sampleCovariance(concatColumns([normalScores(x), normalScores(y)]));
  const d = x.cols + y.cols;
  const logDetX = logDeterminant(covariance, d, 0, x.cols, 'x');
  const logDetY = logDeterminant(covariance, d, x.cols, y.cols, 'y');
  const logDetJoint = logDeterminant(covariance, d, 0, d, 'y');
  const plugIn = 0.5 * (logDetX + logDetY - logDetJoint);
  return plugIn - 0.5 * (wishartLogDetShift(x.cols, n) + wishartLogDetShift(y.cols, n) - wishartLogDetShift(d, n));
}

/** The sample covariance (divisor n − 1) of the columns of m, row-major cols × cols. */
function sampleCovariance(m: HostMatrix): Float64Array {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let c = 0; c < cols; c++) mean[c] += data[i * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const out = new Float64Array(cols * cols);
  const centred = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    for (let c = 0; c < cols; c++) centred[c] = data[i * cols + c] - mean[c];
    for (let a = 0; a < cols; a++) {
      const va = centred[a];
      for (let b = 0; b <= a; b++) out[a * cols + b] += va * centred[b];
    }
  }
  for (let a = 0; a < cols; a++) {
    for (let b = 0; b <= a; b++) {
      out[a * cols + b] /= rows - 1;
      out[b * cols + a] = out[a * cols + b];
    }
  }
  return out;
}

/**
 * log det of the diagonal block [start, start + size) of a symmetric positive definite
 * matrix (row-major, `stride` columns), by Cholesky; a singular block (a constant column,
 * or columns that are increasing functions of one another) is an InvalidInputError.
 */
function logDeterminant(matrix: Float64Array, stride: number, start: number, size: number, argument: string): number {
  const l = new Float64Array(size * size);
  let logDet = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let s = matrix[(start + i) * stride + start + j];
      for (let t = 0; t < j; t++) s -= l[i * size + t] * l[j * size + t];
      if (i === j) {
        // Relative pivot test: the scores have unit-order variances.
        if (!(s > 1e-12 * matrix[(start + i) * stride + start + i])) {
          throw new InvalidInputError(
            'ESTIMATE_UNDEFINED',
            argument,
            'the normal scores of its columns are linearly dependent (a constant column, or columns with identical ranks), so the Gaussian-copula MI is infinite; drop redundant columns',
          );
        }
        l[i * size + i] = Math.sqrt(s);
        logDet += Math.log(s);
      } else {
        l[i * size + j] = s / l[j * size + j];
      }
    }
  }
  return logDet;
}

/** E[log det Σ̂] − log det Σ for a d-dimensional Gaussian sample of n rows (Σ̂ with divisor n − 1). */
function wishartLogDetShift(d: number, n: number): number {
  let shift = d * Math.log(2 / (n - 1));
  for (let i = 1; i <= d; i++) shift += digamma((n - i) / 2);
  return shift;
}
