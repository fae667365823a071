/**
 * Reuses GPU buffers across calls (after tinygrad's Allocator and TF.js's BufferManager):
 * a released buffer waits idle in a bucket keyed by (usage, capacity) until a request of
 * the same bucket takes it back. Capacities are powers of two up to 1 MiB and whole MiB
 * above (at most 1 MiB of slack), or the exact size when a bucket would pass maxBufferSize.
 *
 * Accounting, into the backend's EngineStats:
 *   liveBytes  capacity of the buffers handed out and not yet released (matrices while
 *              their handle lives, a call's scratch while the call runs); it returns to
 *              its starting value after every call. peakBytes is its maximum.
 *   idleBytes  capacity kept idle for reuse, NOT in liveBytes, at most maxIdleBytes
 *              (past it a released buffer is destroyed). Device memory held by the
 *              backend = liveBytes + idleBytes; dispose() frees both.
 */
import type { EngineStats } from '../engine/backend.js';

const MIB = 1 << 20;
/** Idle capacity kept for reuse. */
export const DEFAULT_MAX_IDLE_BYTES = 64 * MIB;

export class BufferPool {
  private readonly idle = new Map<string, GPUBuffer[]>();
  private readonly inUse = new Set<GPUBuffer>();
  private idleTotal = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly counters: EngineStats,
    private readonly maxIdleBytes = DEFAULT_MAX_IDLE_BYTES,
  ) {}

  /** A buffer of at least `bytes` bytes with exactly `usage`. */
  acquire(bytes: number, usage: GPUBufferUsageFlags, label: string): GPUBuffer {
    const capacity = this.capacityFor(bytes);
    const bucket = this.idle.get(bucketKey(usage, capacity));
    let buffer = bucket?.pop();
    if (buffer) {
      this.idleTotal -= capacity;
      buffer.label = label;
    } else {
      buffer = this.device.createBuffer({ label, size: capacity, usage });
    }
    this.inUse.add(buffer);
    this.counters.liveBytes += capacity;
    this.counters.peakBytes = Math.max(this.counters.peakBytes, this.counters.liveBytes);
    return buffer;
  }

  /** Gives a buffer back; later GPU work on the queue may still read it (queue order keeps reuse safe). */
  release(buffer: GPUBuffer): void {
    if (!this.inUse.delete(buffer)) return;
    this.counters.liveBytes -= buffer.size;
    if (this.idleTotal + buffer.size > this.maxIdleBytes) {
      buffer.destroy();
      return;
    }
    const key = bucketKey(buffer.usage, buffer.size);
    const bucket = this.idle.get(key);
    if (bucket) bucket.push(buffer);
    else this.idle.set(key, [buffer]);
    this.idleTotal += buffer.size;
  }

  get idleBytes(): number {
    return this.idleTotal;
  }

  /** Destroys every buffer, in use or idle. */
  destroyAll(): void {
    for (const buffer of this.inUse) {
      this.counters.liveBytes -= buffer.size;
      buffer.destroy();
    }
    this.inUse.clear();
    for (const bucket of this.idle.values()) for (const buffer of bucket) buffer.destroy();
    this.idle.clear();
    this.idleTotal = 0;
  }

  private capacityFor(bytes: number): number {
    const size = Math.max(16, Math.ceil(bytes / 4) * 4);
    const bucket = size <= MIB ? 2 ** Math.ceil(Math.log2(size)) : Math.ceil(size / MIB) * MIB;
    return bucket <= this.device.limits.maxBufferSize ? bucket : size;
  }
}

function bucketKey(usage: GPUBufferUsageFlags, capacity: number): string {
  return `${usage}:${capacity}`;
}
