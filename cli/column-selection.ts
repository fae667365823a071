/**
 * Picks columns of a DataTable into row-major `Samples`. A selection is a comma list of
 * header names or 0-based indices (`a,b` or `0,2`; a name wins over an index when a
 * column is literally named "0"); no selection means every column.
 */
import type { RowMajorSamples } from '../engine/samples.js';
import { CliInputError } from './cli-input-error.js';
import type { DataTable } from './data-table.js';

/** `flag` names the command-line flag in messages (e.g. '--x'). */
export function selectColumns(table: DataTable, selection: string | undefined, flag: string): RowMajorSamples {
  const indices = selection === undefined ? table.columns.map((_, c) => c) : selection.split(',').map((item) => columnIndex(table, item.trim(), flag));
  for (const c of indices) {
    const problem = table.problems[c];
    if (problem !== undefined) {
      throw new CliInputError(`${table.source}: column ${describeColumn(table, c)} is not all numbers (${problem}); select numeric columns with ${flag}`);
    }
  }
  const cols = indices.length;
  const data = new Float64Array(table.rows * cols);
  indices.forEach((c, j) => {
    const column = table.columns[c];
    for (let r = 0; r < table.rows; r++) data[r * cols + j] = column[r];
  });
  return { data, rows: table.rows, cols };
}

function columnIndex(table: DataTable, item: string, flag: string): number {
  if (item === '') throw new CliInputError(`${flag}: an empty column name in the list; write names or indices separated by commas`);
  const named = table.names === null ? [] : table.names.flatMap((name, c) => (name === item ? [c] : []));
  if (named.length > 1) throw new CliInputError(`${flag}: ${table.source} has ${named.length} columns named "${item}"; select it by index`);
  if (named.length === 1) return named[0];
  if (/^\d+$/.test(item) && Number(item) < table.columns.length) return Number(item);
  const known = table.names === null ? `indices 0 to ${table.columns.length - 1}` : `columns: ${table.names.join(', ')}`;
  throw new CliInputError(`${flag}: ${table.source} has no column "${item}" (${known})`);
}

function describeColumn(table: DataTable, c: number): string {
  return table.names === null ? String(c) : `"${table.names[c]}"`;
}
