/**
 * When an iterative solver (the Sinkhorn loop) measures its error: every measurement reads
 * vectors back from the backend (a GPU → host synchronisation), so checks are spaced by
 * the observed rate of convergence rather than made at every iteration.
 *
 * The first check comes at iteration 1 and the second FIRST_GAP later. After checks at
 * iterations k₁ < k₂ with errors e₁ > e₂, the error is taken to fall geometrically,
 * e(k) ≈ e₂·ρ^{k−k₂} with ρ = (e₂/e₁)^{1/(k₂−k₁)} (Sinkhorn converges linearly), and the next
 * check comes where that reaches the tolerance: k₂ + ⌈log(tol/e₂)/log ρ⌉, at least one and
 * at most MAX_GAP iterations later (MAX_GAP also when the error stopped falling). The last
 * iteration is always checked.
 */

const FIRST_GAP = 4;
const MAX_GAP = 20;

export class ConvergenceChecks {
  /** Iteration at which to measure next. */
  next = 1;
  private previous: { iteration: number; error: number } | undefined;

  constructor(
    private readonly tol: number,
    private readonly maxIter: number,
  ) {}

  /** Records the error measured at `iteration` (= next) and schedules the next check. */
  record(iteration: number, error: number): void {
    let gap = FIRST_GAP;
    const before = this.previous;
    if (before) {
      const rate = Math.pow(error / before.error, 1 / (iteration - before.iteration));
      gap = rate > 0 && rate < 1 ? Math.ceil(Math.log(this.tol / error) / Math.log(rate)) : MAX_GAP;
      gap = Math.min(MAX_GAP, Math.max(1, gap));
    }
    this.previous = { iteration, error };
    this.next = Math.min(iteration + gap, this.maxIter);
  }
}
