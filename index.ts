/**
 * infogpu: the package entry and composition root. Re-exports engine/ and defines
 * `createEngine`, which picks host/'s WebGPU backend or engine/'s float64 CPU backend.
 */
import { CpuBackend } from './engine/cpu-backend.js';
import { Engine } from './engine/engine.js';
import { InvalidInputError } from './engine/errors.js';
import { checkOptionKeys, oneOf } from './engine/options.js';
import { createWebGpuBackend, type WebGpuLimitOverrides } from './host/create-webgpu-backend.js';

export { Engine } from './engine/engine.js';
export { InvalidInputError, type InvalidInputCode } from './engine/errors.js';
export type { Samples, RowMajorSamples } from './engine/samples.js';
export type { EngineStats, BackendKind, Metric } from './engine/backend.js';
export type { DivergenceEstimate, InformationEstimate, InformationUnit, NeighbourLists } from './engine/results.js';
export type { KnnOptions } from './engine/knn-search.js';
export type { EntropyOptions, EntropyMethod } from './engine/entropy.js';
export type { ConditionalMutualInformationOptions } from './engine/conditional-mutual-information.js';
export type { DivergenceOptions, DivergenceMeasure } from './engine/divergence.js';
export type { MultivariateInformationOptions } from './engine/multivariate-information.js';
export type { ColumnInformation } from './engine/mutual-information-columns.js';
export type { TransferEntropyOptions } from './engine/transfer-entropy.js';
export type { RowDivergenceOptions, RowDivergenceResult } from './engine/row-divergence.js';
export type { RowMeasure } from './engine/row-divergence-measures.js';
export type { CauchySchwarzOptions } from './engine/cauchy-schwarz.js';
export type { MatrixEntropyOptions, MatrixMutualInformationOptions, DiffusionSpectralOptions } from './engine/kernel-information.js';
export type { KernelInformationEstimate } from './engine/results.js';
export type { CountEntropyOptions, CountEntropyEstimate, TableInformation } from './engine/count-information.js';
export type { CountEntropyMethod } from './engine/entropy-from-counts.js';
export type { MutualInformationOptions, MutualInformationMethod } from './engine/mutual-information.js';
export type { SinkhornOptions } from './engine/sinkhorn.js';
export type { SinkhornResult, SinkhornPotentials, TransportPlan } from './engine/results.js';
export type { KernelEstimate } from './engine/results.js';
export type { MmdOptions, MmdEstimator } from './engine/mmd.js';
export type { EnergyDistanceOptions } from './engine/energy-distance.js';
export type { HsicOptions } from './engine/hsic.js';
export type { Bandwidth, KernelOptions } from './engine/kernel-options.js';
export type { KernelName } from './engine/gram-kernel.js';
export type { WebGpuLimitOverrides } from './host/create-webgpu-backend.js';
export { mauveFromHistograms, type MauveFrontierOptions } from './engine/mauve-frontier.js';
export type { MauveOptions } from './engine/mauve.js';
export type { MauveEstimate, MauveFrontier, MauveFrontierResult } from './engine/results.js';
export { sampleCorrelatedGaussian, type CorrelatedGaussianSample } from './engine/sample-gaussian.js';
export { CounterRandom } from './engine/random.js';

export interface CreateEngineOptions {
  /**
   * 'auto' (default): a hardware WebGPU adapter if there is one, else the CPU (with
   * `fallbackReason`). 'webgpu': any adapter, including a software fallback such as
   * SwiftShader; rejects when there is none. 'cpu': the float64 CPU backend.
   */
  backend?: 'auto' | 'webgpu' | 'cpu';
  /** The application's own GPUDevice: used, never destroyed by `dispose()`. */
  device?: GPUDevice;
  /** Clamp device limits (forces chunking; for tests and constrained pages). */
  limits?: Partial<WebGpuLimitOverrides>;
}

const CREATE_OPTIONS = ['backend', 'device', 'limits'] as const;

export async function createEngine(options: CreateEngineOptions = {}): Promise<Engine> {
  checkOptionKeys(options, CREATE_OPTIONS, 'createEngine');
  const choice = oneOf(options.backend ?? 'auto', ['auto', 'webgpu', 'cpu'] as const, 'backend');
  if (choice === 'cpu') return new Engine(new CpuBackend());
  const outcome = await createWebGpuBackend({
    device: options.device,
    allowFallbackAdapter: choice === 'webgpu',
    limits: options.limits,
  });
  if ('backend' in outcome) return new Engine(outcome.backend);
  if (choice === 'webgpu') {
    throw new InvalidInputError('NO_ADAPTER', 'options.backend', `'webgpu' was asked for but ${outcome.reason}; use backend: 'auto' or 'cpu'`);
  }
  return new Engine(new CpuBackend(), outcome.reason);
}
