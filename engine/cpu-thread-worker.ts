/**
 * The worker_threads entry of the parallel CPU backend (engine/parallel-cpu-backend.ts),
 * built to dist/cpu-thread-worker.js and started by engine/cpu-thread-pool.ts. Node only;
 * no browser bundle reaches it.
 *
 * A task names a contiguous range [first, end) of query rows; the worker runs the
 * single-thread code (cpu-knn.ts, cpu-count-within.ts, cpu-softmin.ts) on that range of the query
 * against the whole reference, with firstRow = first so self-exclusion skips the right
 * reference row. Each query row's result depends only on that row, so the concatenated
 * replies equal the single-thread result bit for bit. The matrices arrive as views of
 * SharedArrayBuffers (no copy); results go back as transferred buffers. The first
 * message, 'ready', tells the pool the entry has loaded.
 */
import { parentPort } from 'node:worker_threads';
import type { CountRequest, KnnRequest } from './backend.js';
import { cpuCountWithin } from './cpu-count-within.js';
import { cpuKnn } from './cpu-knn.js';
import { cpuSoftmin, type CpuSoftminStep } from './cpu-softmin.js';
import { rowRange, type HostMatrix } from './host-matrix.js';

interface RangeTask {
  readonly query: HostMatrix;
  readonly reference: HostMatrix;
  /** Query rows [first, end); the query's row i is the reference's row i when sameMatrix. */
  readonly first: number;
  readonly end: number;
  readonly sameMatrix: boolean;
}

/** knn of query rows [first, end). */
export interface KnnTask extends RangeTask {
  readonly op: 'knn';
  readonly request: KnnRequest;
}

/** countWithin of query rows [first, end); request.radii holds the radii of those rows only. */
export interface CountTask extends RangeTask {
  readonly op: 'countWithin';
  readonly request: CountRequest;
}

/** softmin of query rows [first, end): f (and the mean costs when asked); step.previous holds those rows only. */
export interface SoftminTask extends RangeTask {
  readonly op: 'softmin';
  readonly step: Omit<CpuSoftminStep, 'query' | 'reference' | 'output' | 'meanCost'>;
  readonly meanCost: boolean;
}

export type ThreadTask = KnnTask | CountTask | SoftminTask;
export type ThreadReply =
  | { readonly distances: Float64Array; readonly indices: Int32Array }
  | { readonly counts: Int32Array }
  | { readonly output: Float64Array; readonly meanCost: Float64Array | undefined };

function runTask(task: ThreadTask): ThreadReply {
  const query = rowRange(task.query, task.first, task.end - task.first);
  if (task.op === 'knn') {
    const { distances, indices } = cpuKnn(query, task.reference, task.request, task.sameMatrix, task.first);
    return { distances, indices };
  }
  if (task.op === 'countWithin') return { counts: cpuCountWithin(query, task.reference, task.request, task.sameMatrix, task.first) };
  const output = new Float64Array(query.rows);
  const meanCost = task.meanCost ? new Float64Array(query.rows) : undefined;
  cpuSoftmin({ ...task.step, query, reference: task.reference, output, meanCost });
  return { output, meanCost };
}

/** The buffers of a reply, transferred rather than copied. */
function buffers(reply: ThreadReply): ArrayBuffer[] {
  const arrays = 'counts' in reply ? [reply.counts] : 'distances' in reply ? [reply.distances, reply.indices] : [reply.output, reply.meanCost];
  return arrays.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
}

parentPort!.postMessage('ready');
parentPort!.on('message', (task: ThreadTask) => {
  try {
    const reply = runTask(task);
    parentPort!.postMessage(reply, buffers(reply));
  } catch (error) {
    parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
