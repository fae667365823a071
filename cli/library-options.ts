/**
 * Turns the remaining `--flag value` pairs into the library call's options, so every
 * option the library has is on the command line with the library's defaults:
 *   --max-iter 200 → maxIter: 200     (kebab-case → camelCase; camelCase is kept)
 *   --interval.level 0.9 → interval: { level: 0.9 }
 * Values: true/false → boolean, a decimal number → number, a comma list of numbers →
 * number[], anything else → string. The library then checks names and values (an unknown
 * option is its `InvalidInputError`). Options that hold functions or signals are refused.
 */
import { CliInputError } from './cli-input-error.js';
import { parseNumberCell } from './data-table.js';

/** Options a command line cannot express. */
const NOT_ON_COMMAND_LINE = ['signal', 'onProgress'];

export type OptionValue = boolean | number | string | number[] | { [key: string]: OptionValue };

export function libraryOptions(flags: ReadonlyMap<string, string | true>): Record<string, OptionValue> {
  const options: Record<string, OptionValue> = {};
  for (const [flag, text] of flags) {
    if (text === true) throw new CliInputError(`--${flag} needs a value`);
    const path = flag.split('.').map((part) => camelCase(part, flag));
    if (NOT_ON_COMMAND_LINE.includes(path[0])) throw new CliInputError(`--${flag} is not a command-line option`);
    let target = options;
    for (const key of path.slice(0, -1)) {
      const inner = (target[key] ??= {});
      if (typeof inner !== 'object' || Array.isArray(inner)) throw new CliInputError(`--${flag} conflicts with --${key}`);
      target = inner;
    }
    const last = path[path.length - 1];
    if (last in target) throw new CliInputError(`--${flag} is given twice`);
    target[last] = optionValue(text);
  }
  return options;
}

/** kebab-case → camelCase; the parts must be identifiers (no `__proto__` and the like). */
export function camelCase(name: string, flag: string): string {
  if (!/^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*$/.test(name)) throw new CliInputError(`--${flag} is not a valid option name`);
  return name.replace(/-([A-Za-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The JS value a command-line string stands for. */
export function optionValue(text: string): OptionValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const number = parseNumberCell(text);
  if (number !== undefined) return number;
  if (text.includes(',')) {
    const list = text.split(',').map(parseNumberCell);
    if (list.every((v) => v !== undefined)) return list as number[];
  }
  return text;
}
