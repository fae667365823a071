/** The public types of the embeddable panel (infogpu-panel.ts). */
import type { BackendKind, Samples } from '../../index.js';

export type PanelMeasure = 'mmd' | 'kl' | 'sinkhorn';

/** number[] or Float32Array/Float64Array (one column), number[][] (rows), or `{ data, rows, cols }` (row-major). */
export type PanelSamples = Exclude<Samples, { buffer: unknown }>;

export interface ConfidenceIntervalShown {
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

export interface PanelOptions {
  /** 'mmd' (default), 'kl' or 'sinkhorn'. */
  measure?: PanelMeasure;
  /** 'auto' (default: a hardware GPU, else the CPU), 'webgpu' (any adapter, a software one too), 'cpu'. */
  backend?: 'auto' | 'webgpu' | 'cpu';
  /** mmd: permutations for the p-value (default 99; 0 for none). */
  permutations?: number;
  /** Seed of the permutations and subsamples (default 0). */
  seed?: number;
  /** kl: subsamples of the confidence interval (default 30). */
  subsamples?: number;
  /** kl: neighbours (default 3). */
  k?: number;
  /** sinkhorn: blur, ε = blur² (default 0.5). */
  blur?: number;
  /** The heading (default: the measure's name). */
  title?: string;
  /** The built engine worker (default: ../shared/engine-worker.js beside the panel's bundle). */
  workerUrl?: string | URL;
}

export interface PanelReading {
  /** 0, 1, …: its place in the history. */
  readonly index: number;
  readonly value: number;
  readonly pValue: number | null;
  readonly interval: ConfidenceIntervalShown | null;
  /** The engine's backend; null for a value pushed with update(). */
  readonly backend: BackendKind | null;
  readonly n: number | null;
  readonly m: number | null;
  /** Wall time of the estimate (without the plotted null); null for pushed values. */
  readonly milliseconds: number | null;
}
