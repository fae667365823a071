// The 40 benchmark tasks of "Beyond Normal: On the Evaluation of Mutual Information
// Estimators" (Czyż, Grabowski, Vogt, Beerenwinkel, Marx; NeurIPS 2023), re-implemented
// from the task definitions of the authors' `bmi` package (github.com/cbg-ethz/bmi,
// src/bmi/benchmark/task_list.py, BENCHMARK_TASKS_LIST, in that order), with seeded
// samplers on infogpu's CounterRandom and closed-form mutual information (nats).
//
// Base distributions
//   Multinormal dense  Σ = ½·I + ½·𝟙𝟙ᵀ (unit variances, every correlation ½)
//   Multinormal 2-pair Gaussian LVM with n_interacting = 2, λ = η = 2, ε = 1, α = β = 0,
//                      rescaled to a correlation matrix: corr(X_i, Y_i) = λ²/(ε²+λ²) = 0.8
//                      for i < 2, every other off-diagonal entry 0
//   Bivariate normal   correlation 0.75
//   I(X;Y) = ½·log(det Σ_XX · det Σ_YY / det Σ) for all three.
//   Student-t          dispersion I, ν degrees of freedom: (X, Y) = Z/√(W/ν), Z ~ N(0, I),
//                      W ~ χ²_ν (a sum of ν squared normals; ν ∈ {1, 2, 3} here). With an
//                      identity dispersion the Gaussian part of the MI is 0 and
//                      I = h(d_X) + h(d_Y) − h(d_X + d_Y), where (Arellano-Valle et al. 2013,
//                      Eq. 7) h(k) = log Γ(ν/2) − log Γ((ν+k)/2) + (k/2)·log(νπ)
//                                    + ((ν+k)/2)·(ψ((ν+k)/2) − ψ(ν/2))
//   Additive noise     X ~ U(0, 1), Y = X + U(−ε, ε):
//                      I = ε − log(2ε) for ε ≤ ½, 1/(4ε) otherwise
// Transforms (injective and smooth, so I is unchanged)
//   Normal CDF  Φ per coordinate           Half-cube  x·√|x| per coordinate
//   Asinh       asinh per coordinate       Wiggly     the bmi package's wiggly_x / wiggly_y
//   Bimodal     x ↦ F⁻¹(Φ(x)) with F_X = 0.3·Φ(t) + 0.7·Φ(t − 5), F_Y = ½Φ(t + 1) + ½Φ(t − 3),
//               inverted by bisection on [−10, 10] to 1e-12 (as bmi's invert_cdf)
//   Spiral      v ↦ R(θ)·v, θ = ‖v‖²/dim, R a rotation in coordinate plane (0, 1) for X
//               and (1, 2) for Y (bmi's Spiral with so_generator and normalised speed 1)
//   Swiss roll  u ∈ (0, 1) ↦ (t·cos t, t·sin t)/21, t = 1.5π(1 + 2u): X becomes 2-D
//
// Randomness: every task draws from CounterRandom(seed, stream) with fixed streams
// (0: Gaussian coordinates, 1: χ² normals, 2: uniform X, 3: uniform noise).
import { CounterRandom } from '../dist/index.js';

// ---------- special functions (float64) ----------

/** ψ(x), x > 0: recurrence up to x ≥ 10, then the asymptotic series. */
export function digamma(x) {
  let shift = 0;
  while (x < 10) { shift -= 1 / x; x += 1; }
  const i2 = 1 / (x * x);
  return shift + Math.log(x) - 0.5 / x - i2 * (1 / 12 - i2 * (1 / 120 - i2 * (1 / 252 - i2 * (1 / 240 - i2 / 132))));
}

/** log Γ(x), x > 0: recurrence up to x ≥ 10, then Stirling's series. */
export function logGamma(x) {
  let shift = 0;
  while (x < 10) { shift -= Math.log(x); x += 1; }
  const i2 = 1 / (x * x);
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + (1 / x) * (1 / 12 - i2 * (1 / 360 - i2 * (1 / 1260 - i2 / 1680)));
}

/** Φ(x), the standard normal CDF, to about 1e-15 relative: a positive-term series for
 *  |x| < 3 (erf(z) = (2/√π)·e^{−z²}·Σ 2ⁿz^{2n+1}/(2n+1)!!), a continued fraction beyond. */
