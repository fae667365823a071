/**
 * JSON into a DataTable. Accepted shapes:
 *   [1, 2, 3]                          one column
 *   [[1, 2], [3, 4]]                   rows (every row the same length)
 *   [{"a": 1, "b": 2}, ...]            records; names are the first record's keys
 *   {"a": [1, 3], "b": [2, 4]}         columns by name (every column the same length)
 * Values must be JSON numbers.
 */
import { CliInputError } from './cli-input-error.js';
import { TableBuilder, type DataTable } from './data-table.js';

const SHAPES = 'expected an array of numbers, an array of rows, an array of records or an object of columns';

export function readJson(text: string, source: string): DataTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliInputError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const number = (cell: unknown): number | undefined => (typeof cell === 'number' && Number.isFinite(cell) ? cell : undefined);
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) throw new CliInputError(`${source}: the array is empty`);
    const first: unknown = parsed[0];
    if (Array.isArray(first)) return fromRows(parsed, first.length, source, number);
    if (first !== null && typeof first === 'object') return fromRecords(parsed, Object.keys(first), source, number);
    const builder = new TableBuilder(1);
    parsed.forEach((cell: unknown, i) => builder.addRow([cell], number, () => `element ${i} is ${JSON.stringify(cell)}`));
    return builder.finish(source, null);
  }
  if (parsed !== null && typeof parsed === 'object') {
    const names = Object.keys(parsed);
    const columns = Object.values(parsed as Record<string, unknown>);
    if (names.length === 0 || !columns.every(Array.isArray)) throw new CliInputError(`${source}: ${SHAPES}`);
    const rows = (columns[0] as unknown[]).length;
    columns.forEach((column, c) => {
      if ((column as unknown[]).length !== rows) throw new CliInputError(`${source}: column "${names[c]}" has ${(column as unknown[]).length} values but "${names[0]}" has ${rows}`);
    });
    const builder = new TableBuilder(names.length);
    for (let r = 0; r < rows; r++) {
      builder.addRow(columns.map((column) => (column as unknown[])[r]), number, (c, cell) => `element ${r} is ${JSON.stringify(cell)}`);
    }
    return builder.finish(source, names);
  }
  throw new CliInputError(`${source}: ${SHAPES}`);
}

function fromRows(rows: unknown[], width: number, source: string, number: (cell: unknown) => number | undefined): DataTable {
  const builder = new TableBuilder(width);
  rows.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== width) throw new CliInputError(`${source}: row ${r} is not an array of ${width} values like row 0`);
    builder.addRow(row, number, (c, cell) => `row ${r} holds ${JSON.stringify(cell)}`);
  });
  return builder.finish(source, null);
}

function fromRecords(records: unknown[], names: string[], source: string, number: (cell: unknown) => number | undefined): DataTable {
  const builder = new TableBuilder(names.length);
  records.forEach((record, r) => {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new CliInputError(`${source}: element ${r} is not a record like element 0`);
    const cells = names.map((name) => (record as Record<string, unknown>)[name]);
    builder.addRow(cells, number, (c, cell) => `record ${r} holds ${JSON.stringify(cell) ?? 'nothing'}`);
  });
  return builder.finish(source, names);
}
