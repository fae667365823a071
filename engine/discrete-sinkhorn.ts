/**
 * The public `discreteSinkhorn(a, b, cost, options)` call: entropic optimal transport between
 * many pairs of histograms (a_t, b_t), t = 1 … T (rows of a, T × K, and of b, T × L) under
 * one user-given cost matrix C (K × L), as in Sinkhorn knowledge distillation (teacher vs
 * student class distributions):
 *
 *   OT_ε(a_t, b_t) = min_{π ≥ 0, π1 = a_t, πᵀ1 = b_t} ⟨π, C⟩ + ε·KL(π ‖ a_t⊗b_t)
 *                  = max_{f,g} ⟨a_t, f⟩ + ⟨b_t, g⟩ − ε·⟨a_t⊗b_t, e^{(f⊕g − C)/ε} − 1⟩.
 *
 * Log-domain Sinkhorn, all pairs at once on the backend (Backend.histogramSoftmin, the
 * potentials resident between iterations):
 *   g ← T_yx(f),  g_j = −ε log Σ_i a_i e^{(f_i − C_ij)/ε}      (the plan's columns exact)
 *   f ← T_xy(g),  f_i = −ε log Σ_j b_j e^{(g_j − C_ij)/ε}      (its rows exact)
 * after an ε-scaling warm start (one such pair of updates at each ε_k = D·s^k > ε, D the range
 * of C, s = `scaling`). At the target ε the updates are over-relaxed, f ← f + ω(T_xy(g) − f)
 * (and g likewise), ω chosen from the observed rate (overrelaxation.ts), and plain (ω = 1) at
 * the iterations that measure the error. Every few iterations (convergence-checks.ts) the L1 row error of the
 * plan of (f, g), Σ_i |a_i e^{(f_i − f̃_i)/ε} − a_i| with f̃ = T_xy(g) the next update, is
 * computed in float64 on the host for every pair; the loop stops when the largest is
 * below `tol`. Values, in float64 on the host from (f̃, g), whose plan has exact row sums:
 * OT_ε = ⟨a, f̃⟩ + ⟨b, g⟩, and ⟨π, C⟩ with π_ij = a_i b_j e^{(f̃_i + g_j − C_ij)/ε}.
 * POT: `ot.sinkhorn2(a_t, b_t, C, reg = ε, method = 'sinkhorn_log')` is ⟨π, C⟩ of the same π.
 * Reference: Cuturi 2013; Peyré & Cuturi, "Computational Optimal Transport" (2019), §4.4.
 */
import type { Backend, VectorHandle } from './backend.js';
import { ConvergenceChecks } from './convergence-checks.js';
import { Overrelaxation } from './overrelaxation.js';
import { InvalidInputError } from './errors.js';
import type { HostMatrix } from './host-matrix.js';
import { checkOptionKeys, positiveInteger } from './options.js';
import { logWeights } from './probability-weights.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';
import type { DiscreteSinkhornResult } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { requireHostValues } from './device-resident-matrix.js';

export interface DiscreteSinkhornOptions extends ProgressOptions {
  /** Entropic regularisation ε > 0 in the units of the cost (POT's `reg`; default 0.05). */
  eps?: number;
  /** Ratio of successive ε in the warm start, in (0, 1) (default 0.5). */
  scaling?: number;
  /** Stop when every pair's L1 marginal error is below tol (default 1e-5; f32 on WebGPU floors near 1e-6·max C/ε). */
  tol?: number;
  /** Iterations at the target ε after the warm start (default 1000). */
  maxIter?: number;
}

const DISCRETE_OPTIONS = ['eps', 'scaling', 'tol', 'maxIter', ...PROGRESS_OPTIONS] as const;
/** A histogram row may sum to 1 within this (f32 softmax outputs); it is then divided by its sum. */
export const HISTOGRAM_SUM_TOLERANCE = 1e-4;

