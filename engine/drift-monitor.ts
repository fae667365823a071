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
 * 'mmd' and 'energy' update incrementally (engine/drift-kernel-sums.ts): a push costs
 * O(batch·(window + reference)) kernel evaluations, and the value equals the batch
 * estimator on the same window with the same fixed bandwidth. 'sinkhorn' and 'knn-kl' are
 * recomputed on the whole window at each push (no warm start). `permutations: P, seed`
 * adds the batch estimator's permutation p-value on the window (an O(P·(n + |W|)²) pass).
 * Reference and batches are host samples (GPU-buffer inputs are refused with GPU_INPUT).
 */
import type { Backend, BackendKind } from './backend.js';
import { DriftKernelSums } from './drift-kernel-sums.js';
import { energyDistance } from './energy-distance.js';
import { InvalidInputError } from './errors.js';
import { divergence } from './divergence.js';
import type { GramKernel } from './gram-kernel.js';
import { isTranslationInvariant } from './gram-kernel.js';
import { columnMeans, concatRows, subtractFromColumns, type HostMatrix } from './host-matrix.js';
import { parseBandwidth, parseKernelChoice, resolveKernel, type Bandwidth, type KernelOptions } from './kernel-options.js';
import { mmd } from './mmd.js';
import { checkOptionKeys, oneOf, positiveInteger } from './options.js';
import { toHostMatrix, type Samples } from './samples.js';
import { sinkhorn } from './sinkhorn.js';
import { isGpuSamples } from './gpu-samples.js';

export type DriftMeasure = 'mmd' | 'energy' | 'sinkhorn' | 'knn-kl';

export interface DriftMonitorOptions extends KernelOptions {
  /** The reference sample X (host data). */
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
}

export interface DriftMonitor {
  /** Appends `batch` (rows with the reference's columns) and resolves to the reading on the new window. */
  push(batch: Samples): Promise<DriftReading>;
  /** The current window's rows, oldest first (a copy). */
  window(): { data: Float64Array; rows: number; cols: number };
  /** Frees the monitor's resident matrices. */
  dispose(): void;
}

const COMMON = ['reference', 'windowSize', 'measure', 'permutations', 'seed'] as const;
const MEASURE_OPTIONS: Record<DriftMeasure, readonly string[]> = {
  mmd: [...COMMON, 'bandwidth', 'estimator', 'kernel', 'degree', 'coef0'],
  energy: [...COMMON, 'estimator'],
  sinkhorn: [...COMMON, 'p', 'blur', 'scaling', 'tol', 'maxIter'],
  'knn-kl': [...COMMON, 'k'],
};
const DISTANCE: GramKernel = { form: 'distance', bandwidths: [], degree: 0, coef0: 0 };

/**
 * Makes a drift monitor on `backend` (see the header). Throws InvalidInputError for bad
 * options or reference; each push validates its batch the same way.
 */
