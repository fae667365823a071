/**
 * Drift monitor: a fixed reference sample X (n rows) against the sliding window W of the
 * most recent `windowSize` rows pushed so far. Each `push(batch)` appends the batch's rows
 * (the oldest rows leave once the window is full) and resolves to the measure between X
 * and W:
 *
 *   'mmd'      MMD²(X, W) (estimator 'unbiased' by default, or 'biased'), kernel as
 *              engine.mmd; bandwidth 'median' is resolved ONCE, on the reference alone
 *   'energy'   energy distance 2E‖X−W‖ − E‖X−X′‖ − E‖W−W′‖ ('biased' default, 'unbiased')
 *   'sinkhorn' the debiased Sinkhorn divergence S_ε(X, W), options as engine.sinkhorn
 *   'knn-kl'   KL(W ‖ X) by Wang–Kulkarni–Verdú (engine.divergence(window, reference), k)
 *
 * 'mmd' and 'energy' update scalar Gram sums incrementally (engine/drift-kernel-sums.ts):
 * with S_xx, S_xw, S_ww the sums of k over pairs (i ≠ j within a sample) and D the traces,
 *   unbiased  S_xx/(n(n−1)) + S_ww/(m(m−1)) − 2S_xw/(nm)
 *   biased    (S_xx + D_x)/n² + (S_ww + D_w)/m² − 2S_xw/(nm)
 * (energy distance is minus this with k = ‖x − y‖), so a push costs O(batch·(window +
 * reference)) kernel evaluations and reads back a few scalars, never the window or per-row
 * sums; the value equals the batch estimator on the same window with the same fixed bandwidth. 'sinkhorn' and 'knn-kl' are
 * recomputed on the whole window at each push (no warm start). `permutations: P, seed` adds
 * the batch estimator's permutation p-value on the window (an O(P·(n + |W|)²) pass).
 *
 * GPU inputs: on a WebGPU engine the reference and any batch may be `{ buffer, rows, cols,
 * offset? }` (engine/gpu-samples.ts). They are copied on the device when given (so the
 * application may reuse its buffers), never read back (except, for bandwidth 'median', the
 * ≤ 1,000-row subsample of engine/device-median-sample.ts, and for a translation-invariant
 * kernel the 2·d column extents of a GPU reference); the window is built on the device
 * (Backend.stackRows). Translation-invariant kernels see every row minus one shift s, the
 * f32-representable column means of a host reference or mid-ranges of a GPU one, subtracted
 * in float64 from host rows before their f32 upload and in f32 on the device from GPU rows
 * (the same f32 result for the same f32 values). monitor.window() needs host rows.
 *
 * Faults: if the WebGPU backend fails during a push (a lost device, …) and the reference and
 * window are host rows, the monitor rebuilds its state from them on the engine's CPU backend,
 * finishes the push there and stays there (the reading says so in `warnings`). Rows that
 * came from GPU buffers are gone with the device: the push rejects with a
 * DriftMonitorLostError, as does every later push.
 */
import type { Backend, BackendKind, MatrixHandle } from './backend.js';
import { gpuInputRefused, isDeviceResident } from './device-resident-matrix.js';
import { medianSampleOf } from './device-median-sample.js';
import { DriftKernelSums } from './drift-kernel-sums.js';
import { WindowRecord } from './drift-window.js';
import { energyDistance } from './energy-distance.js';
import { InvalidInputError } from './errors.js';
import { divergence } from './divergence.js';
import type { GramKernel } from './gram-kernel.js';
import { isTranslationInvariant } from './gram-kernel.js';
import { columnMeans, rowRange, subtractFromColumns, type HostMatrix } from './host-matrix.js';
import { parseBandwidth, parseKernelChoice, resolveKernel, type Bandwidth, type KernelOptions } from './kernel-options.js';
import { mmd } from './mmd.js';
import { checkOptionKeys, oneOf, positiveInteger } from './options.js';
import { toHostMatrix, type Samples } from './samples.js';
import { sinkhorn } from './sinkhorn.js';

export type DriftMeasure = 'mmd' | 'energy' | 'sinkhorn' | 'knn-kl';

