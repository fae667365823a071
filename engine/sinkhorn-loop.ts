/**
 * The Sinkhorn loop, written once against Backend.softmin, after GeomLoss's `sinkhorn_loop`
 * (Feydy 2020, thesis Algorithm 3.6; "Line n" below refers to it). It solves
 *
 *   OT_ε(a, b) = min_π ⟨π, C⟩ + ε·KL(π ‖ a⊗b)
 *              = max_{f,g} ⟨a, f⟩ + ⟨b, g⟩ − ε·⟨a⊗b, e^{(f⊕g − C)/ε} − 1⟩,   π = a⊗b·e^{(f⊕g − C)/ε},
 *
 * and, to debias, OT_ε(a, a) and OT_ε(b, b). Direction names as in GeomLoss: fBa and gAb
 * are the potentials of a ↔ b on x and on y, fAa and gBb those of a ↔ a and b ↔ b. The
 * softmins (backend.ts, SoftminRequest), summing over the other side's weights:
 *   T_xy(g)_i = −ε log Σ_j b_j e^{(g_j − C(x_i, y_j))/ε}     (b → a, a potential on x)
 *   T_yx(f)_j = −ε log Σ_i a_i e^{(f_i − C(y_j, x_i))/ε}     (a → b, a potential on y)
 *
 * 1. Warm start by ε-scaling (epsilon-schedule.ts): at ε_0, fBa = T_xy(0), gAb = T_yx(0)
 *    (Line 2); for each ε of the schedule the symmetric updates fBa ← ½(fBa + T_xy(gAb)),
 *    gAb ← ½(gAb + T_yx(fBa)) (Line 7), and fAa ← ½(fAa + T_xx(fAa)), gBb ← ½(gBb + T_yy(gBb)).
 * 2a. annealOnly: GeomLoss's last extrapolation fBa ← T_xy(gAb), gAb ← T_yx(fBa) from the old
 *    values (and fAa ← T_xx(fAa), gBb ← T_yy(gBb)); its estimate ⟨a, fBa⟩ + ⟨b, gAb⟩
 *    (− ⟨a, fAa⟩ − ⟨b, gBb⟩ when debiasing).
 * 2b. Otherwise, at the target ε until the marginal error is below tol: alternating
 *    updates gAb ← T_yx(fBa), fBa ← T_xy(gAb) (Sinkhorn–Knopp in the log domain), which
 *    near the fixed point contract ~4× faster per softmin than the averaged ones (rate σ²
 *    per two softmins against (1 + σ)/2 per one, σ < 1 the second singular value of the
 *    plan's normalised kernel), over-relaxed by ω ∈ [1, 2) chosen from the observed rate
 *    (overrelaxation.ts): f ← f + ω(T(g) − f). The two updates around a convergence check
 *    are plain (ω = 1), so that the plan measured has exact column sums. The symmetric
 *    problems keep their averaged updates (they converge in a few steps) until their own
 *    error is below tol, then stay frozen.
 *
 * Marginal error (float64, on the host, every few iterations: convergence-checks.ts):
 * after gAb ← T_yx(fBa) the plan of (fBa, gAb) has exact column sums, and its row sums are
 * r_i = a_i e^{(fBa_i − f̃_i)/ε} with f̃ = T_xy(gAb), the next update: its L1 error
 * Σ_i |r_i − a_i| costs no extra softmin. A symmetric problem's averaged update
 * f̄ = ½(f + T(f)) gives T(f) = 2f̄ − f, so its error is Σ_i |a_i e^{(f_i − T(f)_i)/ε} − a_i|.
 * `marginalError` is the largest over the problems solved.
 *
 * Values: OT_ε(a, b) is the dual objective at (f̃, gAb), ⟨a, f̃⟩ + ⟨b, gAb⟩ (its plan has exact
 * row sums, so the exponential term vanishes), a lower bound whose gap is of second order
 * in the marginal error; OT_ε(a, a) is the dual objective at fAa, 2⟨a, fAa⟩ − ε(Σ_i r_i − 1).
 * The transport cost ⟨π, C⟩ of the plan of (fBa, gAb) is Σ_i r_i·c̄_i, with c̄_i the mean cost
 * of row i under the plan (SoftminRequest.meanCost), asked of one more softmin T_xy(gAb) after
 * the last check rather than at every check (a CPU softmin with mean costs cannot use a
 * stored kernel, cpu-kernel-cache.ts).
 *
 * Unbalanced OT (settings.rho = ρ, GeomLoss's reach^p): the marginal constraints become
 * penalties ρ·KL(π1 ‖ a) + ρ·KL(πᵀ1 ‖ b) (generalised KL), and every softmin is dampened,
 * T ← κ·T with κ = 1/(1 + ε/ρ) at the current ε (GeomLoss's `dampening`); the loop is
 * otherwise unchanged. At the fixed point f = κ·T(g) the dual objective is
 *   OT_ε,ρ(a, b) = (ρ + ε/2)·(⟨a, 1 − e^{−f/ρ}⟩ + ⟨b, 1 − e^{−g/ρ}⟩)
 * (GeomLoss's `UnbalancedWeight`), OT_ε,ρ(a, a) = 2(ρ + ε/2)·⟨a, 1 − e^{−f_aa/ρ}⟩, and S_ε,ρ
 * debiases as above. `marginalError` is then the fixed-point residual
 * Σ_i |a_i e^{(f_i − f̃_i)/ε} − a_i| (f̃ = κ·T(g) the next update), 0 at the solution; the
 * plan's row sums, for ⟨π, C⟩, are a_i e^{(f_i − f̃_i/κ)/ε}.
 */