export async function createDriftMonitor(backend: Backend, options: DriftMonitorOptions): Promise<DriftMonitor> {
  if (options === null || typeof options !== 'object') throw new InvalidInputError('UNKNOWN_OPTION', 'options', 'pass { reference, windowSize, measure, ... }');
  const measure = oneOf(options.measure, ['mmd', 'energy', 'sinkhorn', 'knn-kl'] as const, 'measure', 'UNKNOWN_METHOD');
  checkOptionKeys(options, MEASURE_OPTIONS[measure], `driftMonitor (measure '${measure}')`);
  const windowSize = positiveInteger(options.windowSize, 'windowSize');
  const permutations = options.permutations === undefined ? 0 : nonNegativeInteger(options.permutations, 'permutations');
  const seed = options.seed ?? 0;
  const reference = hostSample(options.reference, 'options.reference');
  const monitor = new SlidingWindow(reference.cols, windowSize);
  let pushed = 0;

  const base = { measure, backend: backend.kind, n: reference.rows };
  const batchOf = (batch: Samples): HostMatrix => {
    const m = hostSample(batch, 'batch');
    if (m.cols !== reference.cols) throw new InvalidInputError('SHAPE_MISMATCH', 'batch', `has ${m.cols} columns but the reference has ${reference.cols}`);
    return m;
  };

  if (measure === 'mmd' || measure === 'energy') {
    const estimator = oneOf(options.estimator ?? (measure === 'mmd' ? 'unbiased' : 'biased'), ['unbiased', 'biased'] as const, 'estimator', 'UNKNOWN_METHOD');
    let kernel = DISTANCE;
    if (measure === 'mmd') {
      const choice = parseKernelChoice(options);
      kernel = resolveKernel(choice, parseBandwidth(options.bandwidth, 'bandwidth', choice.name), reference, seed, 0, 'bandwidth');
    }
    // One shift for the reference and every batch (translation-invariant kernels): f32 keeps the detail.
    const shift = isTranslationInvariant(kernel.form) ? columnMeans(reference) : new Float64Array(reference.cols);
    const unbiased = estimator === 'unbiased';
    const minRows = unbiased ? 2 : 1;
    if (reference.rows < minRows) throw new InvalidInputError('TOO_FEW_ROWS', 'options.reference', `has ${reference.rows} rows; the ${estimator} estimator needs at least ${minRows}`);
    const sums = await DriftKernelSums.create(backend, kernel, subtractFromColumns(reference, shift), windowSize, !unbiased);
    const batchOptions = measure === 'mmd' ? { kernel: options.kernel, degree: options.degree, coef0: options.coef0, bandwidth: kernel.bandwidths.length > 0 ? [...kernel.bandwidths] : undefined, estimator } : { estimator };
    return {
      async push(batch) {
        const m = batchOf(batch);
        const kept = m.rows > windowSize ? lastRows(m, windowSize) : m;
        await sums.push(subtractFromColumns(kept, shift));
        monitor.push(m);
        pushed += m.rows;
        const s = sums.sums();
        const w = s.windowRows, n = reference.rows;
        let value: number | null = null;
        if (w >= minRows) {
          const xx = unbiased ? s.reference / (n * (n - 1)) : (s.reference + s.referenceDiagonal) / (n * n);
          const ww = unbiased ? s.window / (w * (w - 1)) : (s.window + s.windowDiagonal) / (w * w);
          const statistic = xx + ww - (2 * s.cross) / (n * w);
          value = measure === 'mmd' ? statistic : -statistic;
        }
        let pValue: number | null = null;
        if (value !== null && permutations > 0) {
          const windowed = monitor.matrix();
          const test = measure === 'mmd' ? await mmd(backend, reference, windowed, { ...batchOptions, permutations, seed }) : await energyDistance(backend, reference, windowed, { estimator, permutations, seed });
          pValue = test.pValue;
        }
        return { ...base, value, pValue, m: w, pushed, bandwidths: kernel.bandwidths };
      },
      window: () => monitor.matrix(),
      dispose: () => sums.dispose(),
    };
  }

  const k = measure === 'knn-kl' ? positiveInteger(options.k ?? 3, 'k') : 0;
  const minRows = measure === 'knn-kl' ? k + 1 : 1;
  const { p, blur, scaling, tol, maxIter } = options;
  const sinkhornOptions = Object.fromEntries(Object.entries({ p, blur, scaling, tol, maxIter }).filter(([, v]) => v !== undefined));
  return {
    async push(batch) {
      const m = batchOf(batch);
      monitor.push(m);
      pushed += m.rows;
      const windowed = monitor.matrix();
      let value: number | null = null, pValue: number | null = null;
      if (windowed.rows >= minRows) {
        if (measure === 'sinkhorn') {
          value = (await sinkhorn(backend, reference, windowed, sinkhornOptions)).value;
        } else {
          const result = await divergence(backend, windowed, reference, { measure: 'kl', k, ...(permutations > 0 ? { permutations, seed } : {}) });
          value = result.value;
          pValue = result.pValue;
        }
      }
      return { ...base, value, pValue, m: windowed.rows, pushed, bandwidths: [] };
    },
    window: () => monitor.matrix(),
    dispose: () => undefined,
  };
}

/** The last `rows` rows of m. */
function lastRows(m: HostMatrix, rows: number): HostMatrix {
  return { rows, cols: m.cols, data: m.data.subarray((m.rows - rows) * m.cols) };
}

function hostSample(samples: Samples, argument: string): HostMatrix {
  if (isGpuSamples(samples)) throw new InvalidInputError('GPU_INPUT', argument, 'the drift monitor keeps its window on the host; pass host rows');
  return toHostMatrix(samples, argument);
}

function nonNegativeInteger(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new InvalidInputError('BAD_INTEGER', `options.${name}`, `must be a non-negative integer, got ${String(value)}`);
  return value;
}

/** The most recent `size` rows pushed, as a list of host batches (oldest first). */
class SlidingWindow {
  private readonly parts: HostMatrix[] = [];
  private rows = 0;
  constructor(
    private readonly cols: number,
    private readonly size: number,
  ) {}

  push(batch: HostMatrix): void {
    const kept = batch.rows > this.size ? lastRows(batch, this.size) : batch;
    this.parts.push({ rows: kept.rows, cols: this.cols, data: Float64Array.from(kept.data.subarray(0, kept.rows * this.cols)) });
    this.rows += kept.rows;
    while (this.rows > this.size) {
      const oldest = this.parts[0];
      const excess = this.rows - this.size;
      if (oldest.rows <= excess) {
        this.parts.shift();
        this.rows -= oldest.rows;
      } else {
        this.parts[0] = lastRows(oldest, oldest.rows - excess);
        this.rows -= excess;
      }
    }
  }

  matrix(): { data: Float64Array; rows: number; cols: number } {
    if (this.parts.length === 0) return { data: new Float64Array(0), rows: 0, cols: this.cols };
    const m = concatRows(this.parts);
    return { data: m.data, rows: m.rows, cols: m.cols };
  }
}
