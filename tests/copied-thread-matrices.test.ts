/**
 * CopiedThreadMatrices (engine/copied-thread-matrices.ts), the transport of the parallel
 * CPU backend without shared memory: an upload's values go to each worker with the first
 * task that names it and never again; releasing the upload tells exactly the workers that
 * hold it to drop it; any other matrix travels inside every task. A stand-in pool records
 * what would be posted (tests/cpu-threads.test.ts and tests/browser/cpu-threads.spec.ts run
 * the real workers).
 */
import { describe, expect, it } from 'vitest';
import { CopiedThreadMatrices } from '../engine/copied-thread-matrices.js';
import type { CpuThreadPool } from '../engine/cpu-thread-pool.js';
import type { KnnTask } from '../engine/cpu-thread-worker.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import type { ReleaseMessage, ThreadMatrix } from '../engine/thread-matrices.js';

function setUp() {
  const posted: [number, ReleaseMessage][] = [];
  const pool = { size: 2, post: (worker: number, message: ReleaseMessage) => posted.push([worker, message]) } as unknown as CpuThreadPool;
  return { posted, matrices: new CopiedThreadMatrices(pool) };
}

const matrix = (rows: number): HostMatrix => ({ rows, cols: 2, data: Float64Array.from({ length: rows * 2 }, (_, i) => i / 7) });

function knnTask(query: ThreadMatrix, reference: ThreadMatrix): KnnTask {
  return { op: 'knn', query, reference, first: 0, end: query.rows, sameMatrix: query === reference, request: { k: 1, metric: 'euclidean', excludeSelf: false } };
}

const hasValues = (m: ThreadMatrix): boolean => m.data !== undefined;

/** The id a task names an upload by (undefined for a matrix sent whole). */
const idOf = (m: ThreadMatrix): number | undefined => ('id' in m ? m.id : undefined);

describe('CopiedThreadMatrices', () => {
  it('sends an upload\'s values to each worker once, then its id alone', () => {
    const { matrices } = setUp();
    const upload = matrix(5);
    matrices.register(upload);
    const named = matrices.reference(upload);
    const task = knnTask(named, named);
    const first = [matrices.forWorker(task, 0), matrices.forWorker(task, 1)];
    for (const sent of first) {
      expect(hasValues(sent.query)).toBe(true);
      expect(sent.query.data).toBe(upload.data);
    }
    const again = [matrices.forWorker(task, 0), matrices.forWorker(task, 1)];
    for (const sent of again) {
      expect(hasValues(sent.query) || hasValues(sent.reference)).toBe(false);
      expect(sent.query).toMatchObject({ rows: 5, cols: 2 });
      expect(idOf(sent.query)).toBe(idOf(named));
    }
  });

  it('with two names for one upload in a task, attaches its values to the query only', () => {
    const { matrices } = setUp();
    const upload = matrix(4);
    matrices.register(upload);
    const sent = matrices.forWorker(knnTask(matrices.reference(upload), matrices.reference(upload)), 0);
    expect(hasValues(sent.query)).toBe(true);
    expect(hasValues(sent.reference)).toBe(false);
  });

  it('release tells only the workers that hold the upload, and a new upload gets a new id', () => {
    const { matrices, posted } = setUp();
    const upload = matrix(3);
    matrices.register(upload);
    const named = matrices.reference(upload);
    matrices.forWorker(knnTask(named, named), 1);
    matrices.release(upload);
    expect(idOf(named)).toBeTypeOf('number');
    expect(posted).toEqual([[1, { op: 'release', id: idOf(named) }]]);
    matrices.release(upload);
    expect(posted).toHaveLength(1);
    expect(matrices.reference(upload)).toBe(upload);
    const next = matrix(3);
    matrices.register(next);
    const renamed = matrices.reference(next);
    expect(idOf(renamed)).toBeTypeOf('number');
    expect(idOf(renamed)).not.toBe(idOf(named));
  });

  it('sends a matrix that is not an upload (a column-space view) whole in every task', () => {
    const { matrices } = setUp();
    const view = matrix(6);
    expect(matrices.reference(view)).toBe(view);
    const task = knnTask(view, view);
    expect(matrices.forWorker(task, 0).query).toBe(view);
    expect(matrices.forWorker(task, 0).query).toBe(view);
  });
});
