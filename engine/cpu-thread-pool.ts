/**
 * A fixed pool of Node worker_threads Workers running engine/cpu-thread-worker.ts (built
 * to dist/cpu-thread-worker.js beside the bundle that loads this file). Node only:
 * 'node:worker_threads' is imported dynamically in `create`, so browser bundles that
 * reach this file never load it (the build scripts keep it external).
 *
 * `create` resolves once every worker has loaded its entry and posted 'ready' (it rejects,
 * ending the workers, when one cannot start: e.g. the entry is not built).
 * `run` sends one task per worker (task t to worker t) and resolves with the replies in
 * task order. A worker handles one task at a time; tasks of concurrent calls queue per
 * worker. A live Worker keeps Node's event loop alive: `terminate` (called by the
 * backend's dispose) ends them all.
 */
import type { Worker } from 'node:worker_threads';
import type { ThreadReply, ThreadTask } from './cpu-thread-worker.js';
import { InvalidInputError } from './errors.js';

export class CpuThreadPool {
  /** Per worker: the promise of its last queued task. */
  private readonly tails: Promise<unknown>[];
  /** An error a worker raised outside a task; later tasks reject with it. */
  private failure: Error | undefined;

  private constructor(private readonly workers: readonly Worker[]) {
    this.tails = workers.map(() => Promise.resolve());
    for (const worker of workers) worker.on('error', (error: Error) => { this.failure ??= error; });
  }

  /** Starts `threads` workers and waits until each has loaded its entry. */
  static async create(threads: number): Promise<CpuThreadPool> {
    const threadsModule = await import('node:worker_threads').catch(() => undefined);
    if (threadsModule === undefined) {
      throw new InvalidInputError('BAD_OPTION', 'options.threads', 'threads > 1 needs Node worker_threads, which this runtime lacks; leave threads at 1 (in a browser, run the engine in a Web Worker instead)');
    }
    const { Worker } = threadsModule;
    const url = new URL('./cpu-thread-worker.js', import.meta.url);
    const workers = Array.from({ length: threads }, () => new Worker(url));
    try {
      await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      })));
    } catch (error) {
      for (const worker of workers) void worker.terminate();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`CPU worker threads could not start from ${url.href} (threads > 1 needs the built bundle, dist/): ${reason}`);
    }
    return new CpuThreadPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs tasks[t] on worker t (tasks.length ≤ size); the replies in task order. */
  run(tasks: readonly ThreadTask[]): Promise<ThreadReply[]> {
    return Promise.all(tasks.map((task, t) => {
      const result = this.tails[t].then(() => this.send(this.workers[t], task));
      this.tails[t] = result.catch(() => undefined);
      return result;
    }));
  }

  /** Ends every worker (pending tasks reject). */
  terminate(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private send(worker: Worker, task: ThreadTask): Promise<ThreadReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const settle = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (reply: ThreadReply | { error: string }): void => {
        settle();
        if ('error' in reply) reject(new Error(`CPU worker thread: ${reply.error}`));
        else resolve(reply);
      };
      const onError = (error: Error): void => { settle(); reject(error); };
      const onExit = (code: number): void => { settle(); reject(new Error(`CPU worker thread exited (code ${code})`)); };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });
  }
}
