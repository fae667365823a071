/**
 * TensorFlow.js's WebGPU backend in Node on the SAME Dawn device as an infogpu engine:
 * one Dawn instance per process (the `webgpu` package), exposed as navigator.gpu with the
 * WebGPU globals TF.js reads (GPUBufferUsage, …); one adapter, one device shared by a
 * registered `WebGPUBackend` and `createEngine({ backend: 'webgpu', device })`.
 * Resolves to undefined when there is no adapter (the caller skips or fails).
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import { useSwiftShaderWithoutVulkanDriver } from './webgpu-environment.js';

export interface SharedTf {
  readonly tf: typeof TfCore;
  readonly gpu: GPU;
  readonly adapter: GPUAdapter;
  readonly device: GPUDevice;
}

export async function tfOnSharedDevice(): Promise<SharedTf | undefined> {
  useSwiftShaderWithoutVulkanDriver();
  const dawn = await import('webgpu');
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  (globalThis as { navigator?: unknown }).navigator = { gpu };
  const adapter = (await gpu.requestAdapter()) ?? (await gpu.requestAdapter({ forceFallbackAdapter: true }));
  if (!adapter) return undefined;
  const device = await adapter.requestDevice({
    label: 'shared by tfjs and infogpu',
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
    },
  });
  const tf = await import('@tensorflow/tfjs-core');
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  // The package registered 'webgpu' with its own device; its kernels are keyed by that name, so
  // the backend is re-registered under it with ours.
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => new WebGPUBackend(device));
  await tf.setBackend('webgpu');
  // Small ops would otherwise run on the CPU and leave their results there.
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  await tf.ready();
  return { tf, gpu, adapter, device };
}
