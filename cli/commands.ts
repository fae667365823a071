/**
 * The CLI's commands, each one library call on columns read from files:
 *   mi <file> --x <cols> --y <cols>      Engine.mutualInformation(x, y, options)
 *   entropy <file> [--columns <cols>]    Engine.entropy(x, options)
 *   divergence <p-file> <q-file>         Engine.divergence(p, q, options)
 *   mmd <x-file> <y-file>                Engine.mmd(x, y, options)
 *   sinkhorn <x-file> <y-file>           Engine.sinkhorn(x, y, options)
 *   mauve <p-file> <q-file>              Engine.mauve(p, q, options)
 * Two-file commands take `--columns` for both files. Options are the library's (see
 * library-options.ts), with its defaults.
 */
import type { Engine } from '../engine/engine.js';
import type { Samples } from '../engine/samples.js';

export interface Command {
  readonly name: string;
  /** One line for the usage text. */
  readonly summary: string;
  /** Names of the file arguments, in order. */
  readonly files: readonly string[];
  /**
   * Column-selection flags: each names the input it builds and the file it reads
   * (index into `files`); `required` ones must be given.
   */
  readonly selections: readonly { readonly flag: string; readonly file: number; readonly required: boolean }[];
  /** The library call; `inputs` are in the order of `selections`, or of `files` with a shared `--columns`. */
  run(engine: Engine, inputs: readonly Samples[], options: Record<string, unknown>): Promise<object>;
}

const BOTH_FILES = [
  { flag: 'columns', file: 0, required: false },
  { flag: 'columns', file: 1, required: false },
] as const;

export const COMMANDS: readonly Command[] = [
  {
    name: 'mi',
    summary: 'mutual information I(X;Y) of two column groups of one file (default KSG1, k = 3)',
    files: ['file'],
    selections: [
      { flag: 'x', file: 0, required: true },
      { flag: 'y', file: 0, required: true },
    ],
    run: (engine, [x, y], options) => engine.mutualInformation(x, y, options),
  },
  {
    name: 'entropy',
    summary: 'differential entropy H(X) of the selected columns (default Kozachenko–Leonenko, k = 3)',
    files: ['file'],
    selections: [{ flag: 'columns', file: 0, required: false }],
    run: (engine, [x], options) => engine.entropy(x, options),
  },
  {
    name: 'divergence',
    summary: 'divergence of p from q by nearest neighbours (default --measure kl, Wang–Kulkarni–Verdú)',
    files: ['p-file', 'q-file'],
    selections: BOTH_FILES,
    run: (engine, [p, q], options) => engine.divergence(p, q, options),
  },
  {
    name: 'mmd',
    summary: 'maximum mean discrepancy MMD² between two samples (default unbiased, Gaussian kernel, median bandwidth)',
    files: ['x-file', 'y-file'],
    selections: BOTH_FILES,
    run: (engine, [x, y], options) => engine.mmd(x, y, options),
  },
  {
    name: 'sinkhorn',
    summary: 'debiased entropic optimal transport S_ε between two point clouds (default p = 2, blur = 0.05)',
    files: ['x-file', 'y-file'],
    selections: BOTH_FILES,
    run: (engine, [x, y], options) => engine.sinkhorn(x, y, options),
  },
  {
    name: 'mauve',
    summary: "MAUVE between two feature sets (mauve-text's defaults)",
    files: ['p-file', 'q-file'],
    selections: BOTH_FILES,
    run: (engine, [p, q], options) => engine.mauve(p, q, options),
  },
];
