/**
 * Reads chosen rows of a resident GpuMatrix back to the host: one buffer-to-buffer copy per
 * row into a mapped staging buffer, one submit, one read-back of rows × cols f32. The
 * matrix's blocks need COPY_SRC usage, which uploads of GPU inputs have
 * (host/device-matrix-upload.ts); host uploads do not and never need this.
 */
import type { HostMatrix } from '../engine/host-matrix.js';
import type { GpuContext } from './gpu-context.js';
import { BufferUsage, MapMode } from './gpu-flags.js';
import type { GpuMatrix } from './gpu-matrix.js';

export async function readMatrixRows(context: GpuContext, matrix: GpuMatrix, rows: Int32Array): Promise<HostMatrix> {
  const { device, pool, counters } = context;
  const rowBytes = matrix.cols * 4;
  const bytes = Math.max(4, rows.length * rowBytes);
  const staging = pool.acquire(bytes, BufferUsage.MAP_READ | BufferUsage.COPY_DST, 'read rows');
  try {
    const encoder = device.createCommandEncoder({ label: 'read rows' });
    rows.forEach((row, t) => {
      if (!Number.isInteger(row) || row < 0 || row >= matrix.rows) throw new RangeError(`WebGPU readRows: row ${row} outside [0, ${matrix.rows})`);
      const block = matrix.blocks.find((b) => row >= b.rowBase && row < b.rowBase + b.rows)!;
      encoder.copyBufferToBuffer(block.buffer, (row - block.rowBase) * rowBytes, staging, t * rowBytes, rowBytes);
    });
    device.queue.submit([encoder.finish()]);
    counters.submits += 1;
    await staging.mapAsync(MapMode.READ, 0, bytes);
    const values = new Float32Array(staging.getMappedRange(0, bytes).slice(0), 0, rows.length * matrix.cols);
    staging.unmap();
    counters.readbacks += 1;
    counters.bytesRead += bytes;
    return { rows: rows.length, cols: matrix.cols, data: Float64Array.from(values) };
  } finally {
    pool.release(staging);
  }
}
