/**
 * infogpu: the package entry and composition root. Re-exports engine/ and defines
 * `createEngine`, which picks host/'s WebGPU backend or engine/'s float64 CPU backend.
 */
import { CpuBackend, DEFAULT_KERNEL_BYTES } from './engine/cpu-backend.js';
import { CpuThreadPool } from './engine/cpu-thread-pool.js';
import { ParallelCpuBackend } from './engine/parallel-cpu-backend.js';
import { Engine } from './engine/engine.js';
import { InvalidInputError } from './engine/errors.js';
import { checkOptionKeys, nonNegativeInteger, oneOf, positiveInteger } from './engine/options.js';
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
export type { DiscreteSinkhornOptions } from './engine/discrete-sinkhorn.js';
export type { Wasserstein1dOptions } from './engine/wasserstein-1d.js';
export type { SlicedWassersteinOptions } from './engine/sliced-wasserstein.js';
export type { WassersteinDependencyOptions } from './engine/wasserstein-dependency.js';
export type { DiscreteSinkhornResult, SlicedWassersteinEstimate, WassersteinDependencyEstimate, WassersteinEstimate } from './engine/results.js';
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
// Types that public option and result types refer to (so the API reference shows them).
export type { VariationalBound, Critic } from './engine/variational-bounds.js';
export type { GpuSamples } from './engine/gpu-samples.js';
export type { DriftMonitor, DriftMonitorOptions, DriftReading, DriftMeasure } from './engine/drift-monitor.js';
export { DriftMonitorLostError } from './engine/drift-monitor.js';
export type { IntervalOptions, ConfidenceInterval } from './engine/inference.js';
export type { GramEstimator } from './engine/two-sample-gram.js';
export type { KdeBandwidth } from './engine/kde-entropy.js';
export type { CostPower } from './engine/backend.js';

/** Options of `createEngine`: which backend, and optionally the application's own GPUDevice. */
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
  /**
   * Threads of the CPU backend (default 1). With N > 1, kNN, radius counts, kernel sums
   * and the Sinkhorn softmins split their query rows over N workers (worker_threads in Node,
   * module Web Workers in a browser); results are identical to one thread.
   */
  threads?: number;
  /**
   * Bytes the CPU backend may keep for stored Sinkhorn kernels (default 256 MiB; 0: none):
   * a solve between n and m points then keeps the n·m float64 terms e^{(g_j − C_ij)/ε − M_i}
   * and repeats each softmin as a matrix–vector product (engine/cpu-kernel-cache.ts).
   */
  sinkhornKernelBytes?: number;
}

const CREATE_OPTIONS = ['backend', 'device', 'limits', 'threads', 'sinkhornKernelBytes'] as const;

/**
 * Makes an engine, the object every estimator is called on (DESIGN.md §2).
 *
 * @param options.backend 'auto' (default): a hardware WebGPU adapter if there is one,
 *   else the float64 CPU backend, with the reason in `engine.fallbackReason`. 'webgpu':
 *   any adapter, a software one (SwiftShader) included; rejects with `InvalidInputError`
 *   code NO_ADAPTER when there is none. 'cpu': the float64 CPU backend.
 * @param options.device the application's own GPUDevice (used, never destroyed).
 * @param options.limits clamps device limits (forces chunking; for tests).
 * @param options.threads CPU backend threads (default 1; Node worker_threads, or module Web
 *   Workers in a browser): kNN, radius counts, kernel sums and the Sinkhorn softmins split
 *   their query rows over the threads, results bit-identical to one.
 * @param options.sinkhornKernelBytes memory the CPU backend may use for stored Sinkhorn
 *   kernels (default 256 MiB; 0 keeps every Sinkhorn in O(n + m) memory).
 * @returns an `Engine`; call `dispose()` when done (a live device keeps Node running).
 * @example
 * const engine = await createEngine({ backend: 'cpu' });
 * const mi = await engine.mutualInformation(x, y, { k: 3 });   // { value, unit: 'nats', ... }
 * engine.dispose();
 */
export async function createEngine(options: CreateEngineOptions = {}): Promise<Engine> {
  checkOptionKeys(options, CREATE_OPTIONS, 'createEngine');
  const choice = oneOf(options.backend ?? 'auto', ['auto', 'webgpu', 'cpu'] as const, 'backend');
  const threads = positiveInteger(options.threads ?? 1, 'threads');
  const cpuOptions = { kernelBytes: nonNegativeInteger(options.sinkhornKernelBytes ?? DEFAULT_KERNEL_BYTES, 'sinkhornKernelBytes') };
  const cpuBackend = async () => (threads === 1 ? new CpuBackend(cpuOptions) : new ParallelCpuBackend(await CpuThreadPool.create(threads), cpuOptions));
  if (choice === 'cpu') return new Engine(await cpuBackend(), undefined, cpuOptions);
  const outcome = await createWebGpuBackend({
    device: options.device,
    allowFallbackAdapter: choice === 'webgpu',
    limits: options.limits,
  });
  if ('backend' in outcome) return new Engine(outcome.backend, undefined, cpuOptions);
  if (choice === 'webgpu') {
    throw new InvalidInputError('NO_ADAPTER', 'options.backend', `'webgpu' was asked for but ${outcome.reason}; use backend: 'auto' or 'cpu'`);
  }
  return new Engine(await cpuBackend(), outcome.reason, cpuOptions);
}