export interface DriftMonitorOptions extends KernelOptions {
  /** The reference sample X (host rows, or a GPU buffer on a WebGPU engine). */
  reference: Samples;
  /** Rows in the sliding window (positive integer). */
  windowSize: number;
  measure: DriftMeasure;
  /** 'mmd': σ (number, list or 'median' = median pairwise distance of the reference). */
  bandwidth?: Bandwidth;
  /** 'mmd': 'unbiased' (default) or 'biased'; 'energy': 'biased' (default) or 'unbiased'. */
  estimator?: 'unbiased' | 'biased';
  /** Permutations for a p-value at each push (default 0 = none). */
  permutations?: number;
  /** Seed of the permutations and of the 'median' subsample (default 0). */
  seed?: number;
  /** 'knn-kl': neighbour order (default 3). */
  k?: number;
  /** 'sinkhorn': cost exponent, as engine.sinkhorn (default 2). */
  p?: 1 | 2;
  /** 'sinkhorn': ε = blur^p (default 0.05). */
  blur?: number;
  /** 'sinkhorn': ε-scaling ratio (default 0.5). */
  scaling?: number;
  /** 'sinkhorn': L1 marginal tolerance (default 1e-5). */
  tol?: number;
  /** 'sinkhorn': iteration cap (default 1000). */
  maxIter?: number;
}

/** The measure between the reference and the current window, after a push. */
export interface DriftReading {
  /** null until the window holds enough rows for the measure (2 for U-statistics, k + 1 for 'knn-kl', 1 otherwise). */
  readonly value: number | null;
  readonly measure: DriftMeasure;
  /** Permutation p-value on the current window; null when not asked for (or value is null). */
  readonly pValue: number | null;
  readonly backend: BackendKind;
  /** Reference rows. */
  readonly n: number;
  /** Window rows. */
  readonly m: number;
  /** Rows pushed since the monitor was made. */
  readonly pushed: number;
  /** σ of each kernel term used ('mmd'); [] otherwise. */
  readonly bandwidths: readonly number[];
  /** What the caller should know about this push (the move to the CPU after a GPU fault); usually []. */
  readonly warnings: string[];
}

export interface DriftMonitor {
  /** Appends `batch` (rows with the reference's columns; host rows or, on WebGPU, a GPU buffer) and resolves to the reading on the new window. */
  push(batch: Samples): Promise<DriftReading>;
  /** The current window's rows, oldest first (a copy); GPU_INPUT when some came from GPU buffers. */
  window(): { data: Float64Array; rows: number; cols: number };
  /** Frees the monitor's resident matrices. */
  dispose(): void;
}

/** A drift monitor whose rows lived only on a WebGPU device that failed: they are gone, so the monitor cannot go on (make a new one). */
export class DriftMonitorLostError extends Error {
  override readonly name = 'DriftMonitorLostError';
}

const COMMON = ['reference', 'windowSize', 'measure', 'permutations', 'seed'] as const;
const MEASURE_OPTIONS: Record<DriftMeasure, readonly string[]> = {
  mmd: [...COMMON, 'bandwidth', 'estimator', 'kernel', 'degree', 'coef0'],
  energy: [...COMMON, 'estimator'],
  sinkhorn: [...COMMON, 'p', 'blur', 'scaling', 'tol', 'maxIter'],
  'knn-kl': [...COMMON, 'k'],
};
const DISTANCE: GramKernel = { form: 'distance', bandwidths: [], degree: 0, coef0: 0 };

/** The per-backend state of a monitor: rebuilt from host rows on the CPU after a GPU fault. */
interface MeasureState {
  readonly backend: Backend;
  /** Records `batch` (at most windowSize rows) in `window` and updates the state. */
  append(batch: HostMatrix, window: WindowRecord): Promise<void>;
  /** Value and p-value on the current window (null below the measure's minimum rows). */
  reading(window: WindowRecord): Promise<{ value: number | null; pValue: number | null }>;
  /** Loads a host window into a fresh state. */
  restore(window: WindowRecord): Promise<void>;
  dispose(): void;
}

/**
 * Makes a drift monitor on `backend` (see the header). Throws InvalidInputError for bad
 * options or reference; each push validates its batch the same way. `fallback` gives the
 * backend to continue on after a WebGPU fault (the engine's CPU backend).
 */