export async function discreteSinkhorn(backend: Backend, a: Samples, b: Samples, cost: Samples, options: DiscreteSinkhornOptions = {}): Promise<DiscreteSinkhornResult> {
  checkOptionKeys(options, DISCRETE_OPTIONS, 'discreteSinkhorn');
  options.signal?.throwIfAborted();
  const eps = positive(options.eps ?? 0.05, 'eps');
  const scaling = options.scaling ?? 0.5;
  if (typeof scaling !== 'number' || !(scaling > 0 && scaling < 1)) throw new InvalidInputError('BAD_NUMBER', 'options.scaling', `must lie in (0, 1), got ${String(scaling)}`);
  const tol = positive(options.tol ?? 1e-5, 'tol');
  const maxIter = positiveInteger(options.maxIter ?? 1000, 'maxIter');
  const A = histograms(a, 'a'), B = histograms(b, 'b'), C = toHostMatrix(cost, 'cost');
  requireHostValues([C], 'the cost matrix is read on the host (its range sets the ε schedule and ⟨π, C⟩ is summed there)');
  if (A.rows !== B.rows) throw new InvalidInputError('ROW_MISMATCH', 'b', `has ${B.rows} histograms but a has ${A.rows}; give one pair per row`);
  if (C.rows !== A.cols || C.cols !== B.cols) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'cost', `is ${C.rows} × ${C.cols} but the histograms have ${A.cols} (a) and ${B.cols} (b) bins; cost[i][j] is the cost of moving bin i of a to bin j of b`);
  }
  const pairs = A.rows, rows = C.rows, cols = C.cols;
  const logA = logWeights(A.data), logB = logWeights(B.data);

  const made: VectorHandle[] = [];
  const vector = async (values: Float64Array) => {
    const v = await backend.uploadVector(values);
    made.push(v);
    return v;
  };
  try {
    const costV = await vector(C.data);
    const logAV = await vector(logA), logBV = await vector(logB);
    let f = await vector(new Float64Array(pairs * rows)), fNext = await vector(new Float64Array(pairs * rows));
    let g = await vector(new Float64Array(pairs * cols)), gNext = await vector(new Float64Array(pairs * cols));
    /** g ← g + ω(T_yx(f) − g), then f ← f + ω(T_xy(g) − f) into fNext (ω = 1: plain); g swapped, f not yet. */
    const halfSteps = async (e: number, weight: number) => {
      const relax = (previous: VectorHandle) => (weight === 1 ? undefined : { previous, weight });
      await backend.histogramSoftmin({ eps: e, pairs, rows, cols, transpose: true, cost: costV, logWeights: logAV, potential: f, output: gNext, relax: relax(g) });
      [g, gNext] = [gNext, g];
      await backend.histogramSoftmin({ eps: e, pairs, rows, cols, transpose: false, cost: costV, logWeights: logBV, potential: g, output: fNext, relax: relax(f) });
    };

    for (const e of warmStartSchedule(range(C.data), eps, scaling)) {
      options.signal?.throwIfAborted();
      await halfSteps(e, 1);
      [f, fNext] = [fNext, f];
    }
    const checks = new ConvergenceChecks(tol, maxIter);
    const relaxation = new Overrelaxation();
    for (let iteration = 1; ; iteration++) {
      options.signal?.throwIfAborted();
      const check = iteration === checks.next;
      // Plain updates at a check: the plan of (f, g) then has exact column sums, and f̃ = T_xy(g).
      await halfSteps(eps, check ? 1 : relaxation.weight);
      if (check) {
        const [fv, ftv, gv] = await backend.readVectors([f, fNext, g]);
        const errors = rowErrors(A.data, logA, fv, ftv, pairs, rows, eps);
        const worst = errors.reduce((m, v) => Math.max(m, v), 0);
        checks.record(iteration, worst);
        relaxation.record(iteration, worst);
        const converged = worst < tol;
        if (converged || iteration >= maxIter) {
          const { values, transportCosts } = pairValues({ A: A.data, B: B.data, logA, logB, C: C.data, f: ftv, g: gv, pairs, rows, cols, eps });
          return {
            values,
            value: values.reduce((s, v) => s + v, 0) / pairs,
            transportCosts,
            marginalErrors: errors,
            iterations: iteration,
            converged,
            eps,
            method: 'sinkhorn-log',
            backend: backend.kind,
            n: pairs,
            bins: [rows, cols],
            warnings: converged ? [] : [`not converged: the largest marginal error ${worst.toExponential(2)} is above tol = ${tol} after ${iteration} iterations; raise maxIter, tol or eps`],
          };
        }
      }
      [f, fNext] = [fNext, f];
    }
  } finally {
    for (const v of made) backend.release(v);
  }
}

