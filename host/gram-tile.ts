/**
 * Host side of shaders/gram-tile.wgsl, shared by gram-sums and gram-alignment: the pass
 * sizes (weight vectors or permutations per pass), the tiling plan (host/reference-tile.ts's
 * planTiledScan: chunks of query rows, splits and windows within the limits and the work
 * budget), the GramParams record of each dispatch, and the float64 finish of the
 * (sum, compensation) slots the kernels write.
 */
import type { ColumnRange } from '../engine/backend.js';
import type { CommandStep } from './command-step.js';
import type { GpuContext } from './gpu-context.js';
import type { GpuMatrix, MatrixBlock } from './gpu-matrix.js';
import type { Kernel } from './pipeline-cache.js';
import { planTiledScan, WORKGROUP_SIZE, type TiledScanPlan } from './reference-tile.js';
import { maxDataBufferBytes } from './webgpu-limits.js';
import source from '../shaders/gram-tile.wgsl';

export const gramTileSource = source;

/** Bytes of GramParams (20 × u32). */
export const GRAM_PARAMS_BYTES = 80;
/** The largest WEIGHT_BATCH variant of gram-tile.wgsl. */
const MAX_PASS_VECTORS = 32;

/**
 * Weight vectors (or permutations) per pass: at most MAX_PASS_VECTORS, and few enough that
 * `count × rows` f32 (or u32) fit one binding.
 */
export function passCapacity(context: GpuContext, rows: number, call: string): number {
  const capacity = Math.min(MAX_PASS_VECTORS, Math.floor(maxDataBufferBytes(context.limits) / (4 * rows)));
  if (capacity < 1) throw new Error(`WebGPU ${call}: one vector of ${rows} f32 exceeds the largest storage binding (${maxDataBufferBytes(context.limits)} bytes)`);
  return capacity;
}

/** The WEIGHT_BATCH branch flags of gram-tile.wgsl for a pass of `vectors`: 1, 4 or 32 slots. */
export function passBranches(vectors: number): { WEIGHTS_4: boolean; WEIGHTS_32: boolean } {
  return { WEIGHTS_4: vectors > 1 && vectors <= 4, WEIGHTS_32: vectors > 4 };
}

/**
 * The tiling of a scan of `query` against `reference`: `workPerPair` in distance terms
 * (columns + kernel evaluations + per-vector products), `bytesPerQuerySplit` the sums a
 * query row may need per split.
 */
export function planGramScan(context: GpuContext, query: GpuMatrix, reference: GpuMatrix, workPerPair: number, bytesPerQuerySplit: number): TiledScanPlan {
  return planTiledScan(
    { queryRows: query.maxBlockRows, referenceRows: reference.maxBlockRows, columns: workPerPair, members: 1, bytesPerQuery: 0, bytesPerQuerySplit },
    context.limits,
  );
}

/** One chunk of query rows, inside one query block, scanned against every reference row. */
export interface GramScan {
  readonly kernel: Kernel;
  readonly query: GpuMatrix;
  readonly block: MatrixBlock;
  /** First chunk row inside the block, and the chunk's rows. */
  readonly queryOffset: number;
  readonly queryRows: number;
  readonly reference: GpuMatrix;
  readonly columns: ColumnRange;
  readonly excludeDiagonal: boolean;
  readonly plan: TiledScanPlan;
  /** Vectors of this pass. */
  readonly count: number;
  readonly secondStride: number;
  readonly secondRecord: number;
  /** Bound at bindings 3, 4, …: coefficients, sums, then the kernel's own inputs. */
  readonly buffers: readonly GPUBuffer[];
}

/** Workgroups along x for a chunk of `rows` query rows. */
export function queryGroups(rows: number): number {
  return Math.ceil(rows / WORKGROUP_SIZE);
}

/** Records the scan's dispatches (every reference block, every window) into `step`. */
export function encodeGramScan(step: CommandStep, scan: GramScan): void {
  const { plan, reference, block } = scan;
  const groups = queryGroups(scan.queryRows);
  let first = true;
  for (const refBlock of reference.blocks) {
    const splitLen = Math.ceil(refBlock.rows / plan.splits);
    for (let windowBegin = 0; windowBegin < splitLen; windowBegin += plan.windowRows) {
      const params = new Uint32Array(GRAM_PARAMS_BYTES / 4);
      params.set([
        scan.queryRows,
        scan.queryOffset,
        scan.query.cols,
        block.rowBase + scan.queryOffset,
        refBlock.rows,
        reference.cols,
        refBlock.rowBase,
        splitLen,
        windowBegin,
        Math.min(windowBegin + plan.windowRows, splitLen),
        scan.columns[0],
        scan.columns[1],
        scan.excludeDiagonal ? 1 : 0,
        first ? 1 : 0,
        scan.count,
        scan.query.rows,
        reference.rows,
        groups,
        scan.secondStride,
        scan.secondRecord,
      ]);
      step.dispatch(scan.kernel, params, [block.buffer, refBlock.buffer, ...scan.buffers], [groups, plan.splits]);
      first = false;
    }
  }
}

/** Each (sum, compensation) f32 slot finished in float64: sum − compensation. */
export function finishSlots(bytes: ArrayBuffer, slots: number): Float64Array {
  const pairs = new Float32Array(bytes, 0, 2 * slots);
  const out = new Float64Array(slots);
  for (let s = 0; s < slots; s++) out[s] = pairs[2 * s] - pairs[2 * s + 1];
  return out;
}
