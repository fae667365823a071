/**
 * Opens an input file as a DataTable. The format comes from `--format`, else the
 * extension (.csv/.tsv/.txt, .json, .npy), else the content (the .npy magic, a leading
 * `[` or `{` for JSON, CSV otherwise). Files larger than the limits below, text files
 * holding NUL bytes or invalid UTF-8, and unreadable paths are refused with one line.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CliInputError } from './cli-input-error.js';
import { readCsv } from './csv-reader.js';
import type { DataTable } from './data-table.js';
import { readJson } from './json-reader.js';
import { isNpy, readNpy } from './npy-reader.js';

export type TableFormat = 'csv' | 'tsv' | 'json' | 'npy';
export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'tsv', 'json', 'npy'];

/** Largest CSV/JSON file read (the text and its parsed cells must fit in memory). */
export const MAX_TEXT_BYTES = 256 * 2 ** 20;
/** Largest .npy file read. */
export const MAX_NPY_BYTES = 1024 * 2 ** 20;

export interface TableFileOptions {
  /** Overrides detection. */
  readonly format?: TableFormat;
  /** CSV/TSV: the first line names the columns (default true). */
  readonly header?: boolean;
}

export function readTableFile(path: string, options: TableFileOptions = {}): DataTable {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new CliInputError(`${path}: not a regular file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof CliInputError) throw error;
    throw new CliInputError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const declared = options.format ?? formatOfExtension(path);
  checkSize(path, size, declared === undefined || declared === 'npy' ? MAX_NPY_BYTES : MAX_TEXT_BYTES);
  const bytes = readFileSync(path);
  const format = declared ?? sniffFormat(bytes);
  if (format === 'npy') return readNpy(bytes, path);
  checkSize(path, size, MAX_TEXT_BYTES);
  const text = decodeText(bytes, path);
  if (format === 'json') return readJson(text, path);
  return readCsv(text, path, { header: options.header, delimiter: format === 'tsv' ? '\t' : ',' });
}

function formatOfExtension(path: string): TableFormat | undefined {
  const extension = extname(path).toLowerCase();
  if (extension === '.csv' || extension === '.txt') return 'csv';
  if (extension === '.tsv') return 'tsv';
  if (extension === '.json') return 'json';
  if (extension === '.npy') return 'npy';
  return undefined;
}

function sniffFormat(bytes: Uint8Array): TableFormat {
  if (isNpy(bytes)) return 'npy';
  for (const byte of bytes.subarray(0, 4096)) {
    if (byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0xef || byte === 0xbb || byte === 0xbf) continue;
    return byte === 0x5b || byte === 0x7b ? 'json' : 'csv';
  }
  return 'csv';
}

/** UTF-8 text, refusing binary content (NUL bytes) and invalid UTF-8. */
function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes.includes(0)) throw new CliInputError(`${path}: looks like a binary file (it holds NUL bytes); expected CSV or JSON text, or a .npy file`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CliInputError(`${path}: is not UTF-8 text; expected CSV or JSON text, or a .npy file`);
  }
}

function checkSize(path: string, size: number, limit: number): void {
  if (size > limit) {
    const text = limit === MAX_TEXT_BYTES ? ' of CSV/JSON text (store larger data as .npy)' : '';
    throw new CliInputError(`${path}: the file has ${Math.ceil(size / 2 ** 20)} MiB; the command line reads up to ${limit / 2 ** 20} MiB${text}`);
  }
}
