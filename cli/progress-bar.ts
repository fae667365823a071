/**
 * A one-line progress indicator on a terminal (stderr). With a known fraction it draws
 *   label [##########----------]  50%  3.2 s
 * and without one an indeterminate spinner with the elapsed time. It draws nothing
 * when the stream is not a TTY, nothing for work shorter than `delayMs`, redraws at most
 * every `intervalMs`, and erases its line on `stop()`.
 */

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): boolean;
}

export interface ProgressBarOptions {
  /** Nothing is drawn before this much time has passed (default 400 ms). */
  readonly delayMs?: number;
  /** Redraw period (default 100 ms). */
  readonly intervalMs?: number;
  /** Milliseconds clock (default performance.now). */
  readonly now?: () => number;
}

const SPINNER = ['|', '/', '-', '\\'];
const BAR_WIDTH = 24;

export class ProgressBar {
  private readonly started: number;
  private readonly delayMs: number;
  private readonly now: () => number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private fraction: number | undefined;
  private frame = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    options: ProgressBarOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.delayMs = options.delayMs ?? 400;
    this.started = this.now();
    if (this.enabled) {
      this.timer = setInterval(() => this.draw(), options.intervalMs ?? 100);
      this.timer.unref?.();
    }
  }

  /** Whether anything will be drawn (the stream is a terminal). */
  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  /** Records progress reported by the library: a fraction in [0, 1] or `{ fraction }` / `{ done, total }`. */
  report(progress: unknown): void {
    const fraction = fractionOf(progress);
    if (fraction !== undefined) this.fraction = fraction;
  }

  /** Draws the current state (called by the timer; public for tests). */
  draw(): void {
    if (!this.enabled) return;
    const elapsed = this.now() - this.started;
    if (elapsed < this.delayMs) return;
    const seconds = `${(elapsed / 1000).toFixed(1)} s`;
    let status: string;
    if (this.fraction === undefined) {
      status = `${SPINNER[this.frame++ % SPINNER.length]} ${seconds}`;
    } else {
      const filled = Math.round(this.fraction * BAR_WIDTH);
      const percent = `${Math.floor(this.fraction * 100)}%`.padStart(4);
      status = `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${seconds}`;
    }
    // The status stays whole; a long label is cut to the terminal's width.
    const room = Math.max(0, (this.stream.columns || 80) - 1 - status.length - 1);
    this.stream.write(`\r${this.label.slice(0, room)} ${status}\x1b[K`);
    this.drawn = true;
  }

  /** Stops the timer and erases the line if one was drawn. */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

/** The fraction done that a progress report carries, clamped to [0, 1], or undefined. */
export function fractionOf(progress: unknown): number | undefined {
  let fraction: unknown;
  if (typeof progress === 'number') fraction = progress;
  else if (progress !== null && typeof progress === 'object') {
    const report = progress as { fraction?: unknown; done?: unknown; total?: unknown };
    if (typeof report.fraction === 'number') fraction = report.fraction;
    else if (typeof report.done === 'number' && typeof report.total === 'number' && report.total > 0) fraction = report.done / report.total;
  }
  if (typeof fraction !== 'number' || !Number.isFinite(fraction)) return undefined;
  return Math.min(1, Math.max(0, fraction));
}
