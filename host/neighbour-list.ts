/**
 * Host side of shaders/neighbour-list.wgsl: the compiled list capacities (K_CAPACITY
 * branches), the Entry layout, and the decoding of read-back neighbour lists.
 */
import source from '../shaders/neighbour-list.wgsl';

export const neighbourListSource = source;

/** Private-array lengths compiled on demand; a list of length L uses the smallest ≥ L. */
const CAPACITIES = [4, 8, 16, 32, 64] as const;

/** The longest list one pass keeps; a larger k takes ceil(k / MAX_LIST_LENGTH) passes. */
export const MAX_LIST_LENGTH = CAPACITIES[CAPACITIES.length - 1];

/** Bytes of one Entry (rank f32, index u32). */
export const ENTRY_BYTES = 8;

/** wgsl-preprocessor flags selecting the smallest capacity that holds `listLength` entries. */
export function capacityBranches(listLength: number): Record<string, boolean> {
  const capacity = CAPACITIES.find((c) => c >= listLength);
  if (capacity === undefined) throw new Error(`neighbour list of ${listLength} entries exceeds ${MAX_LIST_LENGTH}`);
  return Object.fromEntries(CAPACITIES.map((c) => [`K_CAPACITY_${c}`, c === capacity]));
}

/**
 * Copies `rows` × `k` read-back entries (reported distance, index) into the result
 * arrays from row `rowBase` on. An empty slot (index NO_INDEX, reached only when a query
 * has fewer than k candidates) becomes distance Infinity, index −1, as on the CPU.
 */
export function decodeEntries(bytes: ArrayBuffer, rows: number, k: number, rowBase: number, distances: Float64Array, indices: Int32Array): void {
  const rank = new Float32Array(bytes, 0, 2 * rows * k);
  const index = new Int32Array(bytes, 0, 2 * rows * k);
  const start = rowBase * k;
  for (let e = 0; e < rows * k; e++) {
    const j = index[2 * e + 1];
    indices[start + e] = j;
    distances[start + e] = j === -1 ? Infinity : rank[2 * e];
  }
}
