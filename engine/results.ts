/**
 * Result shapes. Every call returns an object whose shape never depends on a flag:
 * at least `value`, `method`, `backend`, `n`; information quantities carry `unit`.
 */
import type { BackendKind } from './backend.js';
import type { ConfidenceInterval } from './inference.js';

export type InformationUnit = 'nats' | 'bits';

export interface InformationEstimate {
  /** The raw estimate (never clipped at 0). */
  readonly value: number;
  /** 'nats' or 'bits'; null for quantities with no logarithm (Tsallis, Hellinger, L2). */
  readonly unit: InformationUnit | null;
  readonly method: string;
  readonly backend: BackendKind;
  /** Rows used. */
  readonly n: number;
  /** Neighbour order of a kNN estimator. */
  readonly k: number;
  /** Permutation p-value (options.permutations); null when not asked for. */
  readonly pValue: number | null;
  /** Subsampling confidence interval (options.interval); null when not asked for. */
  readonly interval: ConfidenceInterval | null;
  /** What the caller should know about this estimate (e.g. repeated points); empty when none. */
  readonly warnings: string[];
}

export interface NeighbourLists {
  /** Row-major (rows × k), ascending; ties by lower index. */
  readonly distances: Float64Array;
  readonly indices: Int32Array;
  readonly rows: number;
  readonly k: number;
  readonly metric: 'euclidean' | 'chebyshev';
  readonly backend: BackendKind;
}

export interface DivergenceEstimate {
  /** The raw estimate (never clipped). */
  readonly value: number;
  /** 'nats' or 'bits' for logarithmic measures; null otherwise (Tsallis, Hellinger, L2). */
  readonly unit: InformationUnit | null;
  readonly measure: string;
  readonly method: string;
  readonly backend: BackendKind;
  /** Rows of p. */
  readonly n: number;
  /** Rows of q. */
  readonly m: number;
  readonly k: number;
  /** Permutation p-value (options.permutations); null when not asked for. */
  readonly pValue: number | null;
  /** Subsampling confidence interval (options.interval); null when not asked for. */
  readonly interval: ConfidenceInterval | null;
  readonly warnings: string[];
}
