/**
 * The public `sinkhorn(x, y, options)` call (DESIGN.md §2): entropic optimal transport
 * between α = Σ_i a_i δ_{x_i} and β = Σ_j b_j δ_{y_j} with the cost C(x, y) = ‖x − y‖^p / p,
 *
 *   OT_ε(a, b) = min_π ⟨π, C⟩ + ε·KL(π ‖ a⊗b),   ε = blur^p,
 *   S_ε(a, b)  = OT_ε(a, b) − ½·OT_ε(a, a) − ½·OT_ε(b, b)   (the debiased Sinkhorn divergence),
 *
 * solved by the Sinkhorn loop of sinkhorn-loop.ts on the backend (potentials resident,
 * never an n × m matrix) after validation, joint centring (the cost is invariant under a
 * common shift, not under separate ones) and GeomLoss's ε-scaling schedule.
 * POT solves the same problem with M = ‖x − y‖²/2 (p = 2) and reg = ε.
 */
import type { Backend, CostPower, MatrixHandle, VectorHandle } from './backend.js';
import { boundingDiameter, epsilonSchedule } from './epsilon-schedule.js';
import { InvalidInputError } from './errors.js';
import { centreAtPooledMean, type HostMatrix } from './host-matrix.js';
import { gpuInputRefused, isDeviceResident } from './device-resident-matrix.js';
import { deviceDiameter } from './device-diameter.js';
import { checkOptionKeys, positiveInteger } from './options.js';
import { logWeights, probabilityWeights } from './probability-weights.js';
import type { SinkhornResult } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { solveSinkhorn, type ResidentMeasure } from './sinkhorn-loop.js';
import { progressOf } from './checkpointed-backend.js';
import { MAX_PLAN_ENTRIES, transportPlan } from './transport-plan.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';

export interface SinkhornOptions extends ProgressOptions {
  /** Cost exponent: C(x, y) = ‖x − y‖^p / p, p = 1 or 2 (default 2). */
  p?: CostPower;
  /** ε = blur^p, blur > 0 (default 0.05). */
  blur?: number;
  /** Ratio of successive blurs in the ε-scaling warm start, in (0, 1) (default 0.5). */
  scaling?: number;
  /** true (default): the debiased S_ε; false: OT_ε. */
  debias?: boolean;
  /** Stop when every L1 marginal violation is below tol (default 1e-5; f32 on WebGPU floors near ulp(C)/ε). */
  tol?: number;
  /** Iterations at the target ε after the warm start (default 1000). */
  maxIter?: number;
  /** Weights of the rows of x: ≥ 0, summing to 1 (default uniform). */
  a?: ArrayLike<number>;
  /** Weights of the rows of y: ≥ 0, summing to 1 (default uniform). */
  b?: ArrayLike<number>;
  /** true: GeomLoss's estimate after the warm start alone (no iterations at the target ε). */
  annealOnly?: boolean;
  /** true: return the dual potentials. */
  potentials?: boolean;
  /** true: return the n × m plan (n·m ≤ 2²² = 4,194,304). */
  plan?: boolean;
  /** Checked at every iteration; an aborted signal rejects the call with its reason. */
  signal?: AbortSignal;
  /**
   * Unbalanced OT (GeomLoss's `reach`): the marginal constraints become penalties
   * ρ·KL(π1 ‖ a) + ρ·KL(πᵀ1 ‖ b), ρ = reach^p (a length, like blur); default: balanced.
   */
  reach?: number;
}

const SINKHORN_OPTIONS = ['p', 'blur', 'scaling', 'debias', 'tol', 'maxIter', 'a', 'b', 'annealOnly', 'potentials', 'plan', 'reach', ...PROGRESS_OPTIONS] as const;

