/**
 * A problem with the command line or an input file (unknown command or flag, missing
 * column, malformed / huge / binary file). The CLI prints its one-line message and exits
 * with code 2, as it does for the library's `InvalidInputError`.
 */
export class CliInputError extends Error {
  override readonly name = 'CliInputError';
}
