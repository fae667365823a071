/**
 * Shape checks of the Gram calls (engine/backend.ts), shared by both backends: weight
 * vectors and permutation tables must match the rows they index, and the kernel must be
 * well formed. A failed check is a programming error inside infogpu (estimators validate
 * user input first), so it throws RangeError.
 */
import type { ColumnRange, GramAlignmentRequest, GramSumRequest, MatrixHandle } from './backend.js';
import type { GramKernel } from './gram-kernel.js';

/** The request's column range (default: every column), checked against both matrices. */
export function checkGramSumRequest(query: MatrixHandle, reference: MatrixHandle, request: GramSumRequest): ColumnRange {
  const { count, referenceWeights, queryWeights } = request;
  checkCount(count, 'gramSums');
  checkKernel(request.kernel, 'gramSums');
  if (referenceWeights.length !== count * reference.rows) {
    throw new RangeError(`gramSums: ${referenceWeights.length} reference weights are not ${count} vectors of ${reference.rows}`);
  }
  if (queryWeights !== null && queryWeights.length !== count * query.rows) {
    throw new RangeError(`gramSums: ${queryWeights.length} query weights are not ${count} vectors of ${query.rows}`);
  }
  const [start, end] = request.columns ?? [0, query.cols];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > query.cols || end > reference.cols) {
    throw new RangeError(`gramSums: column range [${start}, ${end}) is not inside ${query.cols} query and ${reference.cols} reference columns`);
  }
  return [start, end];
}

export function checkGramAlignmentRequest(first: MatrixHandle, second: MatrixHandle, request: GramAlignmentRequest): void {
  const { count, permutations } = request;
  checkCount(count, 'gramAlignment');
  checkKernel(request.firstKernel, 'gramAlignment');
  checkKernel(request.secondKernel, 'gramAlignment');
  const n = first.rows;
  if (second.rows !== n) throw new RangeError(`gramAlignment: the matrices have ${n} and ${second.rows} rows; they must be paired`);
  if (permutations.length !== count * n) throw new RangeError(`gramAlignment: ${permutations.length} permutation entries are not ${count} permutations of ${n}`);
  for (const j of permutations) if (!(j >= 0 && j < n)) throw new RangeError(`gramAlignment: permutation entry ${j} outside [0, ${n})`);
}

function checkCount(count: number, call: string): void {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${call}: count must be a positive integer, got ${count}`);
}

function checkKernel(kernel: GramKernel, call: string): void {
  const takesBandwidths = kernel.form !== 'linear' && kernel.form !== 'distance';
  if (takesBandwidths !== kernel.bandwidths.length > 0 || !kernel.bandwidths.every((s) => s > 0 && Number.isFinite(s))) {
    throw new RangeError(`${call}: kernel '${kernel.form}' has bandwidths [${kernel.bandwidths.join(', ')}]`);
  }
  if (kernel.form === 'polynomial' && !(Number.isInteger(kernel.degree) && kernel.degree >= 1)) {
    throw new RangeError(`${call}: polynomial degree ${kernel.degree} is not a positive integer`);
  }
}
