/**
 * A matrix resident on the GPU: f32, row-major, cut into blocks of whole rows so that no
 * block passes the largest bindable buffer (maxDataBufferBytes). Kernels bind one block
 * at a time and address rows globally through the block's rowBase.
 */
import type { MatrixHandle } from '../engine/backend.js';
import type { HostMatrix } from '../engine/host-matrix.js';
import type { GpuContext } from './gpu-context.js';
import { maxDataBufferBytes } from './webgpu-limits.js';

export interface MatrixBlock {
  /** rows × cols f32, row-major. */
  readonly buffer: GPUBuffer;
  /** Global index of the block's first row. */
  readonly rowBase: number;
  readonly rows: number;
}

export class GpuMatrix implements MatrixHandle {
  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly blocks: readonly MatrixBlock[],
  ) {}

  /** Rows of the largest block. */
  get maxBlockRows(): number {
    return Math.max(...this.blocks.map((b) => b.rows));
  }
}

/** Converts a (centred) float64 matrix to f32 and uploads it block by block. */
export function uploadMatrix(context: GpuContext, matrix: HostMatrix): GpuMatrix {
  const { rows, cols, data } = matrix;
  if (rows < 1 || cols < 1) throw new RangeError(`WebGPU: cannot upload a ${rows}×${cols} matrix`);
  const rowsPerBlock = Math.floor(maxDataBufferBytes(context.limits) / (4 * cols));
  if (rowsPerBlock < 1) {
    throw new Error(`WebGPU: one row of ${cols} f32 columns exceeds the largest storage binding (${maxDataBufferBytes(context.limits)} bytes)`);
  }
  const blocks: MatrixBlock[] = [];
  for (let rowBase = 0; rowBase < rows; rowBase += rowsPerBlock) {
    const blockRows = Math.min(rowsPerBlock, rows - rowBase);
    const values = Float32Array.from(data.subarray(rowBase * cols, (rowBase + blockRows) * cols));
    blocks.push({ buffer: context.uploadStorage(values, `matrix ${rows}×${cols} rows ${rowBase}+${blockRows}`), rowBase, rows: blockRows });
  }
  return new GpuMatrix(rows, cols, blocks);
}
