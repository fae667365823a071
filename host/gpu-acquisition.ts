/**
 * Finding a GPUDevice: `navigator.gpu` in a browser (or any runtime that has it), else in
 * Node the optional `webgpu` package (Dawn), imported on demand so a browser bundle never
 * needs it. An adapter that is a software fallback (SwiftShader, WARP…) is taken only
 * when `allowFallbackAdapter`. The device is requested with the adapter's own limits for
 * everything chunking reads (the defaults cap a binding at 128 MiB).
 */

export type DeviceOutcome = { device: GPUDevice } | { reason: string };

/** Limits requested at the adapter's values. */
const REQUESTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

export async function acquireDevice(allowFallbackAdapter: boolean): Promise<DeviceOutcome> {
  const gpu = await findGpu();
  if (typeof gpu === 'string') return { reason: gpu };
  let adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter && allowFallbackAdapter) adapter = await gpu.requestAdapter({ forceFallbackAdapter: true });
  if (!adapter) return { reason: 'no WebGPU adapter is available' };
  if (isFallbackAdapter(adapter) && !allowFallbackAdapter) {
    return { reason: `the only WebGPU adapter is a software fallback (${describe(adapter)}); backend: 'webgpu' would use it` };
  }
  const requiredLimits: Record<string, number> = {};
  for (const name of REQUESTED_LIMITS) requiredLimits[name] = adapter.limits[name];
  try {
    return { device: await adapter.requestDevice({ label: 'infogpu', requiredLimits }) };
  } catch (error) {
    return { reason: `requestDevice failed on ${describe(adapter)}: ${(error as Error).message}` };
  }
}

/** navigator.gpu, else Node's `webgpu` package, else why neither is there. */
async function findGpu(): Promise<GPU | string> {
  const navigatorGpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (navigatorGpu) return navigatorGpu;
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  if (!isNode) return 'navigator.gpu is missing (no WebGPU in this browser, or not a secure context)';
  nodeGpu ??= loadNodeGpu();
  return nodeGpu;
}

/** One Dawn instance per process, shared by every backend. */
let nodeGpu: Promise<GPU | string> | undefined;

async function loadNodeGpu(): Promise<GPU | string> {
  try {
    const dawn = await import('webgpu');
    return dawn.create([]);
  } catch (error) {
    return `the optional 'webgpu' package (Dawn for Node) could not be loaded: ${(error as Error).message}`;
  }
}

function isFallbackAdapter(adapter: GPUAdapter): boolean {
  // adapter.info.isFallbackAdapter is current; older implementations had adapter.isFallbackAdapter.
  const legacy = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return adapter.info?.isFallbackAdapter ?? legacy ?? false;
}

function describe(adapter: GPUAdapter): string {
  const info = adapter.info;
  return [info?.vendor, info?.architecture, info?.device, info?.description].filter((s) => s).join(' ') || 'unnamed adapter';
}
