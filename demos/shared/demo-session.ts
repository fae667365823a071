/**
 * The life cycle every demo page shares: an engine worker (engine-client.ts) started at
 * load, one run at a time with stage-by-stage progress, Cancel (aborts the call in flight
 * through its signal; a worker that does not stop in time is terminated and a new one
 * started) and the outcome. The state is on the page's root element for the tests:
 *
 *   data-state    'starting' | 'ready' | 'running'
 *   data-outcome  'done' | 'cancelled' | 'failed'   (the last run; absent while one runs)
 *   data-backend  the engine's backend once ready
 *
 * Progress: `stage(text)` shows an indeterminate bar, `fraction(f)` then fills it from the
 * library's `onProgress`; `stage(text, done, total)` counts steps (e.g. permutations done).
 */
import { CancelledError, EngineClient, type EngineReady } from './engine-client.js';
import type { EngineRequest } from './engine-protocol.js';
import { describeError, formatDuration } from './page-elements.js';
import { SampleFileError } from './sample-file.js';

export interface SessionElements {
  readonly root: HTMLElement;
  readonly engine: HTMLElement;
  readonly run: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly progress: HTMLProgressElement;
  readonly status: HTMLElement;
}

export interface Progress {
  stage(text: string, done?: number, total?: number): void;
  /** The finished fraction of the current stage (a library call's `onProgress`). */
  fraction(value: number): void;
}

/**
 * A Progress that drives a <progress> bar and a status line; the bar's data-fraction is the
 * stage's last library fraction. `stopped()` is asked at every stage: when it says so, the
 * stage throws CancelledError, so a cancelled run also ends between two library calls.
 */
export function progressDisplay(bar: HTMLProgressElement, status: HTMLElement, stopped: () => boolean = () => false): Progress & { readonly lastStage: string } {
  let lastStage = '';
  return {
    get lastStage() {
      return lastStage;
    },
    stage(text, done, total) {
      if (stopped()) throw new CancelledError();
      lastStage = text;
      delete bar.dataset.fraction;
      if (done === undefined || total === undefined) bar.removeAttribute('value');
      else {
        bar.max = total;
        bar.value = done;
      }
      status.textContent = done === undefined ? `${text}…` : `${text}: ${done} of ${total}…`;
    },
    fraction(value) {
      bar.max = 1;
      bar.value = value;
      bar.dataset.fraction = String(value);
      status.textContent = `${lastStage}: ${Math.floor(100 * value)} %…`;
    },
  };
}

/** Errors the user fixes by changing the input (shown on the page, not logged). */
export function isBadInput(error: unknown): boolean {
  return error instanceof SampleFileError || (error instanceof Error && error.name === 'InvalidInputError');
}

export class DemoSession {
  readonly client: EngineClient;
  ready: EngineReady | null = null;
  private cancelRequested = false;

  constructor(
    private readonly ui: SessionElements,
    workerUrl: URL,
    private readonly request: EngineRequest,
  ) {
    this.client = new EngineClient(workerUrl);
    ui.cancel.addEventListener('click', () => {
      this.cancelRequested = true;
      this.client.abort();
    });
  }

  /** Starts (or restarts) the worker and shows which backend its engine uses. */
  async start(): Promise<void> {
    this.setState('starting');
    try {
      this.ready = await this.client.start(this.request);
    } catch (error) {
      this.ui.engine.textContent = `the engine worker did not start: ${describeError(error)}`;
      this.ui.engine.classList.add('error');
      throw error;
    }
    this.ui.root.dataset.backend = this.ready.backend;
    this.ui.engine.textContent =
      this.ready.backend === 'webgpu' ? `WebGPU (createEngine({ backend: '${this.request}' }))` : `the float64 CPU backend: ${this.ready.cpuReason ?? ''}`;
    this.setState('ready');
  }

  /**
   * Runs `work` as one run. Bad input (a SampleFileError or the library's InvalidInputError
   * message) ends it as 'failed' with the message shown; Cancel as 'cancelled'. Either way
   * a worker is ready again afterwards.
   */
  async run(work: (progress: Progress) => Promise<void>): Promise<void> {
    if (this.ui.root.dataset.state !== 'ready') return;
    delete this.ui.root.dataset.outcome;
    this.setState('running');
    this.ui.status.classList.remove('error');
    const started = performance.now();
    this.cancelRequested = false;
    const progress = progressDisplay(this.ui.progress, this.ui.status, () => this.cancelRequested);
    try {
      await work(progress);
      this.ui.progress.max = 1;
      this.ui.progress.value = 1;
      this.ui.status.textContent = `done in ${formatDuration(performance.now() - started)}`;
      this.ui.root.dataset.outcome = 'done';
      this.setState('ready');
    } catch (error) {
      this.ui.progress.value = 0;
      if (error instanceof CancelledError) {
        this.ui.status.textContent = `cancelled during: ${progress.lastStage}`;
        this.ui.root.dataset.outcome = 'cancelled';
      } else {
        this.ui.status.textContent = `failed${progress.lastStage ? ` during ${progress.lastStage}` : ''}: ${describeError(error)}`;
        this.ui.status.classList.add('error');
        this.ui.root.dataset.outcome = 'failed';
        // Bad input is the user's to fix and is shown above; anything else is a bug worth the console.
        if (!isBadInput(error)) console.error(error);
        this.client.cancel();
      }
      if (this.client.alive) this.setState('ready');
      else await this.start();
    }
  }

  private setState(state: 'starting' | 'ready' | 'running'): void {
    this.ui.root.dataset.state = state;
    this.ui.run.disabled = state !== 'ready';
    this.ui.cancel.disabled = state !== 'running';
  }
}
