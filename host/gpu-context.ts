/**
 * What every host/ operation works with: the device, its effective limits, the buffer
 * pool, the pipeline cache and the traffic counters (EngineStats) they all update.
 */
import { emptyStats, type Checkpoint, type EngineStats } from '../engine/backend.js';
import { BufferPool } from './buffer-pool.js';
import { BufferUsage } from './gpu-flags.js';
import { PipelineCache } from './pipeline-cache.js';
import type { WebGpuLimitOverrides } from './webgpu-limits.js';

export class GpuContext {
  readonly counters: EngineStats = emptyStats();
  readonly pool: BufferPool;
  readonly kernels: PipelineCache;

  constructor(
    readonly device: GPUDevice,
    /** The device's limits after the caller's clamps: every chunking decision reads these. */
    readonly limits: WebGpuLimitOverrides,
  ) {
    this.pool = new BufferPool(device, this.counters);
    this.kernels = new PipelineCache(device);
  }

  /** Awaited before every submitted step (command-step.ts); throws to stop the call (an abort). */
  checkpoint: Checkpoint = () => {};

  /** This context, for one call, with `checkpoint` replaced: device, pool, pipelines and counters shared. */
  withCheckpoint(checkpoint: Checkpoint): GpuContext {
    return Object.create(this, { checkpoint: { value: checkpoint } }) as GpuContext;
  }

  /** A pooled storage buffer holding a copy of `data`. */
  uploadStorage(data: Float32Array | Uint32Array, label: string): GPUBuffer {
    const buffer = this.pool.acquire(data.byteLength, BufferUsage.STORAGE | BufferUsage.COPY_DST, label);
    this.write(buffer, data);
    return buffer;
  }

  /** A pooled storage buffer kernels write and the host may clear or read back. */
  scratch(bytes: number, label: string): GPUBuffer {
    return this.pool.acquire(bytes, BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST, label);
  }

  /** queue.writeBuffer at offset 0, counted in bytesUploaded. */
  write(buffer: GPUBuffer, data: Float32Array | Uint32Array): void {
    this.device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
    this.counters.bytesUploaded += data.byteLength;
  }
}
