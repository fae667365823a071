/**
 * Checks of a SoftminRequest (backend.ts) shared by both backends: the vectors' lengths
 * against the query and reference rows, ε, p, the column range, and that no written
 * vector is also read (a kernel cannot read and write one buffer in one step).
 */
import type { ColumnRange, MatrixHandle, SoftminRequest } from './backend.js';

/** The request's column range (default: every column); throws RangeError on any inconsistency. */
export function checkSoftminRequest(query: MatrixHandle, reference: MatrixHandle, request: SoftminRequest): ColumnRange {
  const { p, eps, logWeights, potential, output, relax, meanCost } = request;
  if (p !== 1 && p !== 2) throw new RangeError(`softmin: p must be 1 or 2, got ${String(p)}`);
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`softmin: eps must be a finite number > 0, got ${eps}`);
  if (query.cols !== reference.cols) throw new RangeError(`softmin: ${query.cols} query columns but ${reference.cols} reference columns`);
  const [start, end] = request.columns ?? [0, query.cols];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > query.cols) {
    throw new RangeError(`softmin: column range [${start}, ${end}) is not inside ${query.cols} columns`);
  }
  const expect = (length: number, rows: number, name: string) => {
    if (length !== rows) throw new RangeError(`softmin: ${name} has ${length} entries for ${rows} rows`);
  };
  expect(logWeights.length, reference.rows, 'logWeights');
  expect(potential.length, reference.rows, 'potential');
  expect(output.length, query.rows, 'output');
  if (relax) {
    expect(relax.previous.length, query.rows, 'relax.previous');
    if (!Number.isFinite(relax.weight)) throw new RangeError(`softmin: relax.weight must be finite, got ${relax.weight}`);
  }
  if (meanCost) expect(meanCost.length, query.rows, 'meanCost');
  if (request.damping !== undefined && !(request.damping > 0 && request.damping <= 1)) throw new RangeError(`softmin: damping must lie in (0, 1], got ${request.damping}`);
  const read = [logWeights, potential, relax?.previous];
  if (read.includes(output) || (meanCost && (read.includes(meanCost) || meanCost === output))) {
    throw new RangeError('softmin: output and meanCost must be vectors distinct from each other and from every vector read');
  }
  return [start, end];
}
