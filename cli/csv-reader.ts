/**
 * CSV (RFC 4180) into a DataTable: fields split by `delimiter`, double-quoted fields may
 * hold delimiters, newlines and "" for a quote; LF or CRLF line ends; blank lines are
 * skipped. With `header` (the default) the first record names the columns. Every record
 * must have as many fields as the first one.
 */
import { CliInputError } from './cli-input-error.js';
import { parseNumberCell, TableBuilder, type DataTable } from './data-table.js';

export interface CsvOptions {
  /** The first record holds column names (default true). */
  readonly header?: boolean;
  /** Field separator, default ','. */
  readonly delimiter?: string;
}

export function readCsv(text: string, source: string, options: CsvOptions = {}): DataTable {
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? ',';
  let names: string[] | null = null;
  let builder: TableBuilder | undefined;
  forEachRecord(text, source, delimiter, (fields, line) => {
    if (fields.length === 1 && fields[0].trim() === '') return;
    if (builder === undefined) {
      builder = new TableBuilder(fields.length);
      if (header) {
        names = fields.map((f) => f.trim());
        return;
      }
    }
    if (fields.length !== builder.columnCount) {
      throw new CliInputError(`${source}: line ${line} has ${fields.length} fields but ${header ? 'the header has' : 'the first line has'} ${builder.columnCount}`);
    }
    builder.addRow(
      fields,
      (cell) => parseNumberCell(cell as string),
      (c, cell) => `line ${line} holds ${JSON.stringify(cell)}`,
    );
  });
  if (builder === undefined) throw new CliInputError(`${source}: the file is empty`);
  return builder.finish(source, names);
}

/** Calls `onRecord(fields, line)` for every record; `line` is where the record starts (1-based). */
function forEachRecord(text: string, source: string, delimiter: string, onRecord: (fields: string[], line: number) => void): void {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const end = text.length;
  while (i < end) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        const opened = line;
        let value = '';
        let from = ++i;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote < 0) throw new CliInputError(`${source}: the quoted field opened on line ${opened} is never closed`);
          const chunk = text.slice(from, quote);
          line += countNewlines(chunk);
          value += chunk;
          if (text[quote + 1] === '"') {
            value += '"';
            i = from = quote + 2;
            continue;
          }
          i = quote + 1;
          break;
        }
        field = value;
        const next = text[i];
        if (i < end && next !== delimiter && next !== '\n' && next !== '\r') {
          throw new CliInputError(`${source}: line ${line} has ${JSON.stringify(next)} right after a closing quote`);
        }
      } else {
        let j = i;
        while (j < end) {
          const ch = text[j];
          if (ch === delimiter || ch === '\n' || ch === '\r') break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      fields.push(field);
      if (text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    onRecord(fields, start);
  }
}

function countNewlines(text: string): number {
  let count = 0;
  for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) count++;
  return count;
}
