/**
 * `infogpu`, the command line (bundled to dist/cli.js by scripts/build-cli.mjs):
 * reads the files, selects the columns, makes an engine on `--backend`, runs the
 * command's library call with a progress indicator on a terminal's stderr, prints the
 * result, disposes the engine (a live GPU device would keep Node running) and sets the
 * exit code: 0, 2 for bad input or a bad file (one line on stderr), 1 otherwise, 130
 * when interrupted.
 */
import { createEngine } from '../index.js';
import { InvalidInputError } from '../engine/errors.js';
import type { Samples } from '../engine/samples.js';
import packageJson from '../package.json';
import { parseArguments, type ParsedArguments } from './arguments.js';
import { callWithHooks } from './call-hooks.js';
import { CliInputError } from './cli-input-error.js';
import { selectColumns } from './column-selection.js';
import { COMMANDS, type Command } from './commands.js';
import { libraryOptions } from './library-options.js';
import { ProgressBar } from './progress-bar.js';
import { resultJson, resultText } from './result-output.js';
import { readTableFile, TABLE_FORMATS, type TableFormat } from './table-file.js';
import { usage } from './usage.js';

/** Flags the CLI itself reads; every other flag is a library option. */
const CLI_FLAGS = ['backend', 'json', 'help', 'version', 'no-header', 'format'];

/** Time left to a call that ignores the abort signal before Ctrl-C ends the process. */
const INTERRUPT_GRACE_MS = 2000;

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArguments(argv);
  if (args.flags.has('version')) {
    process.stdout.write(`${packageJson.version}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === args.command);
  if (args.command === undefined || (command === undefined && args.flags.has('help'))) {
    (args.flags.has('help') ? process.stdout : process.stderr).write(usage());
    return args.flags.has('help') ? 0 : 2;
  }
  if (command === undefined) throw new CliInputError(`unknown command '${args.command}'; commands: ${COMMANDS.map((c) => c.name).join(', ')} (infogpu --help)`);
  if (args.flags.has('help')) {
    process.stdout.write(usage(command));
    return 0;
  }
  const inputs = readInputs(command, args);
  const options = libraryOptions(new Map([...args.flags].filter(([flag]) => !CLI_FLAGS.includes(flag) && !command.selections.some((s) => s.flag === flag))));
  const backend = stringFlag(args, 'backend') ?? 'auto';

  const engine = await createEngine({ backend: backend as 'auto' });
  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort(new Error('interrupted'));
    setTimeout(() => process.exit(130), INTERRUPT_GRACE_MS).unref();
  };
  process.once('SIGINT', interrupt);
  const progress = new ProgressBar(process.stderr, `infogpu ${command.name} (${engine.backend})`);
  let result: object;
  try {
    result = await callWithHooks(
      (hooks) => command.run(engine, inputs, { ...options, ...hooks }),
      { signal: controller.signal, onProgress: progress.enabled ? (p) => progress.report(p) : undefined },
    );
  } catch (error) {
    if (controller.signal.aborted) return 130;
    throw error;
  } finally {
    progress.stop();
    process.off('SIGINT', interrupt);
    engine.dispose();
  }
  process.stdout.write(`${args.flags.has('json') ? resultJson(result) : resultText(result)}\n`);
  return 0;
}

/** Reads each file once and builds the command's inputs from its column selections. */
function readInputs(command: Command, args: ParsedArguments): Samples[] {
  if (args.positionals.length !== command.files.length) {
    const expected = command.files.map((f) => `<${f}>`).join(' ');
    throw new CliInputError(`${command.name} takes ${command.files.length === 1 ? 'one file' : `${command.files.length} files`} (${expected}), got ${args.positionals.length}`);
  }
  const format = stringFlag(args, 'format');
  if (format !== undefined && !TABLE_FORMATS.includes(format as TableFormat)) {
    throw new CliInputError(`--format must be one of ${TABLE_FORMATS.join(', ')}, got '${format}'`);
  }
  const header = !args.flags.has('no-header');
  const tables = args.positionals.map((path) => readTableFile(path, { format: format as TableFormat | undefined, header }));
  return command.selections.map(({ flag, file, required }) => {
    const selection = stringFlag(args, flag);
    if (required && selection === undefined) throw new CliInputError(`${command.name} needs --${flag} <columns> (header names or 0-based indices, comma separated)`);
    return selectColumns(tables[file], selection, `--${flag}`);
  });
}

function stringFlag(args: ParsedArguments, flag: string): string | undefined {
  const value = args.flags.get(flag);
  if (value === true) throw new CliInputError(`--${flag} needs a value`);
  return value;
}

/** One line for stderr; the library's `options.maxIter` is shown as the flag `--max-iter`. */
function errorLine(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidInputError && error.argument.startsWith('options.')) {
    const flag = `--${error.argument.slice('options.'.length).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    message = `${flag}: ${message.slice(error.argument.length + 2)}`;
  }
  return `infogpu: ${message.replace(/\s*\n\s*/g, ' ')}`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${errorLine(error)}\n`);
    process.exitCode = error instanceof CliInputError || error instanceof InvalidInputError ? 2 : 1;
  },
);
