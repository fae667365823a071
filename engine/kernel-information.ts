/**
 * The public kernel-based information calls (validation, bandwidths, results):
 *   matrixEntropy(x, { alpha = 1, kernel = 'gaussian', bandwidth = 'median', base })
 *   matrixMutualInformation(x, y, { alpha = 1, kernel, bandwidthX, bandwidthY, base })
 *   diffusionSpectralEntropy(x, { t = 1, bandwidth = 'median', base })
 *   diffusionSpectralMutualInformation(x, labels, { t = 1, bandwidth = 'median', base })
 * Maths: engine/matrix-entropy.ts and engine/diffusion-spectral-entropy.ts. The diffusion
 * calls and the eigenvalue path run on the host in float64 (backend 'cpu' in the result).
 */
import type { Backend } from './backend.js';
import { diffusionSpectralEntropy } from './diffusion-spectral-entropy.js';
import { InvalidInputError } from './errors.js';
import { selectRows, type HostMatrix } from './host-matrix.js';
import { KERNEL_OPTIONS, parseBandwidth, parseKernelChoice, prepareKernelSample, resolveKernel, type Bandwidth, type KernelOptions } from './kernel-options.js';
import { requireTwoClasses, toLabels } from './labels.js';
import { matrixMutualInformation, matrixRenyiEntropy, squaredKernel } from './matrix-entropy.js';
import { medianSampleOf } from './device-median-sample.js';
import { requireHostValues } from './device-resident-matrix.js';
import { medianDistance } from './median-bandwidth.js';
import { alphaOrder, checkOptionKeys, logBase } from './options.js';
import type { KernelInformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';

export interface MatrixEntropyOptions extends KernelOptions, ProgressOptions {
  /** Order α > 0; 1 (default) is von Neumann; 2 runs at any n on the backend. */
  alpha?: number;
  /** σ: a number, a list (sum of kernels) or 'median' (default). */
  bandwidth?: Bandwidth;
  base?: number;
  /** Seed of the 'median' subsample. */
  seed?: number;
}

export interface MatrixMutualInformationOptions extends KernelOptions, ProgressOptions {
  alpha?: number;
  bandwidthX?: Bandwidth;
  bandwidthY?: Bandwidth;
  base?: number;
  seed?: number;
}

export interface DiffusionSpectralOptions extends ProgressOptions {
  /** Diffusion time t > 0, default 1. */
  t?: number;
  /** Gaussian σ: a number or 'median' (default). */
  bandwidth?: number | 'median';
  base?: number;
  seed?: number;
}

export async function matrixEntropy(backend: Backend, x: Samples, options: MatrixEntropyOptions = {}): Promise<KernelInformationEstimate> {
  checkOptionKeys(options, ['alpha', 'bandwidth', 'base', 'seed', ...KERNEL_OPTIONS, ...PROGRESS_OPTIONS], 'matrixEntropy');
  const alpha = alphaOrder(options.alpha ?? 1, undefined);
  const { unit, scale } = logBase(options.base);
  const choice = parseKernelChoice(options);
  const bandwidth = parseBandwidth(options.bandwidth, 'bandwidth', choice.name);
  const matrix = prepareKernelSample(toHostMatrix(x, 'x'), choice.name);
  if (alpha !== 2) requireHostValues([matrix], `alpha = ${alpha} takes the eigenvalues of the Gram matrix built on the host (only alpha = 2 runs on the device)`);
  const kernel = resolveKernel(choice, bandwidth, await medianSampleOf(backend, matrix, bandwidth, options.seed ?? 0, 0), options.seed ?? 0, 0, 'bandwidth');
  const value = await matrixRenyiEntropy(backend, matrix, kernel, alpha);
  return result(scale * value, unit, 'matrix-entropy', alpha === 2 ? 'gram' : 'eigen', choice.name, [kernel.bandwidths], backend, matrix.rows, null);
}

export async function matrixMutualInformationCall(backend: Backend, x: Samples, y: Samples, options: MatrixMutualInformationOptions = {}): Promise<KernelInformationEstimate> {
  checkOptionKeys(options, ['alpha', 'bandwidthX', 'bandwidthY', 'base', 'seed', ...KERNEL_OPTIONS, ...PROGRESS_OPTIONS], 'matrixMutualInformation');
  const alpha = alphaOrder(options.alpha ?? 1, undefined);
  const { unit, scale } = logBase(options.base);
  const choice = parseKernelChoice(options);
  const xm = prepareKernelSample(toHostMatrix(x, 'x'), choice.name);
  const ym = prepareKernelSample(toHostMatrix(y, 'y'), choice.name);
  if (xm.rows !== ym.rows) throw new InvalidInputError('ROW_MISMATCH', 'y', `has ${ym.rows} rows but x has ${xm.rows}; x and y must be paired row by row`);
  const seed = options.seed ?? 0;
  const bandwidthX = parseBandwidth(options.bandwidthX, 'bandwidthX', choice.name), bandwidthY = parseBandwidth(options.bandwidthY, 'bandwidthY', choice.name);
  const kx = resolveKernel(choice, bandwidthX, await medianSampleOf(backend, xm, bandwidthX, seed, 0), seed, 0, 'bandwidthX');
  const ky = resolveKernel(choice, bandwidthY, await medianSampleOf(backend, ym, bandwidthY, seed, 1), seed, 1, 'bandwidthY');
  if (alpha !== 2 || !squaredKernel(kx) || !squaredKernel(ky)) requireHostValues([xm, ym], `alpha = ${alpha} (or this kernel pair) takes the eigenvalues of Gram matrices built on the host (only alpha = 2 with one Gaussian or Laplacian bandwidth per variable runs on the device)`);
  const value = await matrixMutualInformation(backend, xm, ym, kx, ky, alpha);
  return result(scale * value, unit, 'matrix-mutual-information', alpha === 2 ? 'gram' : 'eigen', choice.name, [kx.bandwidths, ky.bandwidths], backend, xm.rows, null);
}

export function diffusionSpectralEntropyCall(x: Samples, options: DiffusionSpectralOptions = {}): KernelInformationEstimate {
  checkOptionKeys(options, ['t', 'bandwidth', 'base', 'seed', ...PROGRESS_OPTIONS], 'diffusionSpectralEntropy');
  const { unit, scale } = logBase(options.base);
  const t = diffusionTime(options.t);
  const matrix = toHostMatrix(x, 'x');
  requireHostValues([matrix], 'the diffusion operator and its eigenvalues are computed on the host');
  const sigma = gaussianBandwidth(matrix, options.bandwidth, options.seed ?? 0);
  return result(scale * diffusionSpectralEntropy(matrix, sigma, t), unit, 'diffusion-spectral-entropy', 'eigen', 'gaussian', [[sigma]], { kind: 'cpu' }, matrix.rows, null);
}

export function diffusionSpectralMutualInformation(x: Samples, labels: Samples, options: DiffusionSpectralOptions = {}): KernelInformationEstimate {
  checkOptionKeys(options, ['t', 'bandwidth', 'base', 'seed', ...PROGRESS_OPTIONS], 'diffusionSpectralMutualInformation');
  const { unit, scale } = logBase(options.base);
  const t = diffusionTime(options.t);
  const matrix = toHostMatrix(x, 'x');
  requireHostValues([matrix], 'the diffusion operator and its eigenvalues are computed on the host');
  const classes = toLabels(labels, 'labels');
  if (classes.codes.length !== matrix.rows) throw new InvalidInputError('ROW_MISMATCH', 'labels', `has ${classes.codes.length} rows but x has ${matrix.rows}`);
  requireTwoClasses(classes, 'labels');
  const sigma = gaussianBandwidth(matrix, options.bandwidth, options.seed ?? 0);
  let conditional = 0;
  for (let c = 0; c < classes.counts.length; c++) {
    const rows: number[] = [];
    classes.codes.forEach((code, i) => code === c && rows.push(i));
    conditional += (rows.length / matrix.rows) * diffusionSpectralEntropy(selectRows(matrix, rows), sigma, t);
  }
  const value = diffusionSpectralEntropy(matrix, sigma, t) - conditional;
  return result(scale * value, unit, 'diffusion-spectral-mutual-information', 'eigen', 'gaussian', [[sigma]], { kind: 'cpu' }, matrix.rows, null);
}

function diffusionTime(t: unknown): number {
  const value = t ?? 1;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) throw new InvalidInputError('BAD_NUMBER', 'options.t', `must be a finite number > 0, got ${String(t)}`);
  return value;
}

function gaussianBandwidth(x: HostMatrix, bandwidth: unknown, seed: number): number {
  if (bandwidth === undefined || bandwidth === 'median') {
    const sigma = medianDistance(x, seed, 0);
    if (!(sigma > 0)) throw new InvalidInputError('ZERO_DISTANCE', 'options.bandwidth', "the 'median' heuristic gives σ = 0 (repeated rows); pass a number");
    return sigma;
  }
  if (typeof bandwidth !== 'number' || !(bandwidth > 0) || !Number.isFinite(bandwidth)) {
    throw new InvalidInputError('BAD_NUMBER', 'options.bandwidth', `must be a finite number > 0 or 'median', got ${JSON.stringify(bandwidth)}`);
  }
  return bandwidth;
}

function result(
  value: number,
  unit: KernelInformationEstimate['unit'],
  measure: string,
  method: string,
  kernel: string,
  bandwidths: readonly (readonly number[])[],
  backend: Pick<Backend, 'kind'>,
  n: number,
  m: number | null,
): KernelInformationEstimate {
  return { value, unit, measure, method, kernel, bandwidths, backend: backend.kind, n, m, pValue: null, warnings: [] };
}
