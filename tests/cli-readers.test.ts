/**
 * The CLI's file readers (cli/csv-reader.ts, cli/npy-reader.ts, cli/json-reader.ts) and
 * column selection, in-process: quoting rules, byte orders and layouts, and the messages
 * of malformed input.
 */
import { describe, expect, it } from 'vitest';
import { CliInputError } from '../cli/cli-input-error.js';
import { selectColumns } from '../cli/column-selection.js';
import { readCsv } from '../cli/csv-reader.js';
import { readJson } from '../cli/json-reader.js';
import { readNpy } from '../cli/npy-reader.js';
import { libraryOptions } from '../cli/library-options.js';

/** A .npy file of the given dtype from values written by `put(view, offset, value)`. */
function npy(descr: string, shape: string, fortran: boolean, size: number, values: number[], put: (view: DataView, offset: number, value: number) => void): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shape}, }`.padEnd(117, ' ') + '\n';
  const bytes = new Uint8Array(10 + dict.length + size * values.length);
  bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, dict.length, true);
  bytes.set(new TextEncoder().encode(dict), 10);
  values.forEach((v, i) => put(view, 10 + dict.length + size * i, v));
  return bytes;
}

describe('readCsv', () => {
  it('keeps delimiters, newlines and doubled quotes inside quoted fields; CRLF, BOM and blank lines', () => {
    const table = readCsv('\ufeff"x, y","say ""hi""\nnow",z\r\n1,2,3\r\n\r\n"4",5e-1, -6 \r\n', 'f.csv');
    expect(table.names).toEqual(['x, y', 'say "hi"\nnow', 'z']);
    expect(table.rows).toBe(2);
    expect(Array.from(selectColumns(table, '2,0', '--columns').data)).toEqual([3, 1, -6, 4]);
  });

  it('reads headerless files by index and marks text and non-finite cells of a column', () => {
    const table = readCsv('1,a\n2,NaN\n3,1e999\n', 'f.csv', { header: false });
    expect(table.names).toBeNull();
    expect(Array.from(selectColumns(table, '0', '--x').data)).toEqual([1, 2, 3]);
    expect(() => selectColumns(table, '1', '--x')).toThrow(/column 1 is not all numbers \(line 1 holds "a"\)/);
  });

  it('names the line of a quote followed by text, and refuses an empty file', () => {
    expect(() => readCsv('a\n"1"2\n', 'f.csv')).toThrow(/f\.csv: line 2 has "2" right after a closing quote/);
    expect(() => readCsv('\n\n', 'f.csv')).toThrow(CliInputError);
  });
});

describe('readNpy', () => {
  it('reads big-endian float32 in Fortran order as the same matrix as C-order float64', () => {
    const c = readNpy(npy('<f8', '(2, 3)', false, 8, [1, 2, 3, 4, 5, 6], (v, o, x) => v.setFloat64(o, x, true)), 'c.npy');
    const f = readNpy(npy('>f4', '(2, 3)', true, 4, [1, 4, 2, 5, 3, 6], (v, o, x) => v.setFloat32(o, x, false)), 'f.npy');
    expect(selectColumns(f, undefined, '--columns')).toEqual(selectColumns(c, undefined, '--columns'));
    expect(c.rows).toBe(2);
  });

  it('reads 1-D int64 and uint8 arrays as one column', () => {
    const big = readNpy(npy('<i8', '(3,)', false, 8, [-5, 0, 2 ** 40], (v, o, x) => v.setBigInt64(o, BigInt(x), true)), 'i.npy');
    expect(Array.from(big.columns[0])).toEqual([-5, 0, 2 ** 40]);
    const small = readNpy(npy('|u1', '(2,)', false, 1, [7, 255], (v, o, x) => v.setUint8(o, x)), 'u.npy');
    expect(Array.from(small.columns[0])).toEqual([7, 255]);
  });

  it('refuses complex and structured dtypes, and a missing magic', () => {
    expect(() => readNpy(npy('<c16', '(1,)', false, 16, [0], () => {}), 'z.npy')).toThrow(/unsupported \.npy dtype/);
    expect(() => readNpy(new TextEncoder().encode('a,b\n1,2\n'), 'x.npy')).toThrow(/not a \.npy file/);
  });
});

describe('readJson', () => {
  it('reads records, rows, a single column and an object of columns', () => {
    const records = readJson('[{"a": 1, "b": 2}, {"b": 4, "a": 3}]', 'r.json');
    expect(records.names).toEqual(['a', 'b']);
    expect(Array.from(selectColumns(records, 'b', '--y').data)).toEqual([2, 4]);
    expect(selectColumns(readJson('[[1, 2], [3, 4]]', 'm.json'), undefined, '--x')).toEqual(selectColumns(readJson('{"a": [1, 3], "b": [2, 4]}', 'c.json'), undefined, '--x'));
    expect(Array.from(readJson('[1.5, -2]', 'v.json').columns[0])).toEqual([1.5, -2]);
  });

  it('refuses ragged rows, unequal columns and other shapes', () => {
    expect(() => readJson('[[1, 2], [3]]', 'm.json')).toThrow(/row 1 is not an array of 2 values/);
    expect(() => readJson('{"a": [1], "b": [1, 2]}', 'c.json')).toThrow(/column "b" has 2 values but "a" has 1/);
    expect(() => readJson('"text"', 's.json')).toThrow(/expected an array of numbers/);
  });
});

describe('libraryOptions', () => {
  it('maps kebab-case and dotted flags to nested camelCase options with typed values', () => {
    const flags = new Map<string, string | true>([['max-iter', '200'], ['interval.level', '0.9'], ['debias', 'false'], ['bandwidth', '0.5,2'], ['method', 'ksg2'], ['coef0', '-1']]);
    expect(libraryOptions(flags)).toEqual({ maxIter: 200, interval: { level: 0.9 }, debias: false, bandwidth: [0.5, 2], method: 'ksg2', coef0: -1 });
  });

  it('refuses names that are not identifiers (such as __proto__)', () => {
    expect(() => libraryOptions(new Map([['__proto__.polluted', '1']]))).toThrow(/not a valid option name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
