/**
 * Messages between the MI explorer page and its estimator worker. The worker holds the
 * engines, so a long estimate never blocks the page and Cancel can end it at once by
 * terminating the worker (the library has no AbortSignal yet).
 */
import type { BackendKind } from '../../index.js';

/** What the page asks `createEngine` for: 'auto' (hardware adapter or CPU) or 'webgpu' (any adapter). */
export type GpuRequest = 'auto' | 'webgpu';

/** Which of the worker's two engines runs an estimate. */
export type EngineSlot = 'gpu' | 'cpu';

/** One KSG estimate on the seeded correlated Gaussian sample (n, ρ, seed). */
export interface EstimateTask {
  readonly slot: EngineSlot;
  readonly n: number;
  readonly rho: number;
  readonly k: number;
  readonly seed: number;
}

export type WorkerRequest =
  | { readonly type: 'init'; readonly gpu: GpuRequest }
  | { readonly type: 'estimate'; readonly id: number; readonly task: EstimateTask };

export type WorkerReply =
  /** Engines made and warmed up. `gpuBackend` null: no WebGPU engine, `gpuUnavailableReason` says why. */
  | { readonly type: 'ready'; readonly gpuBackend: BackendKind | null; readonly gpuUnavailableReason: string | null }
  | {
      readonly type: 'estimate';
      readonly id: number;
      /** KSG estimate, nats. */
      readonly value: number;
      /** −½ log(1 − ρ²), nats. */
      readonly truth: number;
      readonly backend: BackendKind;
      /** Wall time of the `mutualInformation` call alone (not the sampling). */
      readonly milliseconds: number;
    }
  | { readonly type: 'failure'; readonly id: number | null; readonly message: string };