export function normalCdf(x) {
  const z = Math.abs(x) / Math.SQRT2;
  let tail; // ½·erfc(z)
  if (z < 3 / Math.SQRT2) {
    let term = z, sum = z;
    for (let n = 1; term > 1e-17 * sum; n++) { term *= (2 * z * z) / (2 * n + 1); sum += term; }
    tail = 0.5 - (Math.exp(-z * z) * sum) / Math.sqrt(Math.PI);
  } else {
    // erfc(z) = e^{−z²}/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + …))))), modified Lentz
    const tiny = 1e-300;
    let f = z, c = z, d = 0;
    for (let j = 1; j < 300; j++) {
      const a = j / 2;
      d = z + a * d; d = Math.abs(d) < tiny ? tiny : d; d = 1 / d;
      c = z + a / c; c = Math.abs(c) < tiny ? tiny : c;
      const delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) break;
    }
    tail = (0.5 * Math.exp(-z * z)) / (Math.sqrt(Math.PI) * f);
  }
  return x >= 0 ? 1 - tail : tail;
}

// ---------- small dense linear algebra (row-major arrays of arrays) ----------

/** Lower Cholesky factor of a symmetric positive-definite matrix. */
export function cholesky(a) {
  const n = a.length, l = a.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let t = 0; t < j; t++) s -= l[i][t] * l[j][t];
      if (i === j) {
        if (!(s > 0)) throw new Error('cholesky: matrix is not positive definite');
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}

export function logDet(a) {
  const l = cholesky(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += 2 * Math.log(l[i][i]);
  return s;
}

const block = (a, from, to) => a.slice(from, to).map((row) => Array.from(row).slice(from, to));

/** ½·log(det Σ_XX det Σ_YY / det Σ) for X = the first dimX coordinates. */
export function gaussianMi(cov, dimX) {
  const d = cov.length;
  return 0.5 * (logDet(block(cov, 0, dimX)) + logDet(block(cov, dimX, d)) - logDet(cov));
}

// ---------- base distributions ----------

function denseCovariance(d, offDiag = 0.5) {
  return Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : offDiag)));
}

/** bmi's GaussianLVMParametrization(n_interacting, α = 0, λ, β = 0, η = λ, ε = 1).correlation. */
function twoPairCorrelation(dimX, dimY, nInteracting = 2, lambda = 2, eta = 2, epsilon = 1) {
  const d = dimX + dimY;
  const cov = Array.from({ length: d }, () => new Array(d).fill(0));
  for (let i = 0; i < d; i++) cov[i][i] = epsilon * epsilon;
  for (let i = 0; i < nInteracting; i++) {
    const j = dimX + i;
    cov[i][j] += lambda * lambda; cov[j][i] += lambda * lambda;
    cov[i][i] += lambda * lambda; cov[j][j] += lambda * lambda;
  }
  for (let i = nInteracting; i < dimX; i++) cov[i][i] += eta * eta;
  for (let j = dimX + nInteracting; j < d; j++) cov[j][j] += eta * eta;
  const sd = cov.map((row, i) => Math.sqrt(row[i]));
  return cov.map((row, i) => row.map((v, j) => v / (sd[i] * sd[j])));
}

/** n rows of N(0, Σ), row-major. */
function sampleGaussian(n, cov, seed) {
  const d = cov.length, l = cholesky(cov), r = new CounterRandom(seed, 0);
  const out = new Float64Array(n * d), e = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) e[j] = r.normal(i * d + j);
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let t = 0; t <= j; t++) s += l[j][t] * e[t];
      out[i * d + j] = s;
    }
  }
  return out;
}

/** Differential entropy of the standard k-variate Student-t with ν degrees of freedom. */
function studentEntropy(k, nu) {
  const h = 0.5 * (nu + k);
  return logGamma(nu / 2) - logGamma(h) + 0.5 * k * Math.log(nu * Math.PI) + h * (digamma(h) - digamma(nu / 2));
}

export function studentMi(dimX, dimY, nu) {
  return studentEntropy(dimX, nu) + studentEntropy(dimY, nu) - studentEntropy(dimX + dimY, nu);
}

/** log density of the standard k-variate Student-t at a point with squared norm r2. */
export function studentLogDensity(k, nu, r2) {
  return logGamma((nu + k) / 2) - logGamma(nu / 2) - 0.5 * k * Math.log(nu * Math.PI) - ((nu + k) / 2) * Math.log1p(r2 / nu);
}

