/**
 * parseSampleFile (demos/shared/sample-file.ts), the demos' reader of uploaded samples:
 * delimited text and NumPy .npy files become the same row-major matrix, and every
 * malformed, binary, truncated or non-finite file fails with a SampleFileError that names
 * the file and the problem (never a silent NaN).
 */
import { describe, expect, it } from 'vitest';
import { parseSampleFile, SampleFileError } from '../demos/shared/sample-file.js';

const text = (s: string) => new TextEncoder().encode(s);

/** A NumPy .npy file: `descr` e.g. '<f8', little-endian payload written by `write`. */
function npy(descr: string, shape: string, fortran: boolean, bytesPerValue: number, values: number[], write: (view: DataView, offset: number, v: number) => void, major = 1): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`;
  const preamble = major === 1 ? 10 : 12;
  header += ' '.repeat(63 - ((preamble + header.length) % 64)) + '\n';
  const bytes = new Uint8Array(preamble + header.length + values.length * bytesPerValue);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(bytes.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  bytes.set(text(header), preamble);
  values.forEach((v, i) => write(view, preamble + header.length + i * bytesPerValue, v));
  return bytes;
}

const f8 = (view: DataView, offset: number, v: number) => view.setFloat64(offset, v, true);

describe('parseSampleFile', () => {
  it('reads CSV with a header, comments, blank lines, quotes and CRLF', () => {
    const m = parseSampleFile('a.csv', text('\uFEFF# made by hand\r\n"x","y"\r\n1,2.5\r\n\r\n-3e-2 , "4"\r\n'));
    expect({ rows: m.rows, cols: m.cols, data: Array.from(m.data) }).toEqual({ rows: 2, cols: 2, data: [1, 2.5, -0.03, 4] });
  });

  it('reads tab-, semicolon- and space-separated text, and one column', () => {
    for (const [name, body] of [['t.tsv', '1\t2\n3\t4'], ['s.csv', '1;2\n3;4'], ['w.txt', '1  2\n 3 4 ']] as const) {
      expect(Array.from(parseSampleFile(name, text(body)).data), name).toEqual([1, 2, 3, 4]);
    }
    const column = parseSampleFile('c.csv', text('0.5\n1.5\n2.5\n'));
    expect([column.rows, column.cols]).toEqual([3, 1]);
  });

  it('reads .npy float64 (C and Fortran order), float32, int32, big-endian and format 2.0 the same way', () => {
    const values = [1, 2, 3, 4, 5, 6];
    const c = parseSampleFile('c.npy', npy('<f8', '(3, 2)', false, 8, values, f8));
    expect({ rows: c.rows, cols: c.cols, data: Array.from(c.data) }).toEqual({ rows: 3, cols: 2, data: values });
    // Fortran order stores columns: [1, 3, 5, 2, 4, 6] is the same 3 × 2 matrix.
    expect(Array.from(parseSampleFile('f.npy', npy('<f8', '(3, 2)', true, 8, [1, 3, 5, 2, 4, 6], f8)).data)).toEqual(values);
    expect(Array.from(parseSampleFile('f4.npy', npy('<f4', '(3, 2)', false, 4, values, (v, o, x) => v.setFloat32(o, x, true))).data)).toEqual(values);
    expect(Array.from(parseSampleFile('i4.npy', npy('<i4', '(6,)', false, 4, [-1, 2, -3, 4, -5, 6], (v, o, x) => v.setInt32(o, x, true))).data)).toEqual([-1, 2, -3, 4, -5, 6]);
    expect(Array.from(parseSampleFile('be.npy', npy('>f8', '(3, 2)', false, 8, values, (v, o, x) => v.setFloat64(o, x, false))).data)).toEqual(values);
    expect(Array.from(parseSampleFile('v2.npy', npy('<f8', '(3, 2)', false, 8, values, f8, 2)).data)).toEqual(values);
    const vector = parseSampleFile('v.npy', npy('<f8', '(6,)', false, 8, values, f8));
    expect([vector.rows, vector.cols]).toEqual([6, 1]);
  });

  const failures: [string, string, Uint8Array, RegExp][] = [
    ['an empty file', 'e.csv', new Uint8Array(0), /^e\.csv: the file is empty$/],
    ['a binary file', 'p.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]), /^p\.png: this is a binary file/],
    ['invalid UTF-8', 'l.csv', new Uint8Array([0x31, 0x2c, 0xff, 0xfe, 0x0a]), /^l\.csv: this is not UTF-8 text/],
    ['a word among numbers', 'w.csv', text('1,2\n3,<b>x</b>\n'), /^w\.csv: line 2, field 2: "<b>x<\/b>" is not a number$/],
    ['a hex number', 'h.csv', text('1,2\n0x10,3\n'), /line 2, field 1: "0x10" is not a number/],
    ['ragged rows', 'r.csv', text('1,2,3\n4,5\n'), /^r\.csv: line 2 has 2 fields but the first data row has 3/],
    ['only a header', 'o.csv', text('a,b\n'), /^o\.csv: no rows of numbers found$/],
    ['NaN in text', 'n.csv', text('1,2\nNaN,3\n'), /^n\.csv: row 2, column 1 is NaN; every value must be finite$/],
    ['Inf in .npy', 'i.npy', npy('<f8', '(2,)', false, 8, [1, Infinity], f8), /^i\.npy: row 2, column 1 is Infinity/],
    ['a truncated .npy', 't.npy', npy('<f8', '(3, 2)', false, 8, [1, 2, 3, 4, 5, 6], f8).subarray(0, 140), /^t\.npy: malformed \.npy: shape \(3, 2\) needs 48 bytes of data but the file has/],
    ['a complex dtype', 'c.npy', npy('<c16', '(2,)', false, 16, [], () => {}), /^c\.npy: malformed \.npy: dtype '<c16' is not a real number type/],
    ['a string dtype', 's.npy', npy('<U5', '(2,)', false, 20, [], () => {}), /dtype '<U5' is not a real number type/],
    ['a 3-D array', 'd.npy', npy('<f8', '(2, 2, 2)', false, 8, [1, 2, 3, 4, 5, 6, 7, 8], f8), /shape \(2, 2, 2\) must be \(n,\) or \(n, d\)/],
    ['a header longer than the file', 'x.npy', (() => { const b = npy('<f8', '(1,)', false, 8, [1], f8); new DataView(b.buffer).setUint16(8, 60000, true); return b; })(), /the header claims 60000 bytes but the file is shorter/],
    ['an unknown NPY version', 'v.npy', (() => { const b = npy('<f8', '(1,)', false, 8, [1], f8); b[6] = 9; return b; })(), /format version 9\.0 is not 1, 2 or 3/],
  ];
  for (const [what, name, bytes, message] of failures) {
    it(`fails cleanly on ${what}`, () => {
      let thrown: unknown;
      try {
        parseSampleFile(name, bytes);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(SampleFileError);
      expect((thrown as Error).message).toMatch(message);
    });
  }
});
