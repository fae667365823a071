/**
 * k nearest references of every query on the GPU, in f32 (knn-topk + knn-merge).
 *
 * Per chunk of query rows (one submit, one read-back): for each pass p (k > 64 takes
 * ceil(k / 64) passes, each continuing strictly after the previous pass's last entry),
 * knn-topk scans every reference block into per-split sorted lists, then knn-merge
 * merges the splits into columns [64p, 64p + L) of the chunk's lists. Device memory:
 * the matrices plus chunk × (splits × L + k + 1) entries; never a query × reference buffer.
 */
import type { ColumnRange, KnnLists, KnnRequest } from '../engine/backend.js';
import { CommandStep } from './command-step.js';
import type { GpuContext } from './gpu-context.js';
import type { GpuMatrix, MatrixBlock } from './gpu-matrix.js';
import { encodeKnnMerge, knnMergeKernel } from './kernels/knn-merge.js';
import { knnTopkKernel } from './kernels/knn-topk.js';
import { decodeEntries, ENTRY_BYTES, MAX_LIST_LENGTH } from './neighbour-list.js';
import type { Kernel } from './pipeline-cache.js';
import { encodeTiledScan, planTiledScan, type TiledScanPlan } from './reference-tile.js';

export async function searchNeighbours(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, request: KnnRequest, columns: ColumnRange, sameMatrix: boolean): Promise<KnnLists> {
  const { k, metric } = request;
  const passLengths: number[] = [];
  for (let done = 0; done < k; done += MAX_LIST_LENGTH) passLengths.push(Math.min(MAX_LIST_LENGTH, k - done));
  const longest = passLengths[0];
  const [topk, merge] = await Promise.all([context.kernels.get(knnTopkKernel(longest, metric)), context.kernels.get(knnMergeKernel(longest, metric))]);
  const plan = planTiledScan(
    {
      queryRows: query.maxBlockRows,
      referenceRows: reference.maxBlockRows,
      columns: columns[1] - columns[0],
      bytesPerQuery: k * ENTRY_BYTES,
      bytesPerQuerySplit: longest * ENTRY_BYTES,
    },
    context.limits,
  );
  const chunk: NeighbourChunk = { context, topk, merge, plan, reference, columns, k, passLengths, excludeSelf: request.excludeSelf && sameMatrix, queryCols: query.cols };
  const distances = new Float64Array(query.rows * k);
  const indices = new Int32Array(query.rows * k);
  for (const block of query.blocks) {
    for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
      const rows = Math.min(plan.queryChunkRows, block.rows - offset);
      const bytes = await searchChunk(chunk, block, offset, rows);
      decodeEntries(bytes, rows, k, block.rowBase + offset, distances, indices);
    }
  }
  return { rows: query.rows, k, distances, indices };
}

/** What every chunk of one search shares. */
interface NeighbourChunk {
  readonly context: GpuContext;
  readonly topk: Kernel;
  readonly merge: Kernel;
  readonly plan: TiledScanPlan;
  readonly reference: GpuMatrix;
  readonly columns: ColumnRange;
  readonly k: number;
  readonly passLengths: readonly number[];
  readonly excludeSelf: boolean;
  readonly queryCols: number;
}

/** The read-back lists (rows × k entries of reported distance, index) of query rows [offset, offset + rows) of `block`. */
async function searchChunk(chunk: NeighbourChunk, block: MatrixBlock, offset: number, rows: number): Promise<ArrayBuffer> {
  const { context, plan, k, passLengths } = chunk;
  const lists = context.scratch(rows * plan.splits * passLengths[0] * ENTRY_BYTES, 'knn split lists');
  const neighbours = context.scratch(rows * k * ENTRY_BYTES, 'knn lists');
  const floors = context.scratch(rows * ENTRY_BYTES, 'knn pass floors');
  try {
    const step = new CommandStep(context, 'knn');
    passLengths.forEach((listLength, pass) => {
      encodeTiledScan(step, {
        kernel: chunk.topk,
        query: block,
        queryOffset: offset,
        queryRows: rows,
        queryCols: chunk.queryCols,
        reference: chunk.reference,
        columns: chunk.columns,
        excludeSelf: chunk.excludeSelf,
        plan,
        outputs: [lists, floors],
        listLength,
        hasFloor: pass > 0,
      });
      encodeKnnMerge(step, chunk.merge, { queryRows: rows, splits: plan.splits, listLength, k, columnOffset: pass * MAX_LIST_LENGTH, lists, neighbours, floors });
    });
    step.readBack(neighbours, rows * k * ENTRY_BYTES);
    const [bytes] = await step.run();
    return bytes;
  } finally {
    context.pool.release(lists);
    context.pool.release(neighbours);
    context.pool.release(floors);
  }
}
