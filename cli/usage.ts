/** The usage text of `infogpu --help` and `infogpu <command> --help`. */
import type { Command } from './commands.js';
import { COMMANDS } from './commands.js';

const COMMON = `Columns: a comma list of header names or 0-based indices (--x a,b  --columns 0,2); default every column.
Input: CSV with a header (.csv; .tsv for tabs; --no-header for none), JSON (.json: an array of numbers,
  of rows or of records, or an object of columns) or NumPy .npy (1-D or 2-D); --format csv|tsv|json|npy
  overrides the extension.
Options:
  --backend auto|webgpu|cpu   default auto (a hardware GPU, else the CPU)
  --json                      print one JSON object: value and the rest of the result
  --<option> <value>          any option of the library call, kebab-case or camelCase, with the
                              library's defaults: --k 3, --method ksg2, --base 2, --max-iter 200,
                              --bandwidth 0.5,1 (a list), --interval.level 0.9, --debias false
Exit codes: 0 success, 2 bad input or bad file (one line on stderr), 1 any other failure,
  130 interrupted.`;

export function usage(command?: Command): string {
  if (command !== undefined) {
    const selections = command.files.length === 1
      ? command.selections.map((s) => (s.required ? ` --${s.flag} <cols>` : ` [--${s.flag} <cols>]`)).join('')
      : ' [--columns <cols>]';
    return `infogpu ${command.name} ${command.files.map((f) => `<${f}>`).join(' ')}${selections} [options]\n  ${command.summary}\n\n${COMMON}\n`;
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const list = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `infogpu <command> <files> [options]\n\nCommands:\n${list}\n\nExamples:\n  infogpu mi data.csv --x a --y b --k 3\n  infogpu divergence p.npy q.npy --measure kl --json\n\n${COMMON}\n`;
}
