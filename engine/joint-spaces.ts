/**
 * One (x, y) pairing inside a resident joint matrix, for the batched max-norm kNN MI
 * estimators (KSG, mixed): x and y as column sets, and optionally a permutation of some
 * columns' rows (y's, for a permutation null). A batch of pairings is one backend call
 * per step: every column of X against a target and each column's permutation nulls
 * (mutualInformationColumns), or P permutation nulls on one upload of [x | y]
 * (mutualInformation with `permutations`).
 *
 *   joint space  the ranges of x then y (joint max-norm max(‖x_j − x_i‖∞, ‖y_j − y_i‖∞))
 *   x space, y space  the marginals, for the neighbour counts
 */
import type { ColumnRange, ColumnSpace, RowPermutation } from './backend.js';

export interface JointSpaces {
  readonly x: readonly ColumnRange[];
  readonly y: readonly ColumnRange[];
  readonly permuted?: RowPermutation;
}

export function jointSpace(s: JointSpaces): ColumnSpace {
  return { ranges: [...s.x, ...s.y], permuted: s.permuted };
}

export function xSpace(s: JointSpaces): ColumnSpace {
  return { ranges: s.x, permuted: s.permuted };
}

export function ySpace(s: JointSpaces): ColumnSpace {
  return { ranges: s.y, permuted: s.permuted };
}

/** The pairing of columns [0, xCols) with [xCols, xCols + yCols) of [x | y]. */
export function splitColumns(xCols: number, yCols: number, permuted?: RowPermutation): JointSpaces {
  return { x: [[0, xCols]], y: [[xCols, xCols + yCols]], permuted };
}

/**
 * Members per backend call so that one call's neighbour lists hold at most
 * MAX_BATCH_ENTRIES (rows × k) entries (≈ 50 MB of host lists), and [first, end) batches.
 */
const MAX_BATCH_ENTRIES = 1 << 22;

export function memberBatches(members: number, rows: number, k: number): [first: number, end: number][] {
  const size = Math.max(1, Math.floor(MAX_BATCH_ENTRIES / (rows * k)));
  const out: [number, number][] = [];
  for (let first = 0; first < members; first += size) out.push([first, Math.min(members, first + size)]);
  return out;
}