export async function sinkhorn(backend: Backend, x: Samples, y: Samples, options: SinkhornOptions = {}): Promise<SinkhornResult> {
  checkOptionKeys(options, SINKHORN_OPTIONS, 'sinkhorn');
  options.signal?.throwIfAborted();
  const p = options.p ?? 2;
  if (p !== 1 && p !== 2) throw new InvalidInputError('BAD_NUMBER', 'options.p', `must be 1 or 2, got ${String(p)}`);
  const blur = positiveNumber(options.blur ?? 0.05, 'blur');
  const scaling = options.scaling ?? 0.5;
  if (typeof scaling !== 'number' || !(scaling > 0 && scaling < 1)) {
    throw new InvalidInputError('BAD_NUMBER', 'options.scaling', `must lie in (0, 1), got ${String(scaling)}`);
  }
  const tol = positiveNumber(options.tol ?? 1e-5, 'tol');
  const maxIter = positiveInteger(options.maxIter ?? 1000, 'maxIter');
  const debias = flag(options.debias ?? true, 'debias');
  const annealOnly = flag(options.annealOnly ?? false, 'annealOnly');
  const wantPotentials = flag(options.potentials ?? false, 'potentials');
  const wantPlan = flag(options.plan ?? false, 'plan');
  const reach = options.reach === undefined ? null : positiveNumber(options.reach, 'reach');
  const rho = reach === null ? null : reach ** p;

  const xm = toHostMatrix(x, 'x'), ym = toHostMatrix(y, 'y');
  if (xm.cols !== ym.cols) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'y', `has ${ym.cols} columns but x has ${xm.cols}; both clouds must live in the same space`);
  }
  const n = xm.rows, m = ym.rows;
  const a = probabilityWeights(options.a, n, 'options.a');
  const b = probabilityWeights(options.b, m, 'options.b');
  if (wantPlan && n * m > MAX_PLAN_ENTRIES) {
    throw new InvalidInputError('TOO_LARGE', 'options.plan', `the plan would have ${n}×${m} entries, more than ${MAX_PLAN_ENTRIES}; ask for potentials instead`);
  }
  // Centred at the pooled mean: in float64 on the host, or on the device for GPU inputs.
  const [xc, yc] = centreAtPooledMean([xm, ym]);
  const onDevice = isDeviceResident(xc) || isDeviceResident(yc);
  if (onDevice && wantPlan) throw gpuInputRefused('x, y', 'plan: true builds the plan from host points');
  const eps = blur ** p;
  const logA = logWeights(a), logB = logWeights(b);

  // Progress (engine/progress.ts): before the first upload, a prior of the work to come — 4 uploads,
  // the potentials' vectors, and one softmin per potential over about 12 ε-steps; the warm start
  // then announces the exact schedule (sinkhorn-loop.ts).
  progressOf(backend)?.expect(8 + (2 + (debias ? 2 : 0)) * 14);
  const uploaded: (MatrixHandle | VectorHandle)[] = [];
  const resident = async <T extends MatrixHandle | VectorHandle>(handle: Promise<T>): Promise<T> => {
    const h = await handle;
    uploaded.push(h);
    return h;
  };
  try {
    const measure = async (points: HostMatrix, weights: Float64Array, logs: Float64Array): Promise<ResidentMeasure> => ({
      points: await resident(backend.upload(points)),
      weights,
      logWeights: logs,
      residentLogWeights: await resident(backend.uploadVector(logs)),
    });
    const [xMeasure, yMeasure] = [await measure(xc, a, logA), await measure(yc, b, logB)];
    const diameter = onDevice ? await deviceDiameter(backend, [xMeasure.points, yMeasure.points], 'x, y') : boundingDiameter([xc, yc]);
    const schedule = epsilonSchedule(p, diameter, blur, scaling);
    const solution = await solveSinkhorn(backend, xMeasure, yMeasure, { p, schedule, debias, annealOnly, tol, maxIter, rho, signal: options.signal });
    const { fBa, gAb } = solution.potentials;
    return {
      value: solution.value,
      otEps: solution.otEps,
      transportCost: solution.transportCost,
      iterations: solution.iterations,
      annealingSteps: schedule.length,
      converged: solution.converged,
      marginalError: solution.marginalError,
      eps,
      p,
      debias,
      annealOnly,
      reach,
      method: 'sinkhorn',
      backend: backend.kind,
      n,
      m,
      potentials: wantPotentials ? solution.potentials : null,
      plan: wantPlan ? transportPlan({ x: xc, y: yc, logA, logB, f: fBa, g: gAb, p, eps }) : null,
      warnings:
        solution.converged || annealOnly
          ? []
          : [
              `not converged: the marginal error ${solution.marginalError.toExponential(2)} is above tol = ${tol} after ${solution.iterations} iterations; raise maxIter or tol, or blur (Sinkhorn slows down as ε = blur^p shrinks)`,
            ],
    };
  } finally {
    for (const h of uploaded) backend.release(h);
  }
}

function positiveNumber(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidInputError('BAD_NUMBER', `options.${name}`, `must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

function flag(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidInputError('UNKNOWN_OPTION', `options.${name}`, `must be true or false, got ${String(value)}`);
  return value;
}
