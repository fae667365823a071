/**
 * The entry point index.ts calls: a WebGPU backend on the application's device, or on a
 * device acquired here (gpu-acquisition.ts), or the reason there is none.
 */
import type { Backend } from '../engine/backend.js';
import { acquireDevice } from './gpu-acquisition.js';
import { WebGpuBackend } from './webgpu-backend.js';
import { resolveLimits, type WebGpuLimitOverrides } from './webgpu-limits.js';

export type { WebGpuLimitOverrides } from './webgpu-limits.js';

export interface WebGpuBackendOptions {
  /** The application's device: used, never destroyed. */
  device?: GPUDevice;
  /** false ('auto'): hardware adapters only; true ('webgpu'): a software fallback adapter too. */
  allowFallbackAdapter: boolean;
  /** Clamps on the device's limits and the per-dispatch work budget, to force chunking. */
  limits?: Partial<WebGpuLimitOverrides>;
}

/** A backend, or why there is none (no navigator.gpu / no `webgpu` package / no adapter / only a fallback adapter / requestDevice failed). */
export type WebGpuBackendOutcome = { backend: Backend } | { reason: string };

export async function createWebGpuBackend(options: WebGpuBackendOptions): Promise<WebGpuBackendOutcome> {
  if (options.device) {
    return { backend: new WebGpuBackend(options.device, resolveLimits(options.device.limits, options.limits), false) };
  }
  const outcome = await acquireDevice(options.allowFallbackAdapter);
  if ('reason' in outcome) return outcome;
  try {
    return { backend: new WebGpuBackend(outcome.device, resolveLimits(outcome.device.limits, options.limits), true) };
  } catch (error) {
    outcome.device.destroy();
    throw error;
  }
}
