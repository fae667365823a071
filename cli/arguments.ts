/**
 * Splits the command line into a command, positional arguments and `--flag value` pairs.
 * `--flag=value` is accepted too; the switches in `SWITCHES` take no value. A flag given
 * twice is an error (the second would silently win otherwise).
 */
import { CliInputError } from './cli-input-error.js';

export interface ParsedArguments {
  /** The first positional argument (the command), undefined when there is none. */
  readonly command: string | undefined;
  /** The positional arguments after the command (file names). */
  readonly positionals: readonly string[];
  /** Flag name (without `--`) → its value; switches map to `true`. */
  readonly flags: ReadonlyMap<string, string | true>;
}

/** Flags that stand alone. */
export const SWITCHES: readonly string[] = ['json', 'help', 'version', 'no-header'];

export function parseArguments(argv: readonly string[]): ParsedArguments {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '-h') {
      flags.set('help', true);
      continue;
    }
    if (!token.startsWith('--') || token === '--') {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const name = equals < 0 ? token.slice(2) : token.slice(2, equals);
    if (name === '') throw new CliInputError(`'${token}' has no flag name`);
    if (flags.has(name)) throw new CliInputError(`--${name} is given twice`);
    if (SWITCHES.includes(name)) {
      if (equals >= 0) throw new CliInputError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    if (equals >= 0) {
      flags.set(name, token.slice(equals + 1));
      continue;
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new CliInputError(`--${name} needs a value`);
    flags.set(name, value);
    i++;
  }
  const [command, ...rest] = positionals;
  return { command, positionals: rest, flags };
}
