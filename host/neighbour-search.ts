/**
 * k nearest references of every query on the GPU, in f32 (knn-topk + knn-merge), in
 * every column space of a batch (host/column-spaces.ts; a single knn call is a batch of one).
 *
 * Per group of members (planTiledScan) and chunk of query rows — one submit, one
 * read-back — for each pass p (k > 64 takes ceil(k / 64) passes, each continuing strictly
 * after the previous pass's last entry), knn-topk scans every reference block into
 * per-member, per-split sorted lists, then knn-merge merges the splits into columns
 * [64p, 64p + L) of each member's lists. Device memory: the matrices plus
 * groupMembers × chunk × (splits × L + k + 1) entries; never a query × reference buffer.
 */
import type { KnnLists, Metric } from '../engine/backend.js';
import { memberGroups, type SpaceBatch } from './column-spaces.js';
import { CommandStep } from './command-step.js';
import type { GpuContext } from './gpu-context.js';
import type { GpuMatrix, MatrixBlock } from './gpu-matrix.js';
import { encodeKnnMerge, knnMergeKernel } from './kernels/knn-merge.js';
import { knnTopkKernel } from './kernels/knn-topk.js';
import { decodeEntries, ENTRY_BYTES, MAX_LIST_LENGTH } from './neighbour-list.js';
import type { Kernel } from './pipeline-cache.js';
import { encodeTiledScan, planTiledScan, type TiledScanPlan } from './reference-tile.js';

export interface NeighbourSearch {
  readonly k: number;
  readonly metric: Metric;
  /** Skip the pair (i, i) (query and reference are one matrix). */
  readonly excludeSelf: boolean;
}

/** One KnnLists per space of `spaces`. */
export async function searchNeighbours(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, search: NeighbourSearch, spaces: SpaceBatch): Promise<KnnLists[]> {
  const { k, metric } = search;
  const passLengths: number[] = [];
  for (let done = 0; done < k; done += MAX_LIST_LENGTH) passLengths.push(Math.min(MAX_LIST_LENGTH, k - done));
  const longest = passLengths[0];
  const [topk, merge] = await Promise.all([context.kernels.get(knnTopkKernel(longest, metric)), context.kernels.get(knnMergeKernel(longest, metric))]);
  const plan = planTiledScan(
    {
      queryRows: query.maxBlockRows,
      referenceRows: reference.maxBlockRows,
      columns: spaces.width,
      members: spaces.members,
      bytesPerQuery: k * ENTRY_BYTES,
      bytesPerQuerySplit: longest * ENTRY_BYTES,
    },
    context.limits,
  );
  const results = Array.from({ length: spaces.members }, () => ({ rows: query.rows, k, distances: new Float64Array(query.rows * k), indices: new Int32Array(query.rows * k) }));
  for (const [memberBase, members] of memberGroups(spaces.members, plan.groupMembers)) {
    const chunk: NeighbourChunk = { context, topk, merge, plan, reference, spaces, memberBase, members, k, passLengths, excludeSelf: search.excludeSelf, queryCols: query.cols };
    for (const block of query.blocks) {
      for (let offset = 0; offset < block.rows; offset += plan.queryChunkRows) {
        const rows = Math.min(plan.queryChunkRows, block.rows - offset);
        const bytes = await searchChunk(chunk, block, offset, rows);
        for (let m = 0; m < members; m++) {
          const lists = results[memberBase + m];
          const memberBytes = bytes.slice(m * rows * k * ENTRY_BYTES, (m + 1) * rows * k * ENTRY_BYTES);
          decodeEntries(memberBytes, rows, k, block.rowBase + offset, lists.distances, lists.indices);
        }
      }
    }
  }
  return results;
}

/** What every chunk of one member group shares. */
interface NeighbourChunk {
  readonly context: GpuContext;
  readonly topk: Kernel;
  readonly merge: Kernel;
  readonly plan: TiledScanPlan;
  readonly reference: GpuMatrix;
  readonly spaces: SpaceBatch;
  readonly memberBase: number;
  readonly members: number;
  readonly k: number;
  readonly passLengths: readonly number[];
  readonly excludeSelf: boolean;
  readonly queryCols: number;
}

/**
 * The read-back lists (members × rows × k entries of reported distance, index) of query
 * rows [offset, offset + rows) of `block`.
 */
async function searchChunk(chunk: NeighbourChunk, block: MatrixBlock, offset: number, rows: number): Promise<ArrayBuffer> {
  const { context, plan, k, passLengths, members } = chunk;
  const lists = context.scratch(members * rows * plan.splits * passLengths[0] * ENTRY_BYTES, 'knn split lists');
  const neighbours = context.scratch(members * rows * k * ENTRY_BYTES, 'knn lists');
  const floors = context.scratch(members * rows * ENTRY_BYTES, 'knn pass floors');
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
        spaces: chunk.spaces,
        memberBase: chunk.memberBase,
        members,
        excludeSelf: chunk.excludeSelf,
        plan,
        outputs: [lists, floors],
        listLength,
        hasFloor: pass > 0,
      });
      encodeKnnMerge(step, chunk.merge, { queryRows: rows, members, splits: plan.splits, listLength, k, columnOffset: pass * MAX_LIST_LENGTH, lists, neighbours, floors });
    });
    step.readBack(neighbours, members * rows * k * ENTRY_BYTES);
    const [bytes] = await step.run();
    return bytes;
  } finally {
    context.pool.release(lists);
    context.pool.release(neighbours);
    context.pool.release(floors);
  }
}
