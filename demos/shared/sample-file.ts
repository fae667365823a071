/**
 * Reads an uploaded sample file into a row-major float64 matrix `{ data, rows, cols }`,
 * or fails with a SampleFileError whose message names the file and what is wrong (the
 * pages show it with textContent; file contents never become HTML).
 *
 *   .npy   NumPy format 1.0/2.0/3.0: little- or big-endian float64/float32/int/uint,
 *          shape (n,) → n × 1 or (n, d) → n × d, C or Fortran order
 *   text   CSV / TSV / semicolon- or space-separated numbers, one row per line; an optional
 *          header line (any non-numeric field); blank lines and lines starting with '#'
 *          are skipped; every row must have the same number of fields
 *
 * Files are NPY when their first bytes are the NPY magic string "\x93NUMPY"; anything else
 * must be UTF-8 text without NUL bytes. Every value must be finite.
 */
import type { RowMajorSamples } from '../../index.js';

export interface SampleMatrix extends RowMajorSamples {
  readonly data: Float64Array;
}

export class SampleFileError extends Error {
  constructor(fileName: string, problem: string) {
    super(`${fileName}: ${problem}`);
    this.name = 'SampleFileError';
  }
}

/** Largest file read (bytes): bigger files are refused rather than freezing the page. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Parses the bytes of `fileName` (NPY by its magic string, otherwise delimited text). */
export function parseSampleFile(fileName: string, bytes: Uint8Array): SampleMatrix {
  if (bytes.length === 0) throw new SampleFileError(fileName, 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES) throw new SampleFileError(fileName, `the file has ${bytes.length} bytes; the limit is ${MAX_FILE_BYTES}`);
  const matrix = NPY_MAGIC.every((byte, i) => bytes[i] === byte) ? parseNpy(fileName, bytes) : parseText(fileName, bytes);
  for (let i = 0; i < matrix.data.length; i++) {
    if (!Number.isFinite(matrix.data[i])) {
      throw new SampleFileError(fileName, `row ${Math.floor(i / matrix.cols) + 1}, column ${(i % matrix.cols) + 1} is ${matrix.data[i]}; every value must be finite`);
    }
  }
  return matrix;
}

function parseText(fileName: string, bytes: Uint8Array): SampleMatrix {
  if (bytes.includes(0)) throw new SampleFileError(fileName, 'this is a binary file (it has NUL bytes) and not NPY; upload CSV text or a .npy array');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SampleFileError(fileName, 'this is not UTF-8 text and not NPY; upload CSV text or a .npy array');
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const rows: number[][] = [];
  let cols = 0;
  let headerSeen = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = splitFields(line);
    const values = fields.map(parseNumber);
    const bad = values.findIndex((value) => value === null);
    if (bad !== -1) {
      if (rows.length === 0 && !headerSeen) {
        headerSeen = true;
        continue;
      }
      throw new SampleFileError(fileName, `line ${index + 1}, field ${bad + 1}: ${quote(fields[bad])} is not a number`);
    }
    if (rows.length === 0) cols = values.length;
    else if (values.length !== cols) {
      throw new SampleFileError(fileName, `line ${index + 1} has ${values.length} fields but the first data row has ${cols}; every row needs the same number`);
    }
    rows.push(values as number[]);
  }
  if (rows.length === 0) throw new SampleFileError(fileName, 'no rows of numbers found');
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => data.set(row, i * cols));
  return { data, rows: rows.length, cols };
}

function splitFields(line: string): string[] {
  const delimiter = line.includes(',') ? ',' : line.includes('\t') ? '\t' : line.includes(';') ? ';' : null;
  return (delimiter ? line.split(delimiter) : line.split(/\s+/)).map((field) => field.trim().replace(/^"(.*)"$/, '$1'));
}

/** A decimal or scientific number (no hex, no empty field), else null. */
function parseNumber(field: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(field) && !/^[+-]?(inf|infinity|nan)$/i.test(field)) return null;
  const lower = field.toLowerCase().replace(/^\+/, '');
  if (lower === 'nan' || lower === '-nan') return Number.NaN;
  if (/inf/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
  return Number(field);
}

/** A field for an error message: at most 40 characters, control characters shown as escapes. */
function quote(field: string): string {
  const shown = field.length > 40 ? `${field.slice(0, 40)}…` : field;
  return JSON.stringify(shown);
}

interface NpyType {
  readonly size: number;
  read(view: DataView, offset: number, littleEndian: boolean): number;
}

const NPY_TYPES: Record<string, NpyType> = {
  f8: { size: 8, read: (v, o, le) => v.getFloat64(o, le) },
  f4: { size: 4, read: (v, o, le) => v.getFloat32(o, le) },
  i8: { size: 8, read: (v, o, le) => Number(v.getBigInt64(o, le)) },
  i4: { size: 4, read: (v, o, le) => v.getInt32(o, le) },
  i2: { size: 2, read: (v, o, le) => v.getInt16(o, le) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  u8: { size: 8, read: (v, o, le) => Number(v.getBigUint64(o, le)) },
  u4: { size: 4, read: (v, o, le) => v.getUint32(o, le) },
  u2: { size: 2, read: (v, o, le) => v.getUint16(o, le) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
};

function parseNpy(fileName: string, bytes: Uint8Array): SampleMatrix {
  const fail = (problem: string): never => {
    throw new SampleFileError(fileName, `malformed .npy: ${problem}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 10) fail('the file ends inside the preamble');
  const major = bytes[6];
  if (major < 1 || major > 3) fail(`format version ${major}.${bytes[7]} is not 1, 2 or 3`);
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : fail('the file ends inside the preamble');
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) fail(`the header claims ${headerLength} bytes but the file is shorter`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([<>|=])([a-zA-Z])(\d+)'/.exec(header) ?? fail(`no supported 'descr' in the header ${quote(header)}`);
  const [, order, kind, width] = descr;
  const type = NPY_TYPES[`${kind}${width}`] ?? fail(`dtype '${order}${kind}${width}' is not a real number type (use float64, float32 or an integer type)`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header) ?? fail("no 'fortran_order' in the header");
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header) ?? fail("no 'shape' in the header");
  const shape = shapeText[1].split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.length < 1 || shape.length > 2 || shape.some((s) => !Number.isInteger(s) || s < 0)) {
    fail(`shape (${shapeText[1]}) must be (n,) or (n, d)`);
  }
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  if (rows === 0 || cols === 0) fail(`shape (${shapeText[1]}) holds no values`);
  const count = rows * cols;
  if (dataStart + count * type.size > bytes.length) fail(`shape (${shapeText[1]}) needs ${count * type.size} bytes of data but the file has ${bytes.length - dataStart}`);
  const littleEndian = order !== '>';
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const value = type.read(view, dataStart + i * type.size, littleEndian);
    // Fortran order stores column by column: element i is (row i mod n, column ⌊i / n⌋).
    data[fortran[1] === 'True' ? (i % rows) * cols + Math.floor(i / rows) : i] = value;
  }
  return { data, rows, cols };
}
