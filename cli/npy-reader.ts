/**
 * NumPy .npy (format versions 1.0–3.0) into a DataTable. The header is a Python dict
 * literal, read with regular expressions (never evaluated):
 *   {'descr': '<f8', 'fortran_order': False, 'shape': (n, d), }
 * Supported: shapes (n,) (one column) and (n, d); dtypes f4, f8, i1–i8, u1–u8 and b1 in
 * either byte order; C or Fortran order. Columns have indices only.
 */
import { CliInputError } from './cli-input-error.js';
import type { DataTable } from './data-table.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

export function isNpy(bytes: Uint8Array): boolean {
  return MAGIC.every((b, i) => bytes[i] === b);
}

export function readNpy(bytes: Uint8Array, source: string): DataTable {
  if (!isNpy(bytes)) throw new CliInputError(`${source}: not a .npy file (no \\x93NUMPY magic)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major !== 1 && major !== 2 && major !== 3) throw new CliInputError(`${source}: unsupported .npy format version ${major}`);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new CliInputError(`${source}: the .npy header is truncated`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (bytes.length < dataOffset) throw new CliInputError(`${source}: the .npy header is truncated`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataOffset));

  const descr = /'descr'\s*:\s*'([<>|=])([fiub])(\d+)'/.exec(header);
  if (!descr) throw new CliInputError(`${source}: unsupported .npy dtype in ${JSON.stringify(header.trim())}; use float32/float64 or integers`);
  const [, order, kind, sizeText] = descr;
  const size = Number(sizeText);
  const read = elementReader(view, kind, size, order !== '>');
  if (!read) throw new CliInputError(`${source}: unsupported .npy dtype '${order}${kind}${size}'; use float32/float64 or integers`);
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header);
  if (!fortran) throw new CliInputError(`${source}: the .npy header has no fortran_order`);
  const shapeMatch = /'shape'\s*:\s*\(([^)]*)\)/.exec(header);
  if (!shapeMatch) throw new CliInputError(`${source}: the .npy header has no shape`);
  const shape = shapeMatch[1].split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (shape.length < 1 || shape.length > 2 || !shape.every((s) => /^\d+$/.test(s))) {
    throw new CliInputError(`${source}: the array has shape (${shapeMatch[1]}); the CLI reads 1-D (n,) or 2-D (n, d) arrays`);
  }
  const rows = Number(shape[0]);
  const cols = shape.length === 2 ? Number(shape[1]) : 1;
  const count = rows * cols;
  if (bytes.length - dataOffset < count * size) {
    throw new CliInputError(`${source}: the .npy data is truncated (${bytes.length - dataOffset} bytes for ${count} values of ${size} bytes)`);
  }
  const columnMajor = fortran[1] === 'True';
  const columns = Array.from({ length: cols }, () => new Float64Array(rows));
  const problems: (string | undefined)[] = new Array(cols).fill(undefined);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = read(dataOffset + size * (columnMajor ? c * rows + r : r * cols + c));
      if (!Number.isFinite(value)) problems[c] ??= `row ${r} holds ${value}`;
      columns[c][r] = value;
    }
  }
  return { source, names: null, rows, columns, problems };
}

/** Reads one element at a byte offset, or undefined for an unsupported kind/size. */
function elementReader(view: DataView, kind: string, size: number, little: boolean): ((offset: number) => number) | undefined {
  switch (`${kind}${size}`) {
    case 'f4': return (o) => view.getFloat32(o, little);
    case 'f8': return (o) => view.getFloat64(o, little);
    case 'i1': return (o) => view.getInt8(o);
    case 'i2': return (o) => view.getInt16(o, little);
    case 'i4': return (o) => view.getInt32(o, little);
    case 'i8': return (o) => Number(view.getBigInt64(o, little));
    case 'u1': case 'b1': return (o) => view.getUint8(o);
    case 'u2': return (o) => view.getUint16(o, little);
    case 'u4': return (o) => view.getUint32(o, little);
    case 'u8': return (o) => Number(view.getBigUint64(o, little));
    default: return undefined;
  }
}