import type { Backend, CostPower, MatrixHandle, SoftminRelaxation, VectorHandle } from './backend.js';
import { progressOf } from './checkpointed-backend.js';
import { ConvergenceChecks } from './convergence-checks.js';
import { Overrelaxation } from './overrelaxation.js';
import type { SinkhornPotentials } from './results.js';

/** A discrete measure Σ_i a_i δ_{x_i}: its points and log-weights resident, its weights on the host. */
export interface ResidentMeasure {
  readonly points: MatrixHandle;
  readonly weights: Float64Array;
  readonly logWeights: Float64Array;
  readonly residentLogWeights: VectorHandle;
}

export interface SinkhornSettings {
  readonly p: CostPower;
  /** ε_0 ≥ … ≥ ε: the warm start's temperatures, the target ε last. */
  readonly schedule: readonly number[];
  readonly debias: boolean;
  readonly annealOnly: boolean;
  readonly tol: number;
  readonly maxIter: number;
  /** ρ of unbalanced OT's marginal penalties (reach^p); null: balanced (exact marginals). */
  readonly rho: number | null;
  /** Checked at every iteration. */
  readonly signal: AbortSignal | undefined;
}

export interface SinkhornSolution {
  /** S_ε = OT_ε(a, b) − ½OT_ε(a, a) − ½OT_ε(b, b) when debiasing, else OT_ε(a, b). */
  readonly value: number;
  readonly otEps: number;
  readonly transportCost: number;
  /** Iterations at the target ε after the warm start (0 with annealOnly). */
  readonly iterations: number;
  readonly converged: boolean;
  readonly marginalError: number;
  readonly potentials: SinkhornPotentials;
}

/** A potential in two resident vectors: a step reads `now` and writes `next`, then they swap. */
class ResidentPotential {
  constructor(
    public now: VectorHandle,
    public next: VectorHandle,
  ) {}

  swap(): void {
    [this.now, this.next] = [this.next, this.now];
  }
}

/** OT_ε(a, a) (or (b, b)): its potential, and once frozen its last measured dual value, error and potential. */
interface SelfProblem {
  readonly measure: ResidentMeasure;
  readonly potential: ResidentPotential;
  frozen: boolean;
  dual: number;
  error: number;
  values: Float64Array;
}

