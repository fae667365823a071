/**
 * A HostMatrix whose values stay on the GPU: made from `GpuSamples` inputs by
 * toHostMatrix, it records the rearrangements the estimators apply before an upload
 * (columns side by side, rows one after another, centring, a contiguous row range — which,
 * uncentred, may itself be placed side by side, as delay embeddings do) so
 * that the WebGPU backend's `upload` builds the same matrix on the device
 * (host/device-matrix-upload.ts) with no read-back:
 *
 *   A = the blocks placed into an assembledRows × cols f32 matrix
 *   upload = (A − 1·mean(A)ᵀ if centred, else A), rows [windowStart, windowStart + rows)
 *
 * Host blocks (a host sample combined with a GPU one, e.g. mmd(gpuX, hostY)) are written
 * into A as f32. Reading `data` throws an InvalidInputError naming the GPU argument: a step
 * that needs the values on the host (the CPU backend, jitter, rank transforms, subsampling
 * intervals, …) is refused clearly instead of reading the buffer back.
 */
import { InvalidInputError } from './errors.js';
import type { GpuSamples } from './gpu-samples.js';
import type { HostMatrix } from './host-matrix.js';

/** One source placed into A at (rowStart, colStart). */
export interface DeviceBlock {
  readonly source: { readonly kind: 'gpu'; readonly samples: GpuSamples; readonly offset: number } | { readonly kind: 'host'; readonly matrix: HostMatrix };
  /** The estimator argument the source came from (for errors). */
  readonly argument: string;
  readonly rowStart: number;
  readonly colStart: number;
  readonly rows: number;
  readonly cols: number;
}

export class DeviceResidentMatrix implements HostMatrix {
  constructor(
    readonly blocks: readonly DeviceBlock[],
    readonly assembledRows: number,
    readonly cols: number,
    readonly centred: boolean,
    readonly windowStart: number,
    readonly rows: number,
  ) {}

  /** The GPU arguments this matrix reads (for messages). */
  get arguments(): string {
    return [...new Set(this.blocks.filter((b) => b.source.kind === 'gpu').map((b) => b.argument))].join(', ');
  }

  get data(): Float64Array {
    throw gpuInputRefused(this.arguments, 'this step needs the values on the host');
  }

  /** True when the matrix is all of A (no row window). */
  get whole(): boolean {
    return this.windowStart === 0 && this.rows === this.assembledRows;
  }
}

/** The refusal for GPU inputs where a call needs host values. */
export function gpuInputRefused(argument: string, why: string): InvalidInputError {
  return new InvalidInputError(
    'GPU_INPUT',
    argument,
    `is a GPU buffer, and ${why} (the CPU backend, jitter, preprocess, interval, a host-side method); pass host data, or use a WebGPU engine and a call listed under "GPU inputs" in the README`,
  );
}

/** Throws the GPU_INPUT refusal, saying `why`, when any of `matrices` is a GPU input (a step that needs host values). */
export function requireHostValues(matrices: readonly HostMatrix[], why: string): void {
  const device = matrices.filter(isDeviceResident);
  if (device.length > 0) throw gpuInputRefused([...new Set(device.map((m) => m.arguments))].join(', '), why);
}

export function isDeviceResident(m: HostMatrix): m is DeviceResidentMatrix {
  return m instanceof DeviceResidentMatrix;
}

/** The device matrix of one validated GPU input. */
export function deviceMatrixOf(samples: GpuSamples, offset: number, argument: string): DeviceResidentMatrix {
  const { rows, cols } = samples;
  return new DeviceResidentMatrix([{ source: { kind: 'gpu', samples, offset }, argument, rowStart: 0, colStart: 0, rows, cols }], rows, cols, false, 0, rows);
}

function blocksOf(m: HostMatrix, rowStart: number, colStart: number): DeviceBlock[] {
  if (!isDeviceResident(m)) return [{ source: { kind: 'host', matrix: m }, argument: 'host sample', rowStart, colStart, rows: m.rows, cols: m.cols }];
  const blocks = m.whole ? m.blocks : windowedBlocks(m);
  return blocks.map((b) => ({ ...b, rowStart: b.rowStart + rowStart, colStart: b.colStart + colStart }));
}

