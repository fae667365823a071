/**
 * The page's side of the MI explorer's estimator worker (over demos/shared/worker-rpc.ts):
 * starts it, sends one estimate at a time and resolves its reply. `cancel()` terminates
 * the worker, stopping the call in flight; the next `start()` makes a fresh worker.
 */
import { WorkerRpc } from '../shared/worker-rpc.js';
import type { EstimateTask, GpuRequest, WorkerReply, WorkerRequest } from './protocol.js';

export { CancelledError } from '../shared/worker-rpc.js';
export type ReadyReply = Extract<WorkerReply, { type: 'ready' }>;
export type EstimateReply = Extract<WorkerReply, { type: 'estimate' }>;

/** Request id 0 is 'init' (its 'ready' reply, and failures with no id, answer it). */
const INIT_ID = 0;

export class EstimatorClient {
  private readonly rpc = new WorkerRpc<WorkerRequest, WorkerReply>(new URL('./worker.js', import.meta.url), 'infogpu-estimator', {
    idOf: (reply) => (reply.type === 'estimate' ? reply.id : reply.type === 'failure' ? (reply.id ?? INIT_ID) : INIT_ID),
    failureOf: (reply) => (reply.type === 'failure' ? new Error(reply.message) : null),
  });
  private nextId = 1;

  /** Starts a worker and resolves when its engines are ready. */
  async start(gpu: GpuRequest): Promise<ReadyReply> {
    this.rpc.open();
    const reply = await this.rpc.send({ type: 'init', gpu }, INIT_ID);
    if (reply.type !== 'ready') throw new Error(`the worker answered 'init' with '${reply.type}'`);
    return reply;
  }

  async estimate(task: EstimateTask): Promise<EstimateReply> {
    const id = this.nextId++;
    const reply = await this.rpc.send({ type: 'estimate', id, task }, id);
    if (reply.type !== 'estimate') throw new Error(`the worker answered an estimate with '${reply.type}'`);
    return reply;
  }

  /** Terminates the worker now; pending requests reject with CancelledError. */
  cancel(): void {
    this.rpc.cancel();
  }
}
