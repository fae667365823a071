/**
 * One step of GPU work: dispatches, clears and read-back copies recorded in order, then
 * submitted together and read back with a single mapAsync.
 *
 * Each dispatch has its own parameter record; a step packs them into one uniform buffer
 * at minUniformBufferOffsetAlignment strides and binds each with a dynamic offset. A step
 * of more than MAX_DISPATCHES_PER_SUBMIT dispatches goes out as several submits (the
 * records are rewritten between them; queue order keeps that safe), so no single command
 * buffer holds unbounded work. Validation and out-of-memory errors of the step reject run().
 */
import type { GpuContext } from './gpu-context.js';
import { BufferUsage, MapMode } from './gpu-flags.js';
import type { Kernel } from './pipeline-cache.js';

export const MAX_DISPATCHES_PER_SUBMIT = 256;

/** Workgroups along x, y and (default 1) z. */
export type Workgroups = readonly [x: number, y: number, z?: number];

type Operation =
  | { kind: 'dispatch'; kernel: Kernel; params: Uint32Array; buffers: readonly GPUBuffer[]; workgroups: Workgroups }
  | { kind: 'clear'; buffer: GPUBuffer; bytes: number }
  | { kind: 'read'; buffer: GPUBuffer; bytes: number; offset: number };

export class CommandStep {
  private readonly operations: Operation[] = [];
  private readBytes = 0;

  constructor(
    private readonly context: GpuContext,
    private readonly label: string,
  ) {}

  /** Runs `kernel` over `workgroups` = [x, y, z = 1] with `params` at binding 0 and `buffers` at bindings 1, 2, … */
  dispatch(kernel: Kernel, params: Uint32Array, buffers: readonly GPUBuffer[], workgroups: Workgroups): void {
    const limit = this.context.limits.maxComputeWorkgroupsPerDimension;
    if (workgroups.some((count) => count !== undefined && count > limit)) {
      throw new Error(`${this.label}: ${workgroups.join('×')} workgroups exceed ${limit} per dimension`);
    }
    this.operations.push({ kind: 'dispatch', kernel, params, buffers, workgroups });
  }

  /** Zeroes the first `bytes` bytes of `buffer`. */
  clear(buffer: GPUBuffer, bytes: number): void {
    this.operations.push({ kind: 'clear', buffer, bytes: align4(bytes) });
  }

  /** Copies the first `bytes` bytes of `buffer` back to the host; run() returns them in call order. */
  readBack(buffer: GPUBuffer, bytes: number): void {
    const size = align4(bytes);
    this.operations.push({ kind: 'read', buffer, bytes: size, offset: this.readBytes });
    this.readBytes += size;
  }

  /** Submits everything recorded and resolves with the read-back bytes, one ArrayBuffer per readBack. */
  async run(): Promise<ArrayBuffer[]> {
    await this.context.checkpoint();
    const { device, pool, counters } = this.context;
    const stride = device.limits.minUniformBufferOffsetAlignment;
    const dispatches = this.operations.filter((op) => op.kind === 'dispatch').length;
    const records = Math.max(1, Math.min(dispatches, MAX_DISPATCHES_PER_SUBMIT));
    const paramBuffer = pool.acquire(records * stride, BufferUsage.UNIFORM | BufferUsage.COPY_DST, `${this.label} params`);
    const staging = this.readBytes > 0 ? pool.acquire(this.readBytes, BufferUsage.MAP_READ | BufferUsage.COPY_DST, `${this.label} read-back`) : undefined;
    try {
      const errors: Promise<GPUError | null>[] = [];
      for (let start = 0; start < this.operations.length; ) {
        device.pushErrorScope('out-of-memory');
        device.pushErrorScope('validation');
        start = this.submitFrom(start, paramBuffer, stride, staging);
        errors.push(device.popErrorScope(), device.popErrorScope());
      }
      const mapped = staging?.mapAsync(MapMode.READ, 0, this.readBytes);
      const error = (await Promise.all(errors)).find((e) => e !== null);
      if (error) {
        await mapped?.catch(() => undefined);
        throw new Error(`WebGPU ${this.label}: ${error.message}`);
      }
      if (!staging || !mapped) return [];
      await mapped;
      const bytes = staging.getMappedRange(0, this.readBytes).slice(0);
      staging.unmap();
      counters.readbacks += 1;
      counters.bytesRead += this.readBytes;
      return this.operations.flatMap((op) => (op.kind === 'read' ? [bytes.slice(op.offset, op.offset + op.bytes)] : []));
    } finally {
      pool.release(paramBuffer);
      if (staging) pool.release(staging);
    }
  }

  /** Encodes and submits operations from `start` until MAX_DISPATCHES_PER_SUBMIT dispatches; returns the next start. */
  private submitFrom(start: number, paramBuffer: GPUBuffer, stride: number, staging: GPUBuffer | undefined): number {
    const { device, counters } = this.context;
    const records: Uint32Array[] = [];
    const encoder = device.createCommandEncoder({ label: this.label });
    let pass: GPUComputePassEncoder | undefined;
    const endPass = () => {
      pass?.end();
      pass = undefined;
    };
    let next = start;
    for (; next < this.operations.length; next++) {
      const op = this.operations[next];
      if (op.kind === 'dispatch') {
        if (records.length === MAX_DISPATCHES_PER_SUBMIT) break;
        pass ??= encoder.beginComputePass({ label: this.label });
        pass.setPipeline(op.kernel.pipeline);
        pass.setBindGroup(0, this.bindGroup(op.kernel, op.buffers, paramBuffer), [records.length * stride]);
        pass.dispatchWorkgroups(op.workgroups[0], op.workgroups[1], op.workgroups[2] ?? 1);
        records.push(op.params);
        counters.dispatches += 1;
      } else if (op.kind === 'clear') {
        endPass();
        encoder.clearBuffer(op.buffer, 0, op.bytes);
      } else {
        endPass();
        encoder.copyBufferToBuffer(op.buffer, 0, staging!, op.offset, op.bytes);
      }
    }
    endPass();
    if (records.length > 0) {
      const packed = new Uint32Array((records.length * stride) / 4);
      records.forEach((record, i) => packed.set(record, (i * stride) / 4));
      this.context.write(paramBuffer, packed);
    }
    device.queue.submit([encoder.finish()]);
    counters.submits += 1;
    return next;
  }

  private bindGroup(kernel: Kernel, buffers: readonly GPUBuffer[], paramBuffer: GPUBuffer): GPUBindGroup {
    const maxBinding = this.context.device.limits.maxStorageBufferBindingSize;
    return this.context.device.createBindGroup({
      label: `${this.label} ${kernel.spec.name}`,
      layout: kernel.layout,
      entries: [
        { binding: 0, resource: { buffer: paramBuffer, size: kernel.spec.paramsBytes } },
        ...buffers.map((buffer, i) => ({ binding: i + 1, resource: { buffer, size: Math.floor(Math.min(buffer.size, maxBinding) / 4) * 4 } })),
      ],
    });
  }
}

function align4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}
