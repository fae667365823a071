/**
 * Host side of shaders/reference-tile.wgsl, shared by knn-topk and count-within: how a
 * scan of query rows against reference rows is cut into dispatches, and the TileParams
 * record each dispatch reads.
 *
 * A scan covers, per query chunk and group of batch members (column spaces, the grid's
 * z), every reference block in order; within a block the rows are divided into `splits`
 * contiguous ranges (the workgroup grid's y, for parallelism when queries are few), and
 * each dispatch covers one window of rows of every split. Limits respected
 * (webgpu-limits.ts): workgroups per dimension, the largest binding (query chunk outputs
 * and per-split lists of every member of the group), and the work budget
 * queryChunkRows × splits × windowRows × columns × groupMembers ≤ maxWorkPerDispatch.
 */
import type { CommandStep } from './command-step.js';
import type { SpaceBatch } from './column-spaces.js';
import type { MatrixBlock, GpuMatrix } from './gpu-matrix.js';
import type { Kernel } from './pipeline-cache.js';
import source from '../shaders/reference-tile.wgsl';
import { maxDataBufferBytes, type WebGpuLimitOverrides } from './webgpu-limits.js';

export const referenceTileSource = source;

/** Queries per workgroup: the WORKGROUP_SIZE override of reference-tile.wgsl. */
export const WORKGROUP_SIZE = 64;
/** Reference rows per tile: TILE_ROWS of reference-tile.wgsl. */
const TILE_ROWS = 32;
/** Enough workgroups to fill a large GPU. */
const TARGET_WORKGROUPS = 256;
/** A split shorter than this costs more in merging than it gains. */
const MIN_SPLIT_ROWS = 256;
/** Bytes of the TileParams struct (20 × u32). */
export const TILE_PARAMS_BYTES = 80;

export interface TiledScanShape {
  /** Rows of the largest query block. */
  readonly queryRows: number;
  /** Rows of the largest reference block. */
  readonly referenceRows: number;
  /** Columns of the widest column space. */
  readonly columns: number;
  /** Column spaces of the batch. */
  readonly members: number;
  /** Per query and member, bytes of the largest buffer bound whole for a chunk (outputs, radii). */
  readonly bytesPerQuery: number;
  /** Per query, member and split, bytes of the partial-result buffer (0: none). */
  readonly bytesPerQuerySplit: number;
}

export interface TiledScanPlan {
  /** Members per dispatch (the grid's z); a batch runs as groups of this many. */
  readonly groupMembers: number;
  readonly queryChunkRows: number;
  readonly splits: number;
  readonly windowRows: number;
}

export function planTiledScan(shape: TiledScanShape, limits: WebGpuLimitOverrides): TiledScanPlan {
  const binding = maxDataBufferBytes(limits);
  const groups = limits.maxComputeWorkgroupsPerDimension;
  const budget = limits.maxWorkPerDispatch;
  const tileRows = Math.min(shape.referenceRows, TILE_ROWS);
  const atMost = (value: number) => Math.max(1, Math.floor(value));

  let groupMembers = Math.min(shape.members, groups, atMost(budget / (shape.columns * tileRows)));
  if (shape.bytesPerQuery > 0) groupMembers = Math.min(groupMembers, atMost(binding / shape.bytesPerQuery));
  if (shape.bytesPerQuerySplit > 0) groupMembers = Math.min(groupMembers, atMost(binding / shape.bytesPerQuerySplit));
  // A group scans like one space of groupMembers × columns columns with groupMembers × the outputs.
  const columns = shape.columns * groupMembers;
  const bytesPerQuery = shape.bytesPerQuery * groupMembers;
  const bytesPerQuerySplit = shape.bytesPerQuerySplit * groupMembers;

  let queryChunkRows = Math.min(shape.queryRows, groups * WORKGROUP_SIZE, atMost(budget / (columns * tileRows)));
  if (bytesPerQuery > 0) queryChunkRows = Math.min(queryChunkRows, atMost(binding / bytesPerQuery));
  if (bytesPerQuerySplit > 0) queryChunkRows = Math.min(queryChunkRows, atMost(binding / bytesPerQuerySplit));

  let splits = Math.min(
    Math.ceil(TARGET_WORKGROUPS / (Math.ceil(queryChunkRows / WORKGROUP_SIZE) * groupMembers)),
    Math.ceil(shape.referenceRows / MIN_SPLIT_ROWS),
    groups,
    atMost(budget / (queryChunkRows * columns * tileRows)),
  );
  if (bytesPerQuerySplit > 0) splits = Math.min(splits, atMost(binding / (queryChunkRows * bytesPerQuerySplit)));
  splits = Math.max(1, splits);

  let windowRows = atMost(budget / (queryChunkRows * splits * columns));
  if (windowRows >= TILE_ROWS) windowRows -= windowRows % TILE_ROWS;
  return { groupMembers, queryChunkRows, splits, windowRows };
}

/** One chunk of query rows, inside one query block, scanned against every reference row. */
export interface TiledScan {
  readonly kernel: Kernel;
  readonly query: MatrixBlock;
  /** First chunk row inside the query block, and the chunk's rows. */
  readonly queryOffset: number;
  readonly queryRows: number;
  readonly queryCols: number;
  readonly reference: GpuMatrix;
  readonly spaces: SpaceBatch;
  /** The group's members: spaces [memberBase, memberBase + members). */
  readonly memberBase: number;
  readonly members: number;
  readonly excludeSelf: boolean;
  readonly plan: TiledScanPlan;
  /** Bound at bindings 5, 6, … */
  readonly outputs: readonly GPUBuffer[];
  /** knn-topk: entries per list; has_floor. count-within: inclusive. */
  readonly listLength?: number;
  readonly hasFloor?: boolean;
  readonly inclusive?: boolean;
}

/** Records the scan's dispatches (every block, every window) into `step`. */
export function encodeTiledScan(step: CommandStep, scan: TiledScan): void {
  const { plan, reference } = scan;
  const queryGroups = Math.ceil(scan.queryRows / WORKGROUP_SIZE);
  let freshLists = true;
  for (const block of reference.blocks) {
    const splitLen = Math.ceil(block.rows / plan.splits);
    for (let windowBegin = 0; windowBegin < splitLen; windowBegin += plan.windowRows) {
      const params = new Uint32Array(TILE_PARAMS_BYTES / 4);
      params.set([
        scan.queryRows,
        scan.queryOffset,
        scan.queryCols,
        scan.query.rowBase + scan.queryOffset,
        block.rows,
        reference.cols,
        block.rowBase,
        splitLen,
        windowBegin,
        Math.min(windowBegin + plan.windowRows, splitLen),
        plan.splits,
        scan.memberBase,
        scan.excludeSelf ? 1 : 0,
        scan.listLength ?? 0,
        freshLists ? 1 : 0,
        scan.hasFloor ? 1 : 0,
        scan.inclusive ? 1 : 0,
      ]);
      const bindings = [scan.query.buffer, block.buffer, scan.spaces.table, scan.spaces.mapped, ...scan.outputs];
      step.dispatch(scan.kernel, params, bindings, [queryGroups, plan.splits, scan.members]);
      freshLists = false;
    }
  }
}
