/**
 * Cancellation and progress of one public call (DESIGN.md §6: "Long calls take an
 * AbortSignal and report progress"). Every call that runs on a backend accepts the two
 * options below; the calls computed on the host in one piece (entropyFromCounts,
 * informationFromTable, wasserstein1d, slicedWasserstein, diffusionSpectral*) check the
 * signal before and after and report 1 when done. Backend calls take
 *
 *   signal      an AbortSignal. Checked at every "chunk" of work: before every backend call
 *               (a CPU batch running member by member, checkpointed-backend.ts); inside one,
 *               through Backend.withCheckpoint, on WebGPU before every command step (one per
 *               query chunk or tile pass) and on the CPU between time-bounded ranges of a
 *               kernel's rows (about 10 ms each, row-work.ts); and when the call is about to
 *               resolve. An aborted call rejects with `signal.reason` — a DOMException named
 *               'AbortError' when `abort()` is called without an argument — exactly as
 *               `fetch` and `signal.throwIfAborted()` do.
 *   onProgress  called with a fraction in [0, 1] that never decreases and ends at exactly 1
 *               when the call resolves (never when it rejects). An error it throws rejects
 *               the call at the next checkpoint (it is the caller's, so never retried on the CPU).
 *
 * Progress after d finished units of work (backend calls) with e units expected is
 * d / (d + max(1, e − d)), increasing in d: strictly below 1 until the call finishes,
 * monotone because a report is made only when it exceeds the previous one. Inside a
 * backend call that reports its own finished fraction f (the CPU kernels), d counts the
 * finished calls plus f. The expectation starts from the options — UNITS_PER_ESTIMATE
 * units for the estimate itself and for each of `permutations` and `interval.subsamples` —
 * and `expect(u)` raises it to at least d + u when a longer stretch of work is known to be
 * coming (a batch run member by member).
 *
 * The CPU backend's kernels are synchronous, so while one runs no abort event, timer,
 * input or repaint can be delivered. At every checkpoint the tracker yields to the event
 * loop (a macrotask, yield-to-event-loop.ts) once YIELD_INTERVAL_MS have passed since the
 * last yield — also when neither option is given, so a page's main thread stays responsive
 * by default (the thread is held for about YIELD_INTERVAL_MS plus one ~10 ms range of rows
 * at most, bar one-off setup steps). The cost is one macrotask per 20 ms of work: a few
 * microseconds with setImmediate or a MessageChannel (well under 1 %), where setTimeout(0)
 * would cost its ≥ 4 ms nested-timeout clamp in browsers (up to 20 %). The signal is checked
 * again after each yield, so an abort delivered meanwhile stops the call at once.
 */
import { InvalidInputError } from './errors.js';
import { yieldToEventLoop } from './yield-to-event-loop.js';

/** Options shared by every long public call. */
export interface ProgressOptions {
  /** Stops the call between chunks of work; it then rejects with `signal.reason` (an AbortError by default). */
  signal?: AbortSignal;
  /** Receives the finished fraction of the work, non-decreasing, ending at exactly 1. */
  onProgress?: (fraction: number) => void;
}

/** Option keys of ProgressOptions, for the `*_OPTIONS` lists checked by checkOptionKeys. */
export const PROGRESS_OPTIONS = ['signal', 'onProgress'] as const;

const YIELD_INTERVAL_MS = 20;
/** Backend calls of one estimate, roughly (a KSG estimate: upload, knn, two counts). */
const UNITS_PER_ESTIMATE = 4;
/** Smallest rise of the fraction worth a callback (1 is always reported). */
const REPORT_STEP = 1e-3;

export class CallProgress {
  private done = 0;
  private expected = 0;
  private reported = 0;
  private finished = false;
  private lastYield = Date.now();

  private constructor(
    readonly signal: AbortSignal | undefined,
    private readonly listener: ((fraction: number) => void) | undefined,
  ) {}