export async function createDriftMonitor(backend: Backend, options: DriftMonitorOptions, fallback?: () => Backend): Promise<DriftMonitor> {
  if (options === null || typeof options !== 'object') throw new InvalidInputError('UNKNOWN_OPTION', 'options', 'pass { reference, windowSize, measure, ... }');
  const measure = oneOf(options.measure, ['mmd', 'energy', 'sinkhorn', 'knn-kl'] as const, 'measure', 'UNKNOWN_METHOD');
  checkOptionKeys(options, MEASURE_OPTIONS[measure], `driftMonitor (measure '${measure}')`);
  const windowSize = positiveInteger(options.windowSize, 'windowSize');
  const permutations = options.permutations === undefined ? 0 : nonNegativeInteger(options.permutations, 'permutations');
  const seed = options.seed ?? 0;
  const reference = toHostMatrix(options.reference, 'options.reference');
  const hostReference = isDeviceResident(reference) ? undefined : reference;
  if (!hostReference && !backend.residentSamples) throw gpuInputRefused('options.reference', `the ${backend.kind} backend cannot read it`);
  const window = new WindowRecord(windowSize, reference.cols);
  // knn-kl p-values relabel rows on the host (engine.divergence's permutations): no GPU rows then.
  const refuseGpuRows = (m: HostMatrix, argument: string) => {
    if (measure === 'knn-kl' && permutations > 0 && isDeviceResident(m)) throw gpuInputRefused(argument, "'knn-kl' permutations relabel the rows on the host");
  };
  refuseGpuRows(reference, 'options.reference');

  let makeState: (on: Backend) => Promise<MeasureState>;
  let bandwidths: readonly number[] = [];
  if (measure === 'mmd' || measure === 'energy') {
    const estimator = oneOf(options.estimator ?? (measure === 'mmd' ? 'unbiased' : 'biased'), ['unbiased', 'biased'] as const, 'estimator', 'UNKNOWN_METHOD');
    const minRows = estimator === 'unbiased' ? 2 : 1;
    if (reference.rows < minRows) throw new InvalidInputError('TOO_FEW_ROWS', 'options.reference', `has ${reference.rows} rows; the ${estimator} estimator needs at least ${minRows}`);
    let kernel = DISTANCE;
    if (measure === 'mmd') {
      const choice = parseKernelChoice(options);
      const bandwidth = parseBandwidth(options.bandwidth, 'bandwidth', choice.name);
      kernel = resolveKernel(choice, bandwidth, await medianSampleOf(backend, reference, bandwidth, seed, 0), seed, 0, 'bandwidth');
      bandwidths = kernel.bandwidths;
    }
    const shift = isTranslationInvariant(kernel.form) ? await referenceShift(backend, reference) : undefined;
    const test = { measure, estimator, kernel, shift, permutations, seed, windowSize, options, hostReference };
    makeState = (on) => KernelMeasure.create(on, reference, test);
  } else {
    const k = measure === 'knn-kl' ? positiveInteger(options.k ?? 3, 'k') : 0;
    const { p, blur, scaling, tol, maxIter } = options;
    const sinkhornOptions = Object.fromEntries(Object.entries({ p, blur, scaling, tol, maxIter }).filter(([, v]) => v !== undefined));
    const compute = (on: Backend, x: Samples, w: Samples) =>
      measure === 'sinkhorn'
        ? sinkhorn(on, x, w, sinkhornOptions).then((r) => ({ value: r.value, pValue: null }))
        : divergence(on, w, x, { measure: 'kl', k, ...(permutations > 0 ? { permutations, seed } : {}) }).then((r) => ({ value: r.value, pValue: r.pValue }));
    makeState = (on) => RecomputedMeasure.create(on, reference, measure === 'knn-kl' ? k + 1 : 1, compute);
  }

  let state = await makeState(backend);
  let pushed = 0;
  let lost: DriftMonitorLostError | undefined;
  const readingOf = (result: { value: number | null; pValue: number | null }, warnings: string[]): DriftReading => ({
    ...result,
    measure,
    backend: state.backend.kind,
    n: reference.rows,
    m: window.rows,
    pushed,
    bandwidths,
    warnings,
  });

  return {
    async push(batch) {
      if (lost) throw lost;
      const m = toHostMatrix(batch, 'batch');
      if (m.cols !== reference.cols) throw new InvalidInputError('SHAPE_MISMATCH', 'batch', `has ${m.cols} columns but the reference has ${reference.cols}`);
      refuseGpuRows(m, 'batch');
      const kept = m.rows > windowSize ? rowRange(m, m.rows - windowSize, windowSize) : m;
      const recorded = window.batches;
      let counted = false;
      try {
        await state.append(kept, window);
        pushed += m.rows;
        counted = true;
        return readingOf(await state.reading(window), []);
      } catch (error) {
        if (error instanceof InvalidInputError || state.backend.kind === 'cpu' || !fallback) throw error;
        const message = error instanceof Error ? error.message : String(error);
        state.dispose();
        window.releaseDevice(state.backend);
        if (!hostReference || isDeviceResident(kept) || !window.onHost) {
          window.dispose(state.backend);
          const where = hostReference ? 'window holds rows' : 'reference came';
          lost = new DriftMonitorLostError(`WebGPU could not finish a drift-monitor push (${message}), and the monitor's ${where} from GPU buffers, which lived only on that device; make a new monitor`, { cause: error });
          throw lost;
        }
        state = await makeState(fallback());
        await state.restore(window);
        if (window.batches === recorded) await state.append(kept, window);
        if (!counted) pushed += m.rows;
        const warning = `WebGPU could not finish this push (${message}); the monitor was rebuilt from its host rows on the float64 CPU backend and continues there`;
        return readingOf(await state.reading(window), [warning]);
      }
    },
    window: () => window.hostMatrix(),
    dispose: () => {
      window.dispose(state.backend);
      state.dispose();
    },
  };
}

