/**
 * The page's side of the estimator worker: starts it, sends one estimate at a time and
 * resolves its reply. `cancel()` terminates the worker, which really stops the call in
 * flight (CPU loop or GPU queue alike); the next `start()` makes a fresh worker.
 */
import type { EstimateTask, GpuRequest, WorkerReply, WorkerRequest } from './protocol.js';

export type ReadyReply = Extract<WorkerReply, { type: 'ready' }>;
export type EstimateReply = Extract<WorkerReply, { type: 'estimate' }>;

/** The rejection of every pending request when the worker is cancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

interface Pending {
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

export class EstimatorClient {
  private worker: Worker | null = null;
  private nextId = 1;
  /** Keyed by request id; 0 is the 'init' request. */
  private readonly pending = new Map<number, Pending>();

  /** Starts a worker and resolves when its engines are ready. */
  async start(gpu: GpuRequest): Promise<ReadyReply> {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'infogpu-estimator' });
    this.worker.addEventListener('message', (event: MessageEvent<WorkerReply>) => this.settle(event.data));
    this.worker.addEventListener('error', (event) => this.failAll(new Error(`the estimator worker failed: ${event.message}`)));
    const reply = await this.send({ type: 'init', gpu }, 0);
    if (reply.type !== 'ready') throw new Error(`the worker answered 'init' with '${reply.type}'`);
    return reply;
  }

  async estimate(task: EstimateTask): Promise<EstimateReply> {
    const id = this.nextId++;
    const reply = await this.send({ type: 'estimate', id, task }, id);
    if (reply.type !== 'estimate') throw new Error(`the worker answered an estimate with '${reply.type}'`);
    return reply;
  }

  /** Terminates the worker now; pending requests reject with CancelledError. */
  cancel(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failAll(new CancelledError());
  }

  private send(request: WorkerRequest, id: number): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker) return Promise.reject(new Error('the estimator worker is not running'));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  private settle(reply: WorkerReply): void {
    const id = reply.type === 'ready' ? 0 : reply.type === 'estimate' ? reply.id : (reply.id ?? 0);
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (reply.type === 'failure') pending.reject(new Error(reply.message));
    else pending.resolve(reply);
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
