/**
 * Checks and shapes of the ColumnSpace a batched backend call names (engine/backend.ts),
 * shared by both backends so a bad request fails the same way on each.
 *
 * A space's permutation matters only where its columns meet the space's ranges; a
 * permutation of other columns (y's, in the x space of a KSG null) is dropped, so no
 * backend evaluates σ for nothing.
 */
import type { ColumnRange, ColumnSpace, RowPermutation } from './backend.js';

/** Total columns of the space (its ranges' widths summed). */
export function spaceWidth(space: ColumnSpace): number {
  return space.ranges.reduce((w, [start, end]) => w + end - start, 0);
}

/** The permutation if it applies to some column of the space, else undefined. */
export function effectivePermutation(space: ColumnSpace): RowPermutation | undefined {
  const p = space.permuted;
  if (!p) return undefined;
  const [a, b] = p.columns;
  return space.ranges.some(([start, end]) => start < b && a < end) ? p : undefined;
}

/** Throws a RangeError naming `label` unless every range and the permutation lie inside `cols` columns. */
export function checkColumnSpace(space: ColumnSpace, cols: number, label: string): void {
  if (space.ranges.length === 0) throw new RangeError(`${label}: a column space needs at least one range`);
  for (const range of space.ranges) checkRange(range, cols, label);
  const p = space.permuted;
  if (p) {
    checkRange(p.columns, cols, `${label} permutation`);
    for (const [name, value] of [['seed', p.seed], ['stream', p.stream]] as const) {
      if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new RangeError(`${label}: permutation ${name} ${value} is not a u32`);
    }
  }
}

function checkRange([start, end]: ColumnRange, cols: number, label: string): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > cols) {
    throw new RangeError(`${label}: column range [${start}, ${end}) is not inside ${cols} columns`);
  }
}

/** checkColumnSpace for every member of a batch (at least one). */
export function checkColumnSpaces(spaces: readonly ColumnSpace[], cols: number, label: string): void {
  if (spaces.length === 0) throw new RangeError(`${label}: the batch is empty`);
  spaces.forEach((space, m) => checkColumnSpace(space, cols, `${label} member ${m}`));
}