/**
 * The shift s every row is seen minus (translation-invariant kernels; see the header): the
 * column means of a host reference or the mid-ranges of a GPU one (2·d extents read back),
 * rounded to f32 so that host and device subtractions agree.
 */
async function referenceShift(backend: Backend, reference: HostMatrix): Promise<Float64Array> {
  if (!isDeviceResident(reference)) return Float64Array.from(columnMeans(reference), Math.fround);
  if (!backend.columnExtents) throw new Error(`driftMonitor: the ${backend.kind} backend cannot measure a GPU reference`);
  const raw = await backend.upload(reference);
  try {
    const extents = await backend.columnExtents(raw);
    return Float64Array.from({ length: reference.cols }, (_, c) => Math.fround((extents[2 * c] + extents[2 * c + 1]) / 2));
  } finally {
    backend.release(raw);
  }
}

/** Rows (host or GPU input) made resident on `backend` minus `shift` (undefined: as given). */
async function residentShifted(backend: Backend, rows: HostMatrix, shift: Float64Array | undefined): Promise<MatrixHandle> {
  if (!isDeviceResident(rows)) return backend.upload(shift ? subtractFromColumns(rows, shift) : rows);
  const raw = await backend.upload(rows);
  if (!shift) return raw;
  try {
    return await backend.stackRows([{ matrix: raw, start: 0, rows: raw.rows }], shift);
  } finally {
    backend.release(raw);
  }
}

/** A one-block resident copy of `m` seen as a GPU input (Backend.residentSamples); the caller releases the copy. */
async function residentSamplesOf(backend: Backend, m: MatrixHandle): Promise<{ copy: MatrixHandle; samples: Samples }> {
  if (!backend.residentSamples) throw new Error(`driftMonitor: the ${backend.kind} backend cannot pass resident rows to an estimator`);
  const copy = await backend.stackRows([{ matrix: m, start: 0, rows: m.rows }]);
  return { copy, samples: backend.residentSamples(copy) };
}

interface KernelTest {
  readonly measure: 'mmd' | 'energy';
  readonly estimator: 'unbiased' | 'biased';
  readonly kernel: GramKernel;
  readonly shift: Float64Array | undefined;
  readonly permutations: number;
  readonly seed: number;
  readonly windowSize: number;
  readonly options: DriftMonitorOptions;
  readonly hostReference: HostMatrix | undefined;
}

/** 'mmd' and 'energy': incremental scalar Gram sums (engine/drift-kernel-sums.ts). */
class KernelMeasure implements MeasureState {
  private constructor(
    readonly backend: Backend,
    private readonly sums: DriftKernelSums,
    private readonly test: KernelTest,
    private readonly n: number,
  ) {}

  static async create(backend: Backend, reference: HostMatrix, test: KernelTest): Promise<KernelMeasure> {
    const handle = await residentShifted(backend, reference, test.shift);
    const sums = await DriftKernelSums.create(backend, test.kernel, handle, test.windowSize, test.estimator === 'biased');
    return new KernelMeasure(backend, sums, test, reference.rows);
  }