/**
 * The blocks of an uncentred row window [w, w + rows) of A, as blocks of a matrix of `rows`
 * rows: each block clipped to the window, a GPU source read from `skip` rows further on
 * (byte offset + 4·skip·cols), a host one from a row range of its data. (Delay embeddings
 * place row windows of one series side by side.) A centred window would need A's means.
 */
function windowedBlocks(m: DeviceResidentMatrix): DeviceBlock[] {
  if (m.centred) throw new Error('device matrix: a centred row window cannot be rearranged further');
  const end = m.windowStart + m.rows;
  const out: DeviceBlock[] = [];
  for (const b of m.blocks) {
    const first = Math.max(b.rowStart, m.windowStart), last = Math.min(b.rowStart + b.rows, end);
    if (last <= first) continue;
    const skip = first - b.rowStart, rows = last - first;
    const source: DeviceBlock['source'] =
      b.source.kind === 'gpu'
        ? { ...b.source, offset: b.source.offset + 4 * skip * b.cols }
        : { kind: 'host', matrix: { rows, cols: b.cols, data: b.source.matrix.data.subarray(skip * b.cols, (skip + rows) * b.cols) } };
    out.push({ ...b, source, rowStart: first - m.windowStart, rows });
  }
  return out;
}

/** [a | b | …]: centring commutes with placing columns side by side (means are per column). */
export function deviceConcatColumns(parts: readonly HostMatrix[]): DeviceResidentMatrix {
  const device = parts.filter(isDeviceResident);
  const centred = device[0].centred;
  if (device.some((m) => m.centred !== centred) || (centred && device.length !== parts.length)) {
    throw new Error('device matrix: cannot join centred and uncentred columns');
  }
  const rows = parts[0].rows;
  const blocks: DeviceBlock[] = [];
  let col = 0;
  for (const p of parts) {
    blocks.push(...blocksOf(p, 0, col));
    col += p.cols;
  }
  return new DeviceResidentMatrix(blocks, rows, col, centred, 0, rows);
}

/** [a; b; …]: uncentred parts stacked, or consecutive row windows of one matrix merged. */
export function deviceConcatRows(parts: readonly HostMatrix[]): DeviceResidentMatrix {
  const merged = mergedWindows(parts);
  if (merged) return merged;
  if (parts.some((p) => isDeviceResident(p) && p.centred)) throw new Error('device matrix: cannot stack centred rows');
  const blocks: DeviceBlock[] = [];
  let row = 0;
  for (const p of parts) {
    blocks.push(...blocksOf(p, row, 0));
    row += p.rows;
  }
  return new DeviceResidentMatrix(blocks, row, parts[0].cols, false, 0, row);
}

function mergedWindows(parts: readonly HostMatrix[]): DeviceResidentMatrix | undefined {
  if (!parts.every(isDeviceResident)) return undefined;
  const first = parts[0] as DeviceResidentMatrix;
  let end = first.windowStart;
  for (const p of parts as DeviceResidentMatrix[]) {
    if (p.blocks !== first.blocks || p.centred !== first.centred || p.windowStart !== end) return undefined;
    end += p.rows;
  }
  return new DeviceResidentMatrix(first.blocks, first.assembledRows, first.cols, first.centred, first.windowStart, end - first.windowStart);
}

/** Columns centred at their mean over all of A (the matrix must be whole). */
export function deviceCentred(m: DeviceResidentMatrix): DeviceResidentMatrix {
  if (!m.whole) throw new Error('device matrix: cannot centre a row window at its own mean');
  return new DeviceResidentMatrix(m.blocks, m.assembledRows, m.cols, true, 0, m.rows);
}

/** Rows [start, start + rows) of m. */
export function deviceRowWindow(m: DeviceResidentMatrix, start: number, rows: number): DeviceResidentMatrix {
  return new DeviceResidentMatrix(m.blocks, m.assembledRows, m.cols, m.centred, m.windowStart + start, rows);
}

/** The given rows of m when they are consecutive and ascending; otherwise a GPU_INPUT refusal (subsampling reads host rows). */
export function deviceSelectRows(m: DeviceResidentMatrix, rows: ArrayLike<number>): DeviceResidentMatrix {
  for (let t = 1; t < rows.length; t++) {
    if (rows[t] !== rows[0] + t) throw gpuInputRefused(m.arguments, 'selecting rows out of order (a permutation null, an interval subsample) gathers them on the host');
  }
  return deviceRowWindow(m, rows.length > 0 ? rows[0] : 0, rows.length);
}