function sampleStudent(n, d, nu, seed) {
  const z = new CounterRandom(seed, 0), w = new CounterRandom(seed, 1);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    let chi2 = 0;
    for (let t = 0; t < nu; t++) chi2 += w.normal(i * nu + t) ** 2;
    const s = 1 / Math.sqrt(chi2 / nu);
    for (let j = 0; j < d; j++) out[i * d + j] = z.normal(i * d + j) * s;
  }
  return out;
}

export const additiveNoiseMi = (eps) => (eps > 0.5 ? 0.25 / eps : eps - Math.log(2 * eps));

function sampleAdditive(n, eps, seed) {
  const ux = new CounterRandom(seed, 2), un = new CounterRandom(seed, 3);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = ux.uniform(i);
    out[2 * i] = x;
    out[2 * i + 1] = x + eps * (2 * un.uniform(i) - 1);
  }
  return out;
}

/** Splits joint rows (dimX + dimY columns) into row-major X and Y. */
function split(joint, n, dimX, dimY) {
  const d = dimX + dimY, x = new Float64Array(n * dimX), y = new Float64Array(n * dimY);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dimX; j++) x[i * dimX + j] = joint[i * d + j];
    for (let j = 0; j < dimY; j++) y[i * dimY + j] = joint[i * d + dimX + j];
  }
  return { x, y };
}

// ---------- transforms ----------

const halfCube = (v) => v * Math.sqrt(Math.abs(v));
const wigglyX = (v) => v + 0.4 * Math.sin(v) + 0.2 * Math.sin(1.7 * v + 1) + 0.03 * Math.sin(3.3 * v - 2.5);
const wigglyY = (v) => v - 0.4 * Math.sin(0.4 * v) + 0.17 * Math.sin(1.3 * v + 3.5) + 0.02 * Math.sin(4.3 * v - 2.5);

/** Bisection inverse of an increasing function on [lo, hi] (bmi's invert_mono, δ = 1e-12). */
function invertMonotone(f, lo = -10, hi = 10, delta = 1e-12) {
  return (target) => {
    let a = lo, b = hi;
    for (;;) {
      const m = (a + b) / 2;
      if (!(Math.abs(b - a) > delta && b > m && m > a)) return m;
      if (f(m) < target) a = m; else b = m;
    }
  };
}
const bimodalX = invertMonotone((t) => 0.3 * normalCdf(t) + 0.7 * normalCdf(t - 5));
const bimodalY = invertMonotone((t) => 0.5 * normalCdf(t + 1) + 0.5 * normalCdf(t - 3));

const mapEach = (f) => (m) => m.map(f);

/** bmi's Spiral: v ↦ exp(θ·A)·v, θ = ‖v‖²/dim, A the so(dim) generator of plane (p, q). */
export function spiral(p, q) {
  return (m, dim) => {
    const out = Float64Array.from(m), rows = m.length / dim;
    for (let i = 0; i < rows; i++) {
      let r2 = 0;
      for (let j = 0; j < dim; j++) r2 += m[i * dim + j] ** 2;
      const theta = r2 / dim, c = Math.cos(theta), s = Math.sin(theta);
      const a = m[i * dim + p], b = m[i * dim + q];
      out[i * dim + p] = c * a - s * b;
      out[i * dim + q] = s * a + c * b;
    }
    return out;
  };
}

/** u ∈ (0, 1) per row ↦ 2-D Swiss roll. */
function swissRoll(m) {
  const out = new Float64Array(2 * m.length);
  for (let i = 0; i < m.length; i++) {
    const t = 1.5 * Math.PI * (1 + 2 * m[i]);
    out[2 * i] = (t * Math.cos(t)) / 21;
    out[2 * i + 1] = (t * Math.sin(t)) / 21;
  }
  return out;
}

// ---------- tasks ----------

/**
 * A task: { name, family, dimX, dimY, mi, base, sample(n, seed) → { x, y, baseX, baseY } }.
 * `base` describes the untransformed distribution ({ kind: 'gaussian', cov } |
 * { kind: 'student', nu } | { kind: 'additive', eps }); `baseX`/`baseY` are the
 * untransformed draws (for validation). x, y are row-major Float64Arrays.
 */
function gaussianTask(name, cov, dimX, family) {
  const dimY = cov.length - dimX;
  return {
    name, family, dimX, dimY, mi: gaussianMi(cov, dimX), base: { kind: 'gaussian', cov },
    sample(n, seed) { const s = split(sampleGaussian(n, cov, seed), n, dimX, dimY); return { ...s, baseX: s.x, baseY: s.y }; },
  };
}