  async append(batch: HostMatrix, window: WindowRecord): Promise<void> {
    const handle = await residentShifted(this.backend, batch, this.test.shift);
    window.push({ host: isDeviceResident(batch) ? undefined : batch, device: undefined, rows: batch.rows }, this.backend);
    await this.sums.push(handle);
  }

  async restore(window: WindowRecord): Promise<void> {
    if (window.rows > 0) await this.sums.push(await residentShifted(this.backend, window.hostMatrix(), this.test.shift));
  }

  async reading(window: WindowRecord): Promise<{ value: number | null; pValue: number | null }> {
    const { measure, estimator, permutations, seed, options, kernel, hostReference } = this.test;
    const s = this.sums.sums();
    const w = s.windowRows, n = this.n;
    if (w < (estimator === 'unbiased' ? 2 : 1)) return { value: null, pValue: null };
    const xx = estimator === 'unbiased' ? s.reference / (n * (n - 1)) : (s.reference + s.referenceDiagonal) / (n * n);
    const ww = estimator === 'unbiased' ? s.window / (w * (w - 1)) : (s.window + s.windowDiagonal) / (w * w);
    const statistic = xx + ww - (2 * s.cross) / (n * w);
    const value = measure === 'mmd' ? statistic : -statistic;
    if (permutations === 0) return { value, pValue: null };
    const batchTest = (x: Samples, y: Samples) =>
      measure === 'mmd'
        ? mmd(this.backend, x, y, { kernel: options.kernel, degree: options.degree, coef0: options.coef0, bandwidth: kernel.bandwidths.length > 0 ? [...kernel.bandwidths] : undefined, estimator, permutations, seed })
        : energyDistance(this.backend, x, y, { estimator, permutations, seed });
    if (hostReference && window.onHost) return { value, pValue: (await batchTest(hostReference, window.hostMatrix())).pValue };
    // GPU rows: the batch estimator on the resident (shifted) reference and window, on the device.
    const stacked = await this.sums.windowMatrix();
    const copies: MatrixHandle[] = [stacked];
    try {
      const x = await residentSamplesOf(this.backend, this.sums.reference);
      copies.push(x.copy);
      return { value, pValue: (await batchTest(x.samples, this.backend.residentSamples!(stacked))).pValue };
    } finally {
      for (const c of copies) this.backend.release(c);
    }
  }

  dispose(): void {
    this.sums.dispose();
  }
}

/** 'sinkhorn' and 'knn-kl': the batch estimator on the whole window at each push. */
class RecomputedMeasure implements MeasureState {
  private constructor(
    readonly backend: Backend,
    /** The reference as given to the estimator: host rows, or a resident copy of a GPU reference. */
    private readonly reference: { host: HostMatrix } | { copy: MatrixHandle; samples: Samples },
    private readonly minRows: number,
    private readonly compute: (on: Backend, x: Samples, w: Samples) => Promise<{ value: number; pValue: number | null }>,
  ) {}

  static async create(backend: Backend, reference: HostMatrix, minRows: number, compute: RecomputedMeasure['compute']): Promise<RecomputedMeasure> {
    if (!isDeviceResident(reference)) return new RecomputedMeasure(backend, { host: reference }, minRows, compute);
    const raw = await backend.upload(reference);
    try {
      return new RecomputedMeasure(backend, await residentSamplesOf(backend, raw), minRows, compute);
    } finally {
      backend.release(raw);
    }
  }

  async append(batch: HostMatrix, window: WindowRecord): Promise<void> {
    const device = isDeviceResident(batch) ? await this.backend.upload(batch) : undefined;
    window.push({ host: device ? undefined : batch, device, rows: batch.rows }, this.backend);
  }

  async restore(): Promise<void> {}

  async reading(window: WindowRecord): Promise<{ value: number | null; pValue: number | null }> {
    if (window.rows < this.minRows) return { value: null, pValue: null };
    if ('host' in this.reference && window.onHost) return this.compute(this.backend, this.reference.host, window.hostMatrix());
    const x = 'host' in this.reference ? this.reference.host : this.reference.samples;
    const stacked = await window.deviceMatrix(this.backend);
    try {
      return await this.compute(this.backend, x, this.backend.residentSamples!(stacked));
    } finally {
      this.backend.release(stacked);
    }
  }

  dispose(): void {
    if ('copy' in this.reference) this.backend.release(this.reference.copy);
  }
}

function nonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new InvalidInputError('BAD_INTEGER', `options.${name}`, `must be a non-negative integer, got ${String(value)}`);
  return value;
}
