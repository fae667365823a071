/**
 * asSampleMatrix (demos/shared/as-sample-matrix.ts), the panel's input conversion: every
 * in-memory Samples form gives the same row-major float64 matrix (a copy), and malformed
 * input is an InvalidInputError naming the argument.
 */
import { describe, expect, it } from 'vitest';
import { InvalidInputError, type Samples } from '../index.js';
import { asSampleMatrix } from '../demos/shared/as-sample-matrix.js';

const plain = (m: { data: Float64Array; rows: number; cols: number }) => ({ data: Array.from(m.data), rows: m.rows, cols: m.cols });

describe('asSampleMatrix', () => {
  it('reads one column, rows and row-major input alike', () => {
    const column = { data: [1, 2, 3], rows: 3, cols: 1 };
    expect(plain(asSampleMatrix([1, 2, 3], 'x'))).toEqual(column);
    expect(plain(asSampleMatrix(Float32Array.of(1, 2, 3), 'x'))).toEqual(column);
    expect(plain(asSampleMatrix(Float64Array.of(1, 2, 3), 'x'))).toEqual(column);
    const matrix = { data: [1, 2, 3, 4, 5, 6], rows: 3, cols: 2 };
    expect(plain(asSampleMatrix([[1, 2], [3, 4], [5, 6]], 'x'))).toEqual(matrix);
    // data longer than rows·cols: only the first rows·cols values are the samples.
    expect(plain(asSampleMatrix({ data: [1, 2, 3, 4, 5, 6, 7], rows: 3, cols: 2 }, 'x'))).toEqual(matrix);
  });

  it('copies, so later changes to the caller\'s array do not reach the panel', () => {
    const source = new Float64Array([1, 2]);
    const matrix = asSampleMatrix({ data: source, rows: 2, cols: 1 }, 'x');
    source[0] = 99;
    expect(matrix.data[0]).toBe(1);
  });

  const bad: [string, Samples, RegExp][] = [
    ['an empty array', [], /^y: no samples/],
    ['ragged rows', [[1, 2], [3]], /^y: row 1 has 1 columns but row 0 has 2/],
    ['data shorter than rows·cols', { data: [1, 2, 3], rows: 2, cols: 2 }, /^y: \{ data, rows, cols \} needs .* got rows 2, cols 2, length 3/],
    ['fractional rows', { data: [1, 2, 3], rows: 1.5, cols: 1 }, /^y: \{ data, rows, cols \} needs positive integer rows/],
  ];
  for (const [what, input, message] of bad) {
    it(`rejects ${what} with an InvalidInputError naming the argument`, () => {
      let thrown: unknown;
      try {
        asSampleMatrix(input, 'y');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidInputError);
      expect((thrown as InvalidInputError).argument).toBe('y');
      expect((thrown as Error).message).toMatch(message);
    });
  }
});
