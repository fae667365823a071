/**
 * A numeric table read from a file, stored by column. Cells that are not finite numbers
 * are kept as NaN and the first one of each column is described in `problems`, so a
 * file may carry text columns (labels, ids) as long as they are not selected.
 */
export interface DataTable {
  /** The file it came from (for messages). */
  readonly source: string;
  /** Column names from the header (CSV) or keys (JSON); null when columns have only indices. */
  readonly names: readonly string[] | null;
  readonly rows: number;
  /** One array of `rows` values per column. */
  readonly columns: readonly Float64Array[];
  /** Per column: where its first non-numeric cell is and what it holds, or undefined. */
  readonly problems: readonly (string | undefined)[];
}

/** Strict decimal number syntax (no hex, no empty string, no `Infinity`). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a text cell holds, or undefined when it is not a finite decimal number. */
export function parseNumberCell(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Collects a table column by column, recording the first bad cell of each. */
export class TableBuilder {
  private readonly values: number[][];
  private readonly problems: (string | undefined)[];
  private rows = 0;

  constructor(readonly columnCount: number) {
    this.values = Array.from({ length: columnCount }, () => []);
    this.problems = new Array<string | undefined>(columnCount).fill(undefined);
  }

  /** Appends one row; `describe(c)` says where cell c is, called only for a bad cell. */
  addRow(cells: ArrayLike<unknown>, parse: (cell: unknown) => number | undefined, describe: (column: number, cell: unknown) => string): void {
    for (let c = 0; c < this.columnCount; c++) {
      const value = parse(cells[c]);
      if (value === undefined) this.problems[c] ??= describe(c, cells[c]);
      this.values[c].push(value ?? Number.NaN);
    }
    this.rows++;
  }

  finish(source: string, names: readonly string[] | null): DataTable {
    return { source, names, rows: this.rows, columns: this.values.map((v) => Float64Array.from(v)), problems: this.problems };
  }
}