export async function solveSinkhorn(backend: Backend, a: ResidentMeasure, b: ResidentMeasure, settings: SinkhornSettings): Promise<SinkhornSolution> {
  const made: VectorHandle[] = [];
  const vector = async (length: number) => {
    const v = await backend.uploadVector(new Float64Array(length));
    made.push(v);
    return v;
  };
  const potential = async (length: number) => new ResidentPotential(await vector(length), await vector(length));
  try {
    const n = a.weights.length, m = b.weights.length;
    const loop: Loop = {
      backend,
      a,
      b,
      settings,
      fBa: await potential(n),
      gAb: await potential(m),
      selves: settings.debias ? [selfProblem(a, await potential(n)), selfProblem(b, await potential(m))] : [],
      meanCost: await vector(n),
      scratch: await vector(n),
    };
    await warmStart(loop);
    return settings.annealOnly ? await annealOnlyEstimate(loop) : await converge(loop);
  } finally {
    for (const v of made) backend.release(v);
  }
}

function selfProblem(measure: ResidentMeasure, potential: ResidentPotential): SelfProblem {
  return { measure, potential, frozen: false, dual: 0, error: Infinity, values: new Float64Array(0) };
}

interface Loop {
  readonly backend: Backend;
  readonly a: ResidentMeasure;
  readonly b: ResidentMeasure;
  readonly settings: SinkhornSettings;
  readonly fBa: ResidentPotential;
  readonly gAb: ResidentPotential;
  /** OT_ε(a, a) then OT_ε(b, b) when debiasing; empty otherwise. */
  readonly selves: SelfProblem[];
  readonly meanCost: VectorHandle;
  /** Receives a softmin computed only for its mean costs. */
  readonly scratch: VectorHandle;
}

interface SoftminStep {
  readonly eps: number;
  readonly relax?: SoftminRelaxation;
  readonly meanCost?: VectorHandle;
}

/** output ← softmin over `from` (weights b, potential) for the points of `to`. */
function softmin(loop: Loop, to: ResidentMeasure, from: ResidentMeasure, potential: VectorHandle, output: VectorHandle, step: SoftminStep): Promise<void> {
  const damping = dampingAt(loop.settings, step.eps);
  return loop.backend.softmin(to.points, from.points, { p: loop.settings.p, logWeights: from.residentLogWeights, potential, output, ...step, ...(damping === 1 ? {} : { damping }) });
}

/** κ = 1/(1 + ε/ρ) (unbalanced), 1 (balanced). */
function dampingAt(settings: SinkhornSettings, eps: number): number {
  return settings.rho === null ? 1 : 1 / (1 + eps / settings.rho);
}

/**
 * The linear part of the dual objective at a fixed point, Σ_i w_i φ(f_i): φ(f) = f (balanced)
 * or (ρ + ε/2)(1 − e^{−f/ρ}) (unbalanced).
 */
function potentialValue(settings: SinkhornSettings, eps: number, weights: Float64Array, f: Float64Array): number {
  const rho = settings.rho;
  if (rho === null) return dot(weights, f);
  let s = 0;
  for (let i = 0; i < f.length; i++) s += weights[i] * -Math.expm1(-f[i] / rho);
  return (rho + eps / 2) * s;
}

/** The potential T before dampening, f̃/κ, where the plan's row sums are measured. */
function undamped(settings: SinkhornSettings, eps: number, damped: Float64Array): Float64Array {
  const kappa = dampingAt(settings, eps);
  return kappa === 1 ? damped : damped.map((v) => v / kappa);
}

/** Line 2, then Lines 4–7 over the schedule: the ε-scaling warm start (symmetric updates). */
async function warmStart(loop: Loop): Promise<void> {
  const { a, b, fBa, gAb, selves, settings } = loop;
  const eps0 = settings.schedule[0];
  // Progress (engine/progress.ts): one softmin per potential and schedule step, plus the start and the end.
  progressOf(loop.backend)?.expect((2 + selves.length) * (settings.schedule.length + 2));
  // Line 2: the potentials start as softmins of zero potentials at ε_0 (the vectors start at 0).
  await softmin(loop, b, a, fBa.now, gAb.next, { eps: eps0 });
  await softmin(loop, a, b, gAb.now, fBa.next, { eps: eps0 });
  for (const s of selves) await softmin(loop, s.measure, s.measure, s.potential.now, s.potential.next, { eps: eps0 });
  swapAll(loop);
  for (const eps of settings.schedule) {
    settings.signal?.throwIfAborted();
    // Line 7: ft_ba = T_xy(g_ab), gt_ab = T_yx(f_ba), both from the old pair, then averaged.
    await softmin(loop, a, b, gAb.now, fBa.next, { eps, relax: averaged(fBa.now) });
    await softmin(loop, b, a, fBa.now, gAb.next, { eps, relax: averaged(gAb.now) });
    for (const s of selves) await softmin(loop, s.measure, s.measure, s.potential.now, s.potential.next, { eps, relax: averaged(s.potential.now) });
    swapAll(loop);
  }
}

