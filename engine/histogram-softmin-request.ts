/**
 * Checks of a HistogramSoftminRequest (backend.ts) shared by both backends: ε, the batch
 * and cost shapes against the vectors' lengths, and that the output is not also read.
 */
import type { HistogramSoftminRequest } from './backend.js';

/** Throws RangeError on any inconsistency; returns the lengths of the summed and the output side. */
export function checkHistogramSoftminRequest(request: HistogramSoftminRequest): { summed: number; out: number } {
  const { eps, pairs, rows, cols, transpose, cost, logWeights, potential, output } = request;
  if (!(eps > 0) || !Number.isFinite(eps)) throw new RangeError(`histogramSoftmin: eps must be a finite number > 0, got ${eps}`);
  for (const [name, v] of [['pairs', pairs], ['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`histogramSoftmin: ${name} must be a positive integer, got ${v}`);
  }
  const summed = transpose ? rows : cols, out = transpose ? cols : rows;
  const expect = (length: number, wanted: number, name: string) => {
    if (length !== wanted) throw new RangeError(`histogramSoftmin: ${name} has ${length} entries, expected ${wanted}`);
  };
  expect(cost.length, rows * cols, 'cost');
  expect(logWeights.length, pairs * summed, 'logWeights');
  expect(potential.length, pairs * summed, 'potential');
  expect(output.length, pairs * out, 'output');
  if (request.relax) {
    expect(request.relax.previous.length, pairs * out, 'relax.previous');
    if (!Number.isFinite(request.relax.weight)) throw new RangeError(`histogramSoftmin: relax.weight must be finite, got ${request.relax.weight}`);
  }
  if (output === cost || output === logWeights || output === potential || output === request.relax?.previous) {
    throw new RangeError('histogramSoftmin: output must be a vector distinct from every vector read');
  }
  return { summed, out };
}