/** The warm start's temperatures: D, D·s, D·s², … while above ε (none when D ≤ ε). */
function warmStartSchedule(diameter: number, eps: number, scaling: number): number[] {
  const out: number[] = [];
  for (let e = diameter; e > eps; e *= scaling) out.push(e);
  return out;
}

function range(values: Float64Array): number {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/**
 * Rows of probabilities: finite, ≥ 0, each summing to 1 within HISTOGRAM_SUM_TOLERANCE, then
 * divided by its sum. A flat array (number[], Float32Array, Float64Array) is ONE histogram
 * (one row), not a column as elsewhere.
 */
function histograms(samples: Samples, argument: string): HostMatrix {
  const flat = samples instanceof Float64Array || samples instanceof Float32Array || (Array.isArray(samples) && samples.length > 0 && typeof samples[0] === 'number');
  const m = toHostMatrix(flat ? { data: samples as ArrayLike<number>, rows: 1, cols: (samples as ArrayLike<number>).length } : samples, argument);
  requireHostValues([m], 'histograms are checked and turned into log-weights on the host');
  const { rows, cols, data } = m;
  for (let t = 0; t < rows; t++) {
    let sum = 0;
    for (let i = 0; i < cols; i++) {
      const v = data[t * cols + i];
      if (v < 0) throw new InvalidInputError('NEGATIVE_PROBABILITY', argument, `row ${t}, bin ${i} is ${v}; histograms must be ≥ 0 (pass probabilities, e.g. a softmax, not logits)`);
      sum += v;
    }
    if (!(Math.abs(sum - 1) <= HISTOGRAM_SUM_TOLERANCE)) {
      throw new InvalidInputError('NOT_NORMALISED', argument, `row ${t} sums to ${sum}, not 1; divide each row by its sum (or pass a softmax, not logits)`);
    }
    for (let i = 0; i < cols; i++) data[t * cols + i] /= sum;
  }
  return m;
}

/** Per pair, Σ_i |a_i e^{(f_i − f̃_i)/ε} − a_i| (computed as e^{log a_i + …} so a zero weight gives 0). */
function rowErrors(a: Float64Array, logA: Float64Array, f: Float64Array, fNext: Float64Array, pairs: number, rows: number, eps: number): Float64Array {
  const errors = new Float64Array(pairs);
  for (let t = 0; t < pairs; t++) {
    let e = 0;
    for (let i = t * rows; i < (t + 1) * rows; i++) e += Math.abs(Math.exp(logA[i] + (f[i] - fNext[i]) / eps) - a[i]);
    errors[t] = e;
  }
  return errors;
}

interface PairSolution {
  readonly A: Float64Array;
  readonly B: Float64Array;
  readonly logA: Float64Array;
  readonly logB: Float64Array;
  readonly C: Float64Array;
  readonly f: Float64Array;
  readonly g: Float64Array;
  readonly pairs: number;
  readonly rows: number;
  readonly cols: number;
  readonly eps: number;
}

/** OT_ε = ⟨a, f⟩ + ⟨b, g⟩ and ⟨π, C⟩, π_ij = e^{log a_i + log b_j + (f_i + g_j − C_ij)/ε}, per pair, float64. */
function pairValues({ A, B, logA, logB, C, f, g, pairs, rows, cols, eps }: PairSolution): { values: Float64Array; transportCosts: Float64Array } {
  const values = new Float64Array(pairs), transportCosts = new Float64Array(pairs);
  for (let t = 0; t < pairs; t++) {
    let dual = 0, transport = 0;
    for (let i = 0; i < rows; i++) {
      const fi = t * rows + i;
      dual += A[fi] * f[fi];
      for (let j = 0; j < cols; j++) {
        const gj = t * cols + j, c = C[i * cols + j];
        transport += Math.exp(logA[fi] + logB[gj] + (f[fi] + g[gj] - c) / eps) * c;
      }
    }
    for (let j = 0; j < cols; j++) dual += B[t * cols + j] * g[t * cols + j];
    values[t] = dual;
    transportCosts[t] = transport;
  }
  return { values, transportCosts };
}

function positive(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError('BAD_NUMBER', `options.${name}`, `must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}
