/**
 * A fixed pool of workers running engine/cpu-thread-worker.ts (built to
 * dist/cpu-thread-worker.js beside the bundle that loads this file): Node worker_threads
 * in Node (engine/node-thread-endpoint.ts), module Web Workers in a browser
 * (engine/browser-thread-endpoint.ts), behind one ThreadEndpoint interface.
 *
 * `create` resolves once every worker has loaded its entry and posted 'ready' (it rejects,
 * ending the workers, when one cannot start: e.g. the entry is not built).
 * `run` sends one task per worker (task t to worker t) and resolves with the replies in
 * task order. Messages to a worker are posted at once; the worker handles them in order,
 * one at a time, so its replies come back in the order of its tasks. `post` sends a
 * message that gets no reply (releasing a kept matrix). After a worker fails, its
 * pending and later tasks reject with that error. A live worker keeps Node's event loop
 * alive: `terminate` (called by the backend's dispose) ends them all.
 */
import { browserThreadStarter } from './browser-thread-endpoint.js';
import type { ThreadReply, ThreadTask } from './cpu-thread-worker.js';
import { InvalidInputError } from './errors.js';
import { nodeThreadStarter } from './node-thread-endpoint.js';
import type { ThreadEndpoint } from './thread-endpoint.js';
import type { ReleaseMessage } from './thread-matrices.js';

interface PendingReply {
  resolve(reply: ThreadReply): void;
  reject(error: Error): void;
}

export class CpuThreadPool {
  /** Per worker: the tasks posted and not yet answered, oldest first. */
  private readonly pending: PendingReply[][];
  /** Per worker: the error that ended it. */
  private readonly failures: (Error | undefined)[];
  private terminated = false;

  private constructor(private readonly endpoints: readonly ThreadEndpoint[]) {
    this.pending = endpoints.map(() => []);
    this.failures = endpoints.map(() => undefined);
    endpoints.forEach((endpoint, t) => {
      endpoint.onMessage((reply) => {
        const waiting = this.pending[t].shift();
        const message = reply as ThreadReply | { error: string };
        if ('error' in message) waiting?.reject(new Error(`CPU worker thread: ${message.error}`));
        else waiting?.resolve(message);
      });
      endpoint.onError((error) => {
        this.failures[t] ??= error;
        for (const waiting of this.pending[t].splice(0)) waiting.reject(error);
      });
    });
  }

  /** Starts `threads` workers (worker_threads in Node, else Web Workers) and waits until each has loaded its entry. */
  static async create(threads: number): Promise<CpuThreadPool> {
    const start = (await nodeThreadStarter()) ?? browserThreadStarter();
    if (start === undefined) {
      throw new InvalidInputError('BAD_OPTION', 'options.threads', 'threads > 1 needs Node worker_threads or Web Workers (globalThis.Worker), and this runtime has neither; leave threads at 1');
    }
    const endpoints = Array.from({ length: threads }, () => start());
    try {
      await Promise.all(endpoints.map((endpoint) => new Promise<void>((resolve, reject) => {
        endpoint.onMessage(() => resolve());
        endpoint.onError(reject);
      })));
    } catch (error) {
      for (const endpoint of endpoints) endpoint.terminate();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`CPU worker threads could not start (threads > 1 needs the built bundle, dist/, with cpu-thread-worker.js beside index.js): ${reason}`);
    }
    return new CpuThreadPool(endpoints);
  }

  get size(): number {
    return this.endpoints.length;
  }

  /** Runs tasks[t] on worker t (tasks.length ≤ size); the replies in task order. */
  run(tasks: readonly ThreadTask[]): Promise<ThreadReply[]> {
    return Promise.all(tasks.map((task, t) => new Promise<ThreadReply>((resolve, reject) => {
      const failure = this.failures[t] ?? (this.terminated ? new Error('CPU worker threads were terminated') : undefined);
      if (failure) return reject(failure);
      this.endpoints[t].postMessage(task);
      this.pending[t].push({ resolve, reject });
    })));
  }

  /** Sends worker t a message that gets no reply (after its earlier tasks, before its later ones). */
  post(t: number, message: ReleaseMessage): void {
    if (!this.terminated && this.failures[t] === undefined) this.endpoints[t].postMessage(message);
  }

  /** Ends every worker (pending tasks reject). */
  terminate(): void {
    this.terminated = true;
    for (const endpoint of this.endpoints) endpoint.terminate();
    for (const pending of this.pending) for (const waiting of pending.splice(0)) waiting.reject(new Error('CPU worker threads were terminated'));
  }
}
