/**
 * Result shapes. Every call returns an object whose shape never depends on a flag:
 * at least `value`, `method`, `backend`, `n`; information quantities carry `unit`.
 */
import type { BackendKind } from './backend.js';

export type InformationUnit = 'nats' | 'bits';

export interface InformationEstimate {
  /** The raw estimate (never clipped at 0). */
  readonly value: number;
  readonly unit: InformationUnit;
  readonly method: string;
  readonly backend: BackendKind;
  /** Rows used. */
  readonly n: number;
  /** Neighbour order of a kNN estimator. */
  readonly k: number;
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
