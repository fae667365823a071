/**
 * Request/reply over a module Web Worker, shared by the demo pages and the panel: each
 * request carries an id, the reply with that id settles it. `cancel()` terminates the
 * worker — which really stops the call in flight (a CPU loop or a GPU queue alike) — and
 * rejects every pending request with CancelledError; the caller then starts a new worker.
 */

/** The rejection of every pending request when the worker is cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** How a worker's replies are read: which request each settles, and whether it is a failure. */
export interface ReplyReader<Reply> {
  /** The id of the request this reply answers (null: a notice that settles nothing, such as progress). */
  idOf(reply: Reply): number | null;
  /** The error to reject with when the reply reports a failure, else null. */
  failureOf(reply: Reply): Error | null;
}

interface Pending<Reply> {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

export class WorkerRpc<Request, Reply> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending<Reply>>();

  constructor(
    private readonly url: URL,
    private readonly name: string,
    private readonly reader: ReplyReader<Reply>,
    /** Called with every reply that settles no request (e.g. progress notices). */
    private readonly onNotice: (reply: Reply) => void = () => {},
  ) {}

  /** Starts the worker (terminating any previous one). */
  open(): void {
    this.cancel();
    const worker = new Worker(this.url, { type: 'module', name: this.name });
    worker.addEventListener('message', (event: MessageEvent<Reply>) => this.settle(event.data));
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      this.failAll(new Error(`the ${this.name} worker failed: ${event.message || 'it could not be loaded'}`));
    });
    this.worker = worker;
  }

  /** Whether a worker is running (false after `cancel()` until the next `open()`). */
  get alive(): boolean {
    return this.worker !== null;
  }

  /** Posts a message that expects no reply of its own (e.g. an abort); dropped when no worker runs. */
  notify(request: Request): void {
    this.worker?.postMessage(request);
  }

  /** Posts `request` and resolves the reply whose id is `id`. */
  send(request: Request, id: number, transfer: Transferable[] = []): Promise<Reply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error(`the ${this.name} worker is not running`));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request, transfer);
    });
  }

  /** Terminates the worker now; pending requests reject with CancelledError. */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new CancelledError());
  }

  private settle(reply: Reply): void {
    const id = this.reader.idOf(reply);
    const pending = id === null ? undefined : this.pending.get(id);
    if (!pending) {
      this.onNotice(reply);
      return;
    }
    this.pending.delete(id as number);
    const failure = this.reader.failureOf(reply);
    if (failure !== null) pending.reject(failure);
    else pending.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
