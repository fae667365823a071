/**
 * The drift monitor's record of its sliding window W (engine/drift-monitor.ts): the most
 * recent `size` rows pushed, oldest first, as parts — the live rows [start, rows) of each
 * pushed batch, in one or both of two forms:
 *
 *   host    the batch's rows as given (host samples, float64): monitor.window(), the host
 *           estimators, and the CPU rebuild after a GPU fault; absent for GPU-buffer batches
 *   device  a resident copy of the batch's rows as given (no shift), for building W on the
 *           device (Backend.stackRows) without a read-back: GPU-buffer batches are copied at
 *           push time (the application may reuse its buffer), host batches on first need
 */
import type { Backend, MatrixHandle } from './backend.js';
import { gpuInputRefused } from './device-resident-matrix.js';
import { concatRows, rowRange, type HostMatrix } from './host-matrix.js';

interface WindowPart {
  readonly host: HostMatrix | undefined;
  device: MatrixHandle | undefined;
  /** Rows before `start` have left the window. */
  start: number;
  readonly rows: number;
}

export class WindowRecord {
  private parts: WindowPart[] = [];
  private count = 0;
  private pushes = 0;

  constructor(
    private readonly size: number,
    private readonly cols: number,
  ) {}

  /** Rows in the window. */
  get rows(): number {
    return this.count;
  }

  /** Batches pushed so far. */
  get batches(): number {
    return this.pushes;
  }

  /** True when every row of the window has host values. */
  get onHost(): boolean {
    return this.parts.every((p) => p.host !== undefined);
  }

  /** Appends a batch (at most `size` rows, given as host rows and/or a resident copy on `backend`), then drops the oldest rows past `size`. */
  push(batch: { host: HostMatrix | undefined; device: MatrixHandle | undefined; rows: number }, backend: Backend): void {
    this.parts.push({ ...batch, start: 0 });
    this.pushes += 1;
    this.count += batch.rows;
    while (this.count > this.size) {
      const oldest = this.parts[0];
      const drop = Math.min(this.count - this.size, oldest.rows - oldest.start);
      oldest.start += drop;
      this.count -= drop;
      if (oldest.start === oldest.rows) {
        if (oldest.device) backend.release(oldest.device);
        this.parts.shift();
      }
    }
  }

  /** The window's host rows, oldest first; a GPU_INPUT refusal when some came from GPU buffers. */
  hostMatrix(): HostMatrix {
    if (!this.onHost) throw gpuInputRefused('batch', 'the window holds rows of GPU-buffer batches, which only live on the device');
    if (this.count === 0) return { rows: 0, cols: this.cols, data: new Float64Array(0) };
    return concatRows(this.parts.map((p) => rowRange(p.host!, p.start, p.rows - p.start)));
  }

  /** The window stacked on `backend` (resident copies of host parts are made on first need); the caller releases it. */
  async deviceMatrix(backend: Backend): Promise<MatrixHandle> {
    for (const part of this.parts) part.device ??= await backend.upload(part.host!);
    return backend.stackRows(this.parts.map((p) => ({ matrix: p.device!, start: p.start, rows: p.rows - p.start })));
  }

  /** Releases the resident copies (their backend failed or is being left); the host rows stay. */
  releaseDevice(backend: Backend): void {
    for (const part of this.parts) {
      if (part.device) backend.release(part.device);
      part.device = undefined;
    }
  }

  dispose(backend: Backend): void {
    for (const part of this.parts) if (part.device) backend.release(part.device);
    this.parts = [];
    this.count = 0;
  }
}
