/**
 * How the matrices of a parallel CPU call (engine/parallel-cpu-backend.ts) reach the
 * workers. With shared memory (Node; a cross-origin-isolated page) uploads live in
 * SharedArrayBuffers that every worker reads without a copy (shared-thread-matrices.ts).
 * Without it (a page that is not cross-origin isolated has no SharedArrayBuffer) values
 * are copied by postMessage: an uploaded matrix once per worker, which keeps it by id
 * until the backend releases the upload (copied-thread-matrices.ts). The workers run the
 * same float64 code on the same values either way, so results do not depend on the choice.
 */
import type { ThreadTask } from './cpu-thread-worker.js';
import type { CpuThreadPool } from './cpu-thread-pool.js';
import { CopiedThreadMatrices } from './copied-thread-matrices.js';
import type { HostMatrix } from './host-matrix.js';
import { SharedThreadMatrices } from './shared-thread-matrices.js';

/**
 * A matrix as a task names it: the matrix itself (its values in shared memory, or copied
 * with the message), or the id of a copy the worker keeps, with the values attached the
 * first time that worker sees the id.
 */
export type ThreadMatrix = HostMatrix | { readonly id: number; readonly rows: number; readonly cols: number; readonly data?: Float64Array };

/** Tells a worker to drop its copy of matrix `id`; it sends no reply. */
export interface ReleaseMessage {
  readonly op: 'release';
  readonly id: number;
}

export interface ThreadMatrices {
  /** The backend's resident copy of uploaded values. */
  residentCopy(values: Float64Array): Float64Array;
  /** Marks `m` as an upload, kept by the workers until `release(m)`. */
  register(m: HostMatrix): void;
  /** The upload `m` is gone: the workers drop what they keep of it. */
  release(m: HostMatrix): void;
  /** How tasks name `m`. */
  reference(m: HostMatrix): ThreadMatrix;
  /** `task` as worker `worker` receives it. */
  forWorker<T extends ThreadTask>(task: T, worker: number): T;
}

/** Whether SharedArrayBuffers exist and may be posted to workers (Node; a cross-origin-isolated page). */
function sharedMemoryAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false;
}

/** Shared memory when the runtime allows it, else per-worker copies. */
export function threadMatrices(pool: CpuThreadPool): ThreadMatrices {
  return sharedMemoryAvailable() ? new SharedThreadMatrices() : new CopiedThreadMatrices(pool);
}
