/**
 * Matrices copied to the workers by postMessage, for runtimes without shared memory
 * (engine/thread-matrices.ts). An upload gets an id; the first task a worker receives
 * that names it carries its values, the worker keeps them under the id, and later tasks
 * send the id alone. Releasing the upload tells each worker that holds it to drop it.
 * Any other matrix (a column-space view made for one call) travels inside each task.
 */
import type { ThreadTask } from './cpu-thread-worker.js';
import type { CpuThreadPool } from './cpu-thread-pool.js';
import type { HostMatrix } from './host-matrix.js';
import type { ThreadMatrices, ThreadMatrix } from './thread-matrices.js';

export class CopiedThreadMatrices implements ThreadMatrices {
  private nextId = 1;
  /** The id of each live upload. */
  private readonly ids = new Map<HostMatrix, number>();
  /** Per worker: the ids whose values it holds. */
  private readonly held: Set<number>[];

  constructor(private readonly pool: CpuThreadPool) {
    this.held = Array.from({ length: pool.size }, () => new Set<number>());
  }

  residentCopy(values: Float64Array): Float64Array {
    return Float64Array.from(values);
  }

  register(m: HostMatrix): void {
    this.ids.set(m, this.nextId++);
  }

  release(m: HostMatrix): void {
    const id = this.ids.get(m);
    if (id === undefined) return;
    this.ids.delete(m);
    this.held.forEach((held, worker) => {
      if (held.delete(id)) this.pool.post(worker, { op: 'release', id });
    });
  }

  reference(m: HostMatrix): ThreadMatrix {
    const id = this.ids.get(m);
    return id === undefined ? m : { id, rows: m.rows, cols: m.cols, data: m.data };
  }

  /** The task with the values of each upload the worker already holds left out. */
  forWorker<T extends ThreadTask>(task: T, worker: number): T {
    if (!('query' in task)) return task;
    const query = this.once(task.query, worker);
    return { ...task, query, reference: task.reference === task.query ? query : this.once(task.reference, worker) };
  }

  private once(m: ThreadMatrix, worker: number): ThreadMatrix {
    if (!('id' in m)) return m;
    if (this.held[worker].has(m.id)) return { id: m.id, rows: m.rows, cols: m.cols };
    this.held[worker].add(m.id);
    return m;
  }
}
