/**
 * Messages between a demo page (or the embeddable panel) and the generic engine worker
 * (engine-worker.ts). The worker holds one engine; the page asks it to run one public
 * `Engine` call at a time with structured-cloneable arguments (samples as arrays or
 * `{ data, rows, cols }`, options without `signal` or `onProgress`, which the worker adds).
 * Cancel = 'abort' (the call's `signal`; the worker and its warmed-up engine live on), or
 * terminating the worker when the abort is not honoured in time.
 */
import type { BackendKind, DriftMonitorOptions, Engine, Samples } from '../../index.js';

/** What the page asks `createEngine` for: 'auto' (hardware adapter, else the CPU), 'webgpu' (any adapter, else the CPU), 'cpu'. */
export type EngineRequest = 'auto' | 'webgpu' | 'cpu';

/** The Engine calls a demo may run in the worker. */
export const ENGINE_CALLS = ['mmd', 'sinkhorn', 'divergence', 'mauve', 'rowDivergence'] as const;
export type EngineCall = (typeof ENGINE_CALLS)[number];

export type CallArguments<C extends EngineCall> = Parameters<Engine[C]>;
export type CallResult<C extends EngineCall> = Awaited<ReturnType<Engine[C]>>;

export type EngineWorkerRequest =
  | { readonly type: 'init'; readonly id: number; readonly engine: EngineRequest }
  /** `progress`: the worker adds an `onProgress` to the call's options (its third argument) and relays each fraction. */
  | { readonly type: 'call'; readonly id: number; readonly call: EngineCall; readonly args: readonly unknown[]; readonly progress: boolean }
  /** Aborts call `id` through the AbortSignal the worker gave it (it then fails with an 'AbortError'). */
  | { readonly type: 'abort'; readonly id: number }
  /** Makes `engine.driftMonitor(options)` (host samples only); `id` names the monitor in 'push' and 'dispose-monitor'; replies 'result' (null). */
  | { readonly type: 'monitor'; readonly id: number; readonly options: DriftMonitorOptions }
  /** Pushes `batch` to monitor `monitor`; replies 'result' with its DriftReading. */
  | { readonly type: 'push'; readonly id: number; readonly monitor: number; readonly batch: Samples }
  /** Frees monitor `monitor` (no reply). */
  | { readonly type: 'dispose-monitor'; readonly id: number; readonly monitor: number };

export type EngineWorkerReply =
  | {
      readonly type: 'ready';
      readonly id: number;
      readonly backend: BackendKind;
      /** Why the engine is not on WebGPU (createEngine's fallbackReason, or why 'webgpu' failed); null on WebGPU. */
      readonly cpuReason: string | null;
    }
  | { readonly type: 'result'; readonly id: number; readonly result: unknown; readonly milliseconds: number }
  /** The library's `onProgress` fraction in [0, 1] of call `id` (non-decreasing). */
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number }
    /** `name` is the thrown error's (InvalidInputError for bad input). */
  | { readonly type: 'failure'; readonly id: number; readonly name: string; readonly message: string };