  /** The tracker of a call's options (checks that they are an object, and `signal` and `onProgress`; other keys are the estimator's business). */
  static from(options: unknown): CallProgress {
    if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
      throw new InvalidInputError('BAD_OPTION', 'options', `must be an object of named options or left out, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
    }
    const { signal, onProgress } = (options ?? {}) as ProgressOptions;
    if (signal !== undefined && !isAbortSignal(signal)) {
      throw new InvalidInputError('BAD_OPTION', 'options.signal', 'must be an AbortSignal (e.g. new AbortController().signal)');
    }
    if (onProgress !== undefined && typeof onProgress !== 'function') {
      throw new InvalidInputError('BAD_OPTION', 'options.onProgress', `must be a function (fraction: number) => void, got ${typeof onProgress}`);
    }
    const progress = new CallProgress(signal, onProgress);
    const { permutations, interval } = options as { permutations?: unknown; interval?: { subsamples?: unknown } } | undefined ?? {};
    const count = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback);
    progress.expected = UNITS_PER_ESTIMATE * (1 + count(permutations, 0) + (interval === undefined ? 0 : count(interval?.subsamples, 100)));
    return progress;
  }

  /** What the caller's onProgress threw, held until the next checkpoint; never a backend fault to retry. */
  private listenerError: { readonly error: unknown } | undefined;

  /** true once the signal has been aborted. */
  get aborted(): boolean {
    return this.signal?.aborted === true;
  }

  /** true once onProgress has thrown. */
  get listenerFailed(): boolean {
    return this.listenerError !== undefined;
  }

  /** Throws what onProgress threw, else the signal's reason when it has been aborted. */
  checkpoint(): void {
    if (this.listenerError) throw this.listenerError.error;
    if (this.signal?.aborted) throw this.signal.reason;
  }

  /** Announces that at least `units` more units of work (backend calls) are still to come. */
  expect(units: number): void {
    if (Number.isFinite(units) && units > 0) this.expected = Math.max(this.expected, this.done + units);
  }

  /**
   * Records `units` finished units, reports progress and lets the event loop run when due.
   * Never throws (on an abort or a failing onProgress): what the finished unit returned (a
   * resident handle, say) must reach the estimator so that its `finally` can release it; the
   * next unit's checkpoint throws.
   */
  async complete(units = 1): Promise<void> {
    this.done += units;
    this.report(this.fraction(this.done));
    await this.yieldWhenDue();
  }

  /**
   * A checkpoint inside a backend call that has finished `fraction` ∈ [0, 1) of its work
   * (Backend.withCheckpoint): throws as checkpoint() does, else reports progress, yields to
   * the event loop when due and checks again (an abort delivered meanwhile throws).
   */
  async within(fraction = 0): Promise<void> {
    this.checkpoint();
    if (fraction > 0) this.report(this.fraction(this.done + Math.min(fraction, 1)));
    await this.yieldWhenDue();
    this.checkpoint();
  }

  /** The call succeeded: throws instead if the signal was aborted (or onProgress threw) meanwhile, else reports exactly 1. */
  finish<T>(result: T): T {
    this.checkpoint();
    if (!this.finished) {
      this.finished = true;
      this.reported = 1;
      this.notify(1);
      this.checkpoint();
    }
    return result;
  }

  /** Progress after `done` finished units (see the header). */
  private fraction(done: number): number {
    return done / (done + Math.max(1, this.expected - done));
  }

  /** Yields to the event loop when YIELD_INTERVAL_MS have passed since the last yield. */
  private async yieldWhenDue(): Promise<void> {
    if (Date.now() - this.lastYield < YIELD_INTERVAL_MS) return;
    await yieldToEventLoop();
    this.lastYield = Date.now();
  }

  private report(fraction: number): void {
    if (this.listener === undefined || this.finished || fraction < this.reported + REPORT_STEP) return;
    this.reported = Math.min(fraction, 1 - Number.EPSILON);
    this.notify(this.reported);
  }

  /** Calls onProgress; an error it throws is kept for the next checkpoint (so no finished unit's result is lost). */
  private notify(fraction: number): void {
    try {
      this.listener?.(fraction);
    } catch (error) {
      this.listenerError ??= { error };
    }
  }
}

function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal !== 'undefined' && value instanceof AbortSignal) return true;
  const candidate = value as { aborted?: unknown; addEventListener?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.aborted === 'boolean' && typeof candidate.addEventListener === 'function';
}