/** GeomLoss's symmetric update: the average of the old potential and its softmin. */
function averaged(previous: VectorHandle): SoftminRelaxation {
  return { previous, weight: 0.5 };
}

/** The over-relaxed update previous + ω(T − previous); none when ω = 1. */
function overrelaxed(previous: VectorHandle, weight: number): SoftminRelaxation | undefined {
  return weight === 1 ? undefined : { previous, weight };
}

function swapAll(loop: Loop): void {
  loop.fBa.swap();
  loop.gAb.swap();
  for (const s of loop.selves) s.potential.swap();
}

/** 2a: the last extrapolation and GeomLoss's estimate, with the marginal errors of the potentials returned. */
async function annealOnlyEstimate(loop: Loop): Promise<SinkhornSolution> {
  const { backend, a, b, fBa, gAb, selves, settings } = loop;
  const eps = targetEps(settings);
  await softmin(loop, a, b, gAb.now, fBa.next, { eps });
  await softmin(loop, b, a, fBa.now, gAb.next, { eps });
  for (const s of selves) await softmin(loop, s.measure, s.measure, s.potential.now, s.potential.next, { eps });
  swapAll(loop);
  // The errors of the extrapolated potentials: one more softmin each way.
  await softmin(loop, a, b, gAb.now, fBa.next, { eps, meanCost: loop.meanCost });
  await softmin(loop, b, a, fBa.now, gAb.next, { eps });
  for (const s of selves) await softmin(loop, s.measure, s.measure, s.potential.now, s.potential.next, { eps });
  const [f, fNext, g, gNext, meanCost, ...selfValues] = await backend.readVectors([
    fBa.now,
    fBa.next,
    gAb.now,
    gAb.next,
    loop.meanCost,
    ...selves.flatMap((s) => [s.potential.now, s.potential.next]),
  ]);
  const rows = planSums(a, f, fNext, eps);
  const columns = planSums(b, g, gNext, eps);
  const otEps = potentialValue(settings, eps, a.weights, f) + potentialValue(settings, eps, b.weights, g);
  let value = otEps;
  let marginalError = Math.max(rows.error, columns.error);
  selves.forEach((s, t) => {
    s.values = selfValues[2 * t];
    value -= potentialValue(settings, eps, s.measure.weights, s.values);
    marginalError = Math.max(marginalError, planSums(s.measure, s.values, selfValues[2 * t + 1], eps).error);
  });
  return {
    value,
    otEps,
    transportCost: dot(planSums(a, f, undamped(settings, eps, fNext), eps).sums, meanCost),
    iterations: 0,
    converged: marginalError < settings.tol,
    marginalError,
    potentials: potentialsOf(f, g, selves),
  };
}

