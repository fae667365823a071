/**
 * Host side of shaders/column-space.wgsl (and its prelude shaders/counter-random.wgsl):
 * the column spaces of a call encoded as the `spaces` table, and the `mapped` binding the
 * permuted columns are read from. A single call (knn, countWithin, pairDistances) is a
 * batch of one unpermuted space.
 *
 * `mapped`: the matrix's own buffer when it is one block (stride = its columns, base 0);
 * when it is several blocks, a compact copy of the permuted columns of every row
 * (kernels/gather-columns.ts), since σ(j) may lie in any block.
 */
import type { ColumnSpace } from '../engine/backend.js';
import { effectivePermutation, spaceWidth } from '../engine/column-space.js';
import { FeistelPermutation } from '../engine/random-permutation.js';
import type { GpuContext } from './gpu-context.js';
import type { GpuMatrix } from './gpu-matrix.js';
import { gatherColumns } from './kernels/gather-columns.js';
import counterRandomSource from '../shaders/counter-random.wgsl';
import columnSpaceSource from '../shaders/column-space.wgsl';

/** The preludes every kernel reading column spaces includes, in order. */
export const columnSpaceSources = [counterRandomSource, columnSpaceSource] as const;

const HEADER_WORDS = 4;
const SPACE_WORDS = 8;

export interface SpaceBatch {
  /** The spaces table (binding 3). */
  readonly table: GPUBuffer;
  /** Permuted columns of every row (binding 4). */
  readonly mapped: GPUBuffer;
  readonly members: number;
  /** Columns of the widest space. */
  readonly width: number;
  /** Frees what this batch acquired. */
  release(): void;
}

/**
 * Uploads the table of `spaces` (already checked against the matrices) over `matrix`
 * (the matrix whose rows a permutation maps), gathering its permuted columns when it is
 * several blocks.
 */
async function prepareSpaceBatch(context: GpuContext, matrix: GpuMatrix, spaces: readonly ColumnSpace[]): Promise<SpaceBatch> {
  const permutations = spaces.map(effectivePermutation);
  let [begin, end] = [Infinity, -Infinity];
  for (const p of permutations) if (p) [begin, end] = [Math.min(begin, p.columns[0]), Math.max(end, p.columns[1])];
  const gathered = matrix.blocks.length > 1 && begin < end ? await gatherColumns(context, matrix, [begin, end]) : undefined;
  const [stride, base] = gathered ? [end - begin, begin] : [matrix.cols, 0];

  const rangeWords = spaces.reduce((s, space) => s + 2 * space.ranges.length, 0);
  const words = new Uint32Array(HEADER_WORDS + SPACE_WORDS * spaces.length + rangeWords);
  words.set([stride, base]);
  let next = HEADER_WORDS + SPACE_WORDS * spaces.length;
  spaces.forEach((space, m) => {
    const p = permutations[m];
    const record = [next, space.ranges.length, 0, 0, 0, 0, 0, 0];
    if (p) record.splice(2, 6, p.columns[0], p.columns[1], matrix.rows, p.seed, p.stream, new FeistelPermutation(matrix.rows, p.seed, p.stream).halfBits);
    words.set(record, HEADER_WORDS + SPACE_WORDS * m);
    for (const range of space.ranges) {
      words.set(range, next);
      next += 2;
    }
  });
  const table = context.uploadStorage(words, 'column spaces');
  return {
    table,
    mapped: gathered ?? matrix.blocks[0].buffer,
    members: spaces.length,
    width: spaces.reduce((w, space) => Math.max(w, spaceWidth(space)), 0),
    release: () => {
      context.pool.release(table);
      if (gathered) context.pool.release(gathered);
    },
  };
}

/** [first, first + count) for each group of at most `perGroup` of `members`. */
export function memberGroups(members: number, perGroup: number): [first: number, count: number][] {
  const groups: [number, number][] = [];
  for (let first = 0; first < members; first += perGroup) groups.push([first, Math.min(perGroup, members - first)]);
  return groups;
}

/** Runs `body` on the prepared batch of `spaces` over `matrix`, then releases the batch. */
export async function withSpaceBatch<T>(context: GpuContext, matrix: GpuMatrix, spaces: readonly ColumnSpace[], body: (batch: SpaceBatch) => Promise<T>): Promise<T> {
  const batch = await prepareSpaceBatch(context, matrix, spaces);
  try {
    return await body(batch);
  } finally {
    batch.release();
  }
}
