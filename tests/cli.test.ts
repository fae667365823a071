/**
 * The `infogpu` command line (dist/cli.js) through a real child process: every command's
 * value against the library called in-process on the same numbers, the three input
 * formats, column selection by name and index, --json, and a clean exit 2 with one line on
 * stderr for bad input and bad files. dist/cli.js is rebuilt first when it is missing or
 * older than its sources, so this file also runs alone.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CounterRandom, createEngine } from '../index.js';
import { ESTIMATOR_TOLERANCE } from './support/estimator-conformance.js';
import { webGpuRequired } from './support/webgpu-environment.js';

const ROOT = new URL('..', import.meta.url).pathname;
const CLI = join(ROOT, 'dist/cli.js');
const SOURCES = ['cli', 'engine', 'host', 'shaders', 'index.ts', 'package.json', 'scripts/build-cli.mjs'];

/** Newest modification time under `path` (a file or a folder, recursively). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function cliIsStale(): boolean {
  try {
    return statSync(CLI).mtimeMs < Math.max(...SOURCES.map((s) => newest(join(ROOT, s))));
  } catch {
    return true;
  }
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  // `npm run build` elsewhere in the checkout deletes dist/ for a moment; say so rather than fail obscurely.
  expect(existsSync(CLI), 'dist/cli.js is missing (a concurrent `npm run build`?)').toBe(true);
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 110_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Runs a command that must succeed with --json and returns the parsed object. */
function cliJson(args: readonly string[]): Record<string, unknown> & { value: number } {
  const run = cli([...args, '--json']);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown> & { value: number };
}