function studentTask(dimX, dimY, nu) {
  return {
    name: `Student-t ${dimX} × ${dimY} (dof=${nu})`, family: 'Student-t', dimX, dimY, mi: studentMi(dimX, dimY, nu), base: { kind: 'student', nu },
    sample(n, seed) { const s = split(sampleStudent(n, dimX + dimY, nu, seed), n, dimX, dimY); return { ...s, baseX: s.x, baseY: s.y }; },
  };
}

function additiveTask(eps) {
  return {
    name: `Uniform 1 × 1 (additive noise=${eps})`, family: 'additive noise', dimX: 1, dimY: 1, mi: additiveNoiseMi(eps), base: { kind: 'additive', eps },
    sample(n, seed) { const s = split(sampleAdditive(n, eps, seed), n, 1, 1); return { ...s, baseX: s.x, baseY: s.y }; },
  };
}

/** A transformed task: fx, fy map a row-major column block (m, dim) to a new block. */
function transformed(base, prefix, fx, fy, { name, family, addDimX = 0 } = {}) {
  return {
    name: name ?? `${prefix} @ ${base.name}`,
    family: family ?? prefix,
    dimX: base.dimX + addDimX,
    dimY: base.dimY,
    mi: base.mi,
    base: base.base,
    transforms: [...(base.transforms ?? []), prefix],
    sample(n, seed) {
      const s = base.sample(n, seed);
      return { x: fx(s.x, base.dimX), y: fy(s.y, base.dimY), baseX: s.baseX, baseY: s.baseY };
    },
  };
}

const normalCdfT = (b) => transformed(b, 'Normal CDF', mapEach(normalCdf), mapEach(normalCdf));
const halfCubeT = (b) => transformed(b, 'Half-cube', mapEach(halfCube), mapEach(halfCube));
const asinhT = (b) => transformed(b, 'Asinh', mapEach(Math.asinh), mapEach(Math.asinh));
const wigglyT = (b) => transformed(b, 'Wiggly', mapEach(wigglyX), mapEach(wigglyY));
const spiralT = (b) => transformed(b, 'Spiral', spiral(0, 1), spiral(1, 2));

const binormal = gaussianTask('Bivariate normal 1 × 1', [[1, 0.75], [0.75, 1]], 1, 'multinormal');
const uniformBase = normalCdfT(binormal);
const biStudent = studentTask(1, 1, 1);
const dense = (d) => gaussianTask(`Multinormal ${d} × ${d} (dense)`, denseCovariance(2 * d), d, 'multinormal');
const twoPair = (d) => gaussianTask(`Multinormal ${d} × ${d} (2-pair)`, twoPairCorrelation(d, d), d, 'multinormal');

export const TASKS = [
  // ONE_DIM_TASKS
  binormal,
  uniformBase,
  additiveTask(0.1),
  additiveTask(0.75),
  transformed(uniformBase, 'Bimodal', mapEach(bimodalX), mapEach(bimodalY), { name: 'Bimodal 1 × 1' }),
  wigglyT(binormal),
  halfCubeT(binormal),
  biStudent,
  asinhT(biStudent),
  // EMBEDDINGS_TASKS
  transformed(uniformBase, 'Swiss roll', swissRoll, (m) => m, { name: 'Swiss roll 2 × 1', addDimX: 1 }),
  // MULTINORMAL_TASKS
  dense(2), dense(3), dense(5), dense(25), dense(50),
  twoPair(2), twoPair(3), twoPair(5), twoPair(25),
  // STUDENT_TASKS
  studentTask(2, 2, 1), studentTask(2, 2, 2), studentTask(3, 3, 2), studentTask(3, 3, 3), studentTask(5, 5, 2), studentTask(5, 5, 3),
  // TRANSFORMED_TASKS
  normalCdfT(twoPair(3)), normalCdfT(twoPair(5)), normalCdfT(twoPair(25)),
  halfCubeT(twoPair(3)), halfCubeT(twoPair(5)), halfCubeT(twoPair(25)),
  spiralT(twoPair(3)), spiralT(twoPair(5)), spiralT(twoPair(25)),
  spiralT(normalCdfT(twoPair(3))), spiralT(normalCdfT(twoPair(5))), spiralT(normalCdfT(twoPair(25))),
  asinhT(studentTask(2, 2, 1)), asinhT(studentTask(3, 3, 2)), asinhT(studentTask(5, 5, 2)),
];
