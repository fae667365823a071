/**
 * Matrices in SharedArrayBuffers (engine/thread-matrices.ts): uploads are placed there
 * when uploaded, any other matrix (a column-space view made for one call) is copied there
 * once per call, and every worker reads the same memory without a copy.
 */
import type { ThreadTask } from './cpu-thread-worker.js';
import type { HostMatrix } from './host-matrix.js';
import type { ThreadMatrices, ThreadMatrix } from './thread-matrices.js';

export class SharedThreadMatrices implements ThreadMatrices {
  residentCopy(values: Float64Array): Float64Array {
    const copy = new Float64Array(new SharedArrayBuffer(values.byteLength));
    copy.set(values);
    return copy;
  }

  /** Uploads already live in shared memory: nothing to track. */
  register(): void {}

  release(): void {}

  reference(m: HostMatrix): ThreadMatrix {
    return m.data.buffer instanceof SharedArrayBuffer ? m : { rows: m.rows, cols: m.cols, data: this.residentCopy(m.data) };
  }

  forWorker<T extends ThreadTask>(task: T): T {
    return task;
  }
}
