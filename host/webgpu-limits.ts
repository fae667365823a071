/**
 * The limits every chunking decision reads: the device's own limits, optionally clamped
 * lower by the caller (`limits` option) to force chunking in tests or on constrained pages.
 */
import { checkOptionKeys, positiveInteger } from '../engine/options.js';

export interface WebGpuLimitOverrides {
  /** Bytes one storage binding may span: matrix blocks, neighbour lists, outputs. */
  maxStorageBufferBindingSize: number;
  /** Bytes of one buffer. */
  maxBufferSize: number;
  /** Workgroups per dispatch dimension (65,535 on most adapters). */
  maxComputeWorkgroupsPerDimension: number;
  /** Distance terms (query rows × reference rows × columns) one dispatch may evaluate; bounds its run time. */
  maxWorkPerDispatch: number;
}

/**
 * 2²⁶ distance terms: one to three seconds on SwiftShader (20–90 M terms/s measured with
 * Dawn in Node), well under a millisecond on a discrete GPU — far from a browser's GPU
 * watchdog either way, at a dispatch overhead of a few percent at most.
 */
export const DEFAULT_WORK_PER_DISPATCH = 2 ** 26;

const OVERRIDE_KEYS = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension', 'maxWorkPerDispatch'] as const;

/**
 * The device's limits, each lowered to its override when one is given; the work budget
 * is the override itself, or DEFAULT_WORK_PER_DISPATCH.
 */
export function resolveLimits(device: GPUSupportedLimits, overrides: Partial<WebGpuLimitOverrides> = {}): WebGpuLimitOverrides {
  checkOptionKeys(overrides, OVERRIDE_KEYS, 'limits');
  const clamp = (key: (typeof OVERRIDE_KEYS)[number], deviceValue: number): number => {
    const value = overrides[key];
    return value === undefined ? deviceValue : Math.min(deviceValue, positiveInteger(value, `limits.${key}`));
  };
  const work = overrides.maxWorkPerDispatch;
  return {
    maxStorageBufferBindingSize: clamp('maxStorageBufferBindingSize', device.maxStorageBufferBindingSize),
    maxBufferSize: clamp('maxBufferSize', device.maxBufferSize),
    maxComputeWorkgroupsPerDimension: clamp('maxComputeWorkgroupsPerDimension', device.maxComputeWorkgroupsPerDimension),
    maxWorkPerDispatch: work === undefined ? DEFAULT_WORK_PER_DISPATCH : positiveInteger(work, 'limits.maxWorkPerDispatch'),
  };
}

/** Bytes of the largest buffer a kernel may bind whole (a multiple of 4). */
export function maxDataBufferBytes(limits: WebGpuLimitOverrides): number {
  return Math.floor(Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize) / 4) * 4;
}