/** A minimal .npy (version 1.0) writer: little-endian float64, C order. */
function writeNpy(path: string, data: ArrayLike<number>, shape: readonly number[]): void {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const padded = dict.padEnd(Math.ceil((10 + dict.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const header = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(header);
  header.writeUInt16LE(padded.length, 8);
  writeFileSync(path, Buffer.concat([header, Buffer.from(padded, 'latin1'), Buffer.from(Float64Array.from(data).buffer)]));
}

/** n rows × d columns of seeded normals, shifted by `shift`, row-major. */
function gaussian(n: number, d: number, seed: number, shift = 0): { data: Float64Array; rows: number; cols: number } {
  const random = new CounterRandom(seed);
  return { data: Float64Array.from({ length: n * d }, (_, i) => random.normal(i) + shift), rows: n, cols: d };
}

function rowsOf(m: { data: Float64Array; rows: number; cols: number }): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
}

function column(m: { data: Float64Array; rows: number; cols: number }, c: number): number[] {
  return Array.from({ length: m.rows }, (_, r) => m.data[r * m.cols + c]);
}

let dir = '';
const engine = await createEngine({ backend: 'cpu' });
// One table of three dependent columns a, b, c plus a text column; written as CSV (header), JSON and NPY.
const table = (() => {
  const base = gaussian(400, 3, 11);
  for (let r = 0; r < base.rows; r++) base.data[r * 3 + 1] = 0.7 * base.data[r * 3] + 0.5 * base.data[r * 3 + 1];
  return base;
})();
const p = gaussian(150, 2, 21);
const q = gaussian(130, 2, 22, 0.6);

beforeAll(() => {
  if (cliIsStale()) execFileSync(process.execPath, [join(ROOT, 'scripts/build-cli.mjs')], { stdio: 'inherit' });
  dir = mkdtempSync(join(tmpdir(), 'infogpu-cli-'));
  // String(x) round-trips a double exactly, so the CLI reads the very numbers the library gets here.
  const lines = ['a,b,"c, third",label', ...rowsOf(table).map((row, i) => `${row.join(',')},"item ${i}"`)];
  writeFileSync(join(dir, 'table.csv'), `${lines.join('\r\n')}\r\n`);
  writeNpy(join(dir, 'table.npy'), table.data, [table.rows, table.cols]);
  writeFileSync(join(dir, 'p.json'), JSON.stringify(rowsOf(p)));
  writeFileSync(join(dir, 'q.json'), JSON.stringify({ u: column(q, 0), v: column(q, 1) }));
  writeNpy(join(dir, 'p.npy'), p.data, [p.rows, p.cols]);
  writeNpy(join(dir, 'q.npy'), q.data, [q.rows, q.cols]);
}, 120_000);

afterAll(() => {
  engine.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Values: the CLI bundle runs the same float64 CPU code on the same doubles, so they must be equal exactly.
describe('infogpu commands equal the library on the same data (--backend cpu)', () => {
  it('mi: columns by name and by index, a mixed multivariate list, options passed through', async () => {
    const library = await engine.mutualInformation(column(table, 0), column(table, 1), { k: 5 });
    const byName = cliJson(['mi', 'table.csv', '--x', 'a', '--y', 'b', '--k', '5', '--backend', 'cpu']);
    expect(byName.value).toBe(library.value);
    expect(byName).toMatchObject({ unit: 'nats', method: 'ksg1', k: 5, n: 400, backend: 'cpu' });
    const byIndex = cliJson(['mi', 'table.npy', '--x', '0', '--y', '1', '--k', '5', '--backend', 'cpu']);
    expect(byIndex.value).toBe(library.value);

    const x = { data: Float64Array.from(rowsOf(table).flatMap((r) => [r[0], r[2]])), rows: table.rows, cols: 2 };
    const joint = await engine.mutualInformation(x, column(table, 1), { method: 'ksg2', base: 2 });
    const multi = cliJson(['mi', 'table.csv', '--x', 'a,2', '--y', 'b', '--method', 'ksg2', '--base', '2', '--backend', 'cpu']);
    expect(multi.value).toBe(joint.value);
    expect(multi.unit).toBe('bits');
  });

  it('entropy: every column by default, one column by index; plain output is "value unit" first', async () => {
    const all = await engine.entropy(table);
    expect(cliJson(['entropy', 'table.npy', '--backend', 'cpu']).value).toBe(all.value);
    const one = await engine.entropy(column(table, 2), { k: 4 });
    const run = cli(['entropy', 'table.csv', '--columns', '2', '--k', '4', '--backend', 'cpu']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`${one.value} nats`);
    expect(run.stdout).toContain('method: kl');
    expect(run.stderr).toBe(''); // not a TTY: no progress bar
  });

  it('divergence: two JSON files (rows and columns-by-name), --measure and --base', async () => {
    for (const measure of ['kl', 'hellinger'] as const) {
      const library = await engine.divergence(p, q, { measure });
      const result = cliJson(['divergence', 'p.json', 'q.json', '--measure', measure, '--backend', 'cpu']);
      expect(result.value).toBe(library.value);
      expect(result.measure).toBe(measure);
    }
    const bits = await engine.divergence(column(p, 1), column(q, 1), { base: 2 });
    expect(cliJson(['divergence', 'p.npy', 'q.json', '--columns', '1', '--base', '2', '--backend', 'cpu']).value).toBe(bits.value);
  });

  it('mmd: estimator, a bandwidth list, permutations and seed', async () => {
    const library = await engine.mmd(p, q, { estimator: 'biased', bandwidth: [0.5, 2] });
    const result = cliJson(['mmd', 'p.npy', 'q.npy', '--estimator', 'biased', '--bandwidth', '0.5,2', '--backend', 'cpu']);
    expect(result.value).toBe(library.value);
    expect(result.bandwidths).toEqual(library.bandwidths);
    const tested = await engine.mmd(p, q, { permutations: 19, seed: 3 });
    const cliTested = cliJson(['mmd', 'p.npy', 'q.npy', '--permutations', '19', '--seed', '3', '--backend', 'cpu']);
    expect([cliTested.value, cliTested.pValue]).toEqual([tested.value, tested.pValue]);
  });

  it('sinkhorn: kebab-case options reach the library; JSON carries the whole result', async () => {
    const library = await engine.sinkhorn(p, q, { blur: 0.5, maxIter: 300, debias: false });
    const result = cliJson(['sinkhorn', 'p.npy', 'q.npy', '--blur', '0.5', '--max-iter', '300', '--debias', 'false', '--backend', 'cpu']);
    expect(result.value).toBe(library.value);
    expect(result).toMatchObject({ iterations: library.iterations, converged: library.converged, transportCost: library.transportCost });
  });

  it('mauve: histograms come back as arrays', async () => {
    const library = await engine.mauve(p, q, { numBuckets: 5, restarts: 2 });
    const result = cliJson(['mauve', 'p.npy', 'q.json', '--num-buckets', '5', '--restarts', '2', '--backend', 'cpu']);
    expect(result.value).toBe(library.value);
    expect(result.pHist).toEqual(Array.from(library.pHist));
  });
});

describe('infogpu fails cleanly: exit 2 and one line on stderr', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a missing file', () => ['entropy', 'nowhere.csv'], /nowhere\.csv: cannot read \(ENOENT\)/],
    ['an unknown column', () => ['mi', 'table.csv', '--x', 'a', '--y', 'zz'], /--y: table\.csv has no column "zz"/],
    ['a text column', () => ['mi', 'table.csv', '--x', 'a', '--y', 'label'], /column "label" is not all numbers \(line 2 holds "item 0"\)/],
    ['a missing --y', () => ['mi', 'table.csv', '--x', 'a'], /mi needs --y/],
    ['a ragged CSV', () => (writeFileSync(join(dir, 'ragged.csv'), 'a,b\n1,2\n3\n'), ['entropy', 'ragged.csv']), /line 3 has 1 fields but the header has 2/],
    ['an unclosed quote', () => (writeFileSync(join(dir, 'quote.csv'), 'a\n"1\n2\n'), ['entropy', 'quote.csv']), /quoted field opened on line 2 is never closed/],
    ['a binary file', () => (writeFileSync(join(dir, 'binary.csv'), Buffer.from([1, 0, 2, 0, 255, 7])), ['entropy', 'binary.csv']), /looks like a binary file/],
    ['invalid UTF-8', () => (writeFileSync(join(dir, 'latin.csv'), Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a])), ['entropy', 'latin.csv']), /is not UTF-8 text/],
    ['a huge CSV', () => (writeFileSync(join(dir, 'huge.csv'), ''), truncateSync(join(dir, 'huge.csv'), 300 * 2 ** 20), ['entropy', 'huge.csv']), /300 MiB; the command line reads up to 256 MiB/],
    ['a huge NPY', () => (writeFileSync(join(dir, 'huge.npy'), ''), truncateSync(join(dir, 'huge.npy'), 1100 * 2 ** 20), ['entropy', 'huge.npy']), /1100 MiB; the command line reads up to 1024 MiB/],
    ['a truncated NPY', () => (writeFileSync(join(dir, 'cut.npy'), readFileSync(join(dir, 'p.npy')).subarray(0, 300)), ['entropy', 'cut.npy']), /the \.npy data is truncated/],
    ['a 3-D NPY', () => (writeNpy(join(dir, 'cube.npy'), [1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), ['entropy', 'cube.npy']), /shape \(2, 2, 2\)/],
    ['malformed JSON', () => (writeFileSync(join(dir, 'bad.json'), '[[1, 2], [3,'), ['entropy', 'bad.json']), /bad\.json: not valid JSON/],
    ['JSON strings', () => (writeFileSync(join(dir, 'strings.json'), '["1", "2", "3", "4", "5"]'), ['entropy', 'strings.json']), /column 0 is not all numbers \(element 0 is "1"\)/],
    ['an unknown option', () => ['mmd', 'p.npy', 'q.npy', '--max-iter', '3', '--backend', 'cpu'], /--max-iter: mmd has no option 'maxIter'/],
    ['a bad option value', () => ['entropy', 'table.npy', '--k', '0', '--backend', 'cpu'], /--k: must be a positive integer, got 0/],
    ['k ≥ n', () => (writeFileSync(join(dir, 'small.csv'), 'a\n1\n2\n3\n'), ['entropy', 'small.csv', '--backend', 'cpu']), /has 3 rows but k = 3/],
    ['an unknown command', () => ['entropi', 'table.csv'], /unknown command 'entropi'/],
    ['one file for divergence', () => ['divergence', 'p.npy'], /divergence takes 2 files \(<p-file> <q-file>\), got 1/],
    ['an unknown backend', () => ['entropy', 'table.npy', '--backend', 'gpu'], /--backend: must be one of 'auto', 'webgpu', 'cpu'/],
    ['a flag without value', () => ['entropy', 'table.npy', '--k'], /--k needs a value/],
    ['a hook option', () => ['entropy', 'table.npy', '--signal', 'x'], /--signal is not a command-line option/],
  ];
  for (const [name, setUp, message] of cases) {
    it(name, () => {
      const run = cli(setUp());
      expect(run.status, run.stderr).toBe(2);
      expect(run.stdout).toBe('');
      const line = run.stderr.trimEnd();
      expect(line.split('\n')).toHaveLength(1);
      expect(line).toMatch(/^infogpu: /);
      expect(line).toMatch(message);
    });
  }
});

describe('infogpu usage', () => {
  it('--help lists the six commands and exits 0; no command exits 2', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['mi', 'entropy', 'divergence', 'mmd', 'sinkhorn', 'mauve']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(cli([]).status).toBe(2);
    expect(cli(['sinkhorn', '--help']).stdout).toMatch(/^infogpu sinkhorn <x-file> <y-file>/);
  });

  it('the CLI sources use neither eval nor new Function', () => {
    const cliDir = join(ROOT, 'cli');
    for (const file of readdirSync(cliDir)) expect(readFileSync(join(cliDir, file), 'utf8'), file).not.toMatch(/\beval\s*\(|new\s+Function\b/);
  });
});

describe('infogpu --backend webgpu', () => {
  it('mi on the WebGPU adapter matches the CPU library value', async (context) => {
    const run = cli(['mi', 'table.npy', '--x', '0', '--y', '1', '--backend', 'webgpu', '--json'], {
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
    });
    if (run.status === 2 && /no WebGPU adapter|could not be loaded|requestDevice failed/.test(run.stderr) && !webGpuRequired) context.skip();
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { value: number; backend: string };
    expect(result.backend).toBe('webgpu');
    const library = await engine.mutualInformation(column(table, 0), column(table, 1));
    // f32 radii and counts on the GPU: the conformance suite's bound for kNN estimators.
    expect(Math.abs(result.value - library.value)).toBeLessThanOrEqual(ESTIMATOR_TOLERANCE);
  });
});
