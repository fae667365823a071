/**
 * The worker entry of the parallel CPU backend (engine/parallel-cpu-backend.ts), built to
 * dist/cpu-thread-worker.js and started by engine/cpu-thread-pool.ts: as a worker_threads
 * Worker in Node (messages through parentPort, imported dynamically) and as a module Web
 * Worker in a browser (self.postMessage / 'message' events). It imports no node: module
 * statically, so the same file loads in both.
 *
 * A task names a contiguous range [first, end) of query rows; the worker runs the
 * single-thread code (cpu-knn.ts, cpu-count-within.ts, cpu-softmin.ts) on that range of the query
 * against the whole reference, with firstRow = first so self-exclusion skips the right
 * reference row. Each query row's result depends only on that row, so the concatenated
 * replies equal the single-thread result bit for bit. gramSums runs its rows' share of the
 * partial sums (cpu-gram-sums.ts), which the backend adds. The stored Sinkhorn kernels' products
 * (cpu-stored-kernel.ts) run as row ranges or as whole row blocks of a kernel in shared
 * memory, and a softmin's step may carry views of one to fill (`kernel`). Matrices arrive as views of
 * SharedArrayBuffers (no copy) or, without shared memory, as copies the worker keeps by
 * id until a 'release' message (engine/thread-matrices.ts); results go back as
 * transferred buffers. The first message, 'ready', tells the pool the entry has loaded.
 */
import type { CountRequest, GramSumRequest, KnnRequest } from './backend.js';
import { gramSumsWork } from './cpu-gram-sums.js';
import { cpuCountWithin } from './cpu-count-within.js';
import { cpuKnn } from './cpu-knn.js';
import { cpuSoftmin, type CpuSoftminStep } from './cpu-softmin.js';
import { kernelColumnBlockSums, kernelRowSums } from './cpu-stored-kernel.js';
import { rowRange, type HostMatrix } from './host-matrix.js';
import type { ReleaseMessage, ThreadMatrix } from './thread-matrices.js';

interface RangeTask {
  readonly query: ThreadMatrix;
  readonly reference: ThreadMatrix;
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

/** softmin of query rows [first, end): f (and the mean costs when asked); with step.kernel, views of those rows of a stored kernel to fill. */
export interface SoftminTask extends RangeTask {
  readonly op: 'softmin';
  readonly step: Omit<CpuSoftminStep, 'query' | 'reference' | 'output' | 'meanCost'>;
  readonly meanCost: boolean;
}

/**
 * gramSums over query rows [first, end) (cpu-gram-sums.ts gramSumsWork): the work's partial
 * sums, written only in the entries of those rows (or their row groups).
 */
export interface GramSumsTask extends RangeTask {
  readonly op: 'gramSums';
  readonly request: GramSumRequest;
}

/** Row sums T_i of a stored kernel (in shared memory) for rows [first, end) (cpu-stored-kernel.ts kernelRowSums). */
export interface KernelRowsTask {
  readonly op: 'kernelRows';
  readonly values: Float64Array;
  readonly cols: number;
  readonly factors: Float64Array;
  readonly first: number;
  readonly end: number;
}

/** Column sums of a stored kernel (in shared memory) per row block in [firstBlock, endBlock) (kernelColumnBlockSums). */
export interface KernelColumnsTask {
  readonly op: 'kernelColumns';
  readonly values: Float64Array;
  readonly rows: number;
  readonly cols: number;
  readonly factors: Float64Array;
  readonly firstBlock: number;
  readonly endBlock: number;
}

export type ThreadTask = KnnTask | CountTask | SoftminTask | GramSumsTask | KernelRowsTask | KernelColumnsTask;
export type ThreadReply =
  | { readonly distances: Float64Array; readonly indices: Int32Array }
  | { readonly counts: Int32Array }
  | { readonly output: Float64Array; readonly meanCost: Float64Array | undefined }
  | { readonly sums: Float64Array };

/** The copies this worker keeps, by id (runtimes without shared memory). */
const kept = new Map<number, HostMatrix>();

function matrix(m: ThreadMatrix): HostMatrix {
  if (!('id' in m)) return m;
  if (m.data !== undefined) kept.set(m.id, { rows: m.rows, cols: m.cols, data: m.data });
  const copy = kept.get(m.id);
  if (copy === undefined) throw new Error(`matrix ${m.id} was never sent to this worker`);
  return copy;
}

function runTask(task: ThreadTask): ThreadReply {
  if (task.op === 'kernelRows') return { sums: kernelRowSums(task.values, task.cols, task.factors, task.first, task.end) };
  if (task.op === 'kernelColumns') return { sums: kernelColumnBlockSums(task.values, task.rows, task.cols, task.factors, task.firstBlock, task.endBlock) };
  const whole = matrix(task.query), reference = matrix(task.reference);
  if (task.op === 'gramSums') {
    const work = gramSumsWork(whole, reference, task.request, task.sameMatrix);
    work.run(task.first, task.end);
    return { sums: work.partial };
  }
  const query = rowRange(whole, task.first, task.end - task.first);
  if (task.op === 'knn') {
    const { distances, indices } = cpuKnn(query, reference, task.request, task.sameMatrix, task.first);
    return { distances, indices };
  }
  if (task.op === 'countWithin') return { counts: cpuCountWithin(query, reference, task.request, task.sameMatrix, task.first) };
  const output = new Float64Array(query.rows);
  const meanCost = task.meanCost ? new Float64Array(query.rows) : undefined;
  cpuSoftmin({ ...task.step, query, reference, output, meanCost });
  return { output, meanCost };
}

/** The buffers of a reply, transferred rather than copied. */
function buffers(reply: ThreadReply): ArrayBuffer[] {
  const arrays = 'sums' in reply ? [reply.sums] : 'counts' in reply ? [reply.counts] : 'distances' in reply ? [reply.distances, reply.indices] : [reply.output, reply.meanCost];
  return arrays.flatMap((a) => (a ? [a.buffer as ArrayBuffer] : []));
}

/** The link to the thread that started this worker: Node's parentPort, or the Web Worker's global scope. */
interface ParentLink {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(handler: (message: ThreadTask | ReleaseMessage) => void): void;
}

async function parentLink(): Promise<ParentLink> {
  if (typeof globalThis.process?.versions?.node === 'string') {
    const { parentPort } = await import('node:worker_threads');
    if (parentPort === null) throw new Error('cpu-thread-worker.js runs only as a worker');
    return { postMessage: (message, transfer) => parentPort.postMessage(message, transfer), onMessage: (handler) => parentPort.on('message', handler) };
  }
  return {
    postMessage: (message, transfer = []) => globalThis.postMessage(message, { transfer }),
    onMessage: (handler) => globalThis.addEventListener('message', (event) => handler((event as MessageEvent).data)),
  };
}

const parent = await parentLink();
parent.onMessage((message) => {
  if (message.op === 'release') {
    kept.delete(message.id);
    return;
  }
  try {
    const reply = runTask(message);
    parent.postMessage(reply, buffers(reply));
  } catch (error) {
    parent.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
});
parent.postMessage('ready');