/** 2b: alternating updates at the target ε until every marginal error is below tol (or maxIter). */
async function converge(loop: Loop): Promise<SinkhornSolution> {
  const { backend, a, b, fBa, gAb, selves, settings } = loop;
  const eps = targetEps(settings);
  const checks = new ConvergenceChecks(settings.tol, settings.maxIter);
  const relaxation = new Overrelaxation();
  // The plan of (fBa, gAb) has exact column sums.
  await softmin(loop, b, a, fBa.now, gAb.next, { eps });
  gAb.swap();
  for (let iteration = 1; ; iteration++) {
    settings.signal?.throwIfAborted();
    const check = iteration === checks.next;
    // The iterations left are unknown: expect those up to the next check (scheduled from the error's decay).
    progressOf(backend)?.expect((2 + selves.length) * (checks.next - iteration + 1));
    // At a check, f̃ = T_xy(gAb) (plain): the row sums of the current plan and the next fBa.
    await softmin(loop, a, b, gAb.now, fBa.next, check ? { eps } : { eps, relax: overrelaxed(fBa.now, relaxation.weight) });
    const active = selves.filter((s) => !s.frozen);
    for (const s of active) await softmin(loop, s.measure, s.measure, s.potential.now, s.potential.next, { eps, relax: averaged(s.potential.now) });
    if (check) {
      const [f, fNext, g, ...selfValues] = await backend.readVectors([
        fBa.now,
        fBa.next,
        gAb.now,
        ...active.flatMap((s) => [s.potential.now, s.potential.next]),
      ]);
      active.forEach((s, t) => measureSelf(s, selfValues[2 * t], selfValues[2 * t + 1], eps, settings));
      const rows = planSums(a, f, fNext, eps);
      const marginalError = Math.max(rows.error, ...selves.map((s) => s.error));
      checks.record(iteration, marginalError);
      relaxation.record(iteration, rows.error);
      const converged = marginalError < settings.tol;
      if (converged || iteration >= settings.maxIter) {
        const otEps = potentialValue(settings, eps, a.weights, fNext) + potentialValue(settings, eps, b.weights, g);
        const value = selves.reduce((v, s) => v - s.dual / 2, otEps);
        const planRows = settings.rho === null ? rows : planSums(a, f, undamped(settings, eps, fNext), eps);
        // The rows' mean costs under the plan: the check's softmin T_xy(gAb) once more, with them.
        await softmin(loop, a, b, gAb.now, loop.scratch, { eps, meanCost: loop.meanCost });
        const [meanCost] = await backend.readVectors([loop.meanCost]);
        return { value, otEps, transportCost: dot(planRows.sums, meanCost), iterations: iteration, converged, marginalError, potentials: potentialsOf(f, g, selves) };
      }
    }
    fBa.swap();
    for (const s of active) if (!s.frozen) s.potential.swap();
    // gAb ← T_yx(fBa), plain before a check (exact column sums), over-relaxed otherwise.
    const weight = iteration + 1 === checks.next ? 1 : relaxation.weight;
    await softmin(loop, b, a, fBa.now, gAb.next, { eps, relax: overrelaxed(gAb.now, weight) });
    gAb.swap();
  }
}

/** A symmetric problem's error and dual value from f and f̄ = ½(f + κT(f)); frozen once below tol. */
function measureSelf(s: SelfProblem, f: Float64Array, averaged: Float64Array, eps: number, settings: SinkhornSettings): void {
  const transform = averaged.map((v, i) => 2 * v - f[i]);
  const sums = planSums(s.measure, f, transform, eps);
  s.values = f;
  s.error = sums.error;
  s.dual = settings.rho === null ? 2 * dot(s.measure.weights, f) - eps * (sums.total - 1) : 2 * potentialValue(settings, eps, s.measure.weights, f);
  s.frozen = sums.error < settings.tol;
}

/**
 * Row sums r_i = a_i e^{(f_i − t_i)/ε} of the plan whose potential on these points is f, where
 * t is the softmin of the other potential (so that the plan of (t, ·) has rows exactly a):
 * computed as e^{log a_i + (f_i − t_i)/ε}, so a zero weight gives exactly 0. Also the L1
 * error Σ_i |r_i − a_i| and the total Σ_i r_i.
 */
function planSums(measure: ResidentMeasure, f: Float64Array, t: Float64Array, eps: number): { sums: Float64Array; error: number; total: number } {
  const { weights, logWeights } = measure;
  const sums = new Float64Array(f.length);
  let error = 0, total = 0;
  for (let i = 0; i < f.length; i++) {
    const r = Math.exp(logWeights[i] + (f[i] - t[i]) / eps);
    sums[i] = r;
    error += Math.abs(r - weights[i]);
    total += r;
  }
  return { sums, error, total };
}

function potentialsOf(f: Float64Array, g: Float64Array, selves: readonly SelfProblem[]): SinkhornPotentials {
  return { fBa: f, gAb: g, fAa: selves[0]?.values ?? null, gBb: selves[1]?.values ?? null };
}

function targetEps(settings: SinkhornSettings): number {
  return settings.schedule[settings.schedule.length - 1];
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += u[i] * v[i];
  return s;
}
