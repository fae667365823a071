/**
 * Compute pipelines built once per device and reused, keyed `name|overrides` where the
 * overrides are everything that changes the compiled shader: wgsl-preprocessor branch
 * flags and WGSL `override` constants. Sizes (n, m, d, k, …) travel in uniforms, so a
 * new shape never recompiles.
 *
 * Every kernel binds its parameter record at @binding(0) as a uniform with a dynamic
 * offset (CommandStep packs all records of a step into one buffer), then its storage
 * buffers at @binding(1…) in the order of `storage`.
 */
import { ShaderStage } from './gpu-flags.js';
import { resolveBranches } from './wgsl-branches.js';
import { checkKernelSpec } from './kernel-spec-check.js';

export interface KernelSpec {
  /** Base name shared by shaders/<name>.wgsl and host/kernels/<name>.ts. */
  readonly name: string;
  /** WGSL sources concatenated in order: preludes first, the kernel last. */
  readonly sources: readonly string[];
  /** wgsl-preprocessor flags (`#if FLAG`). */
  readonly branches: Readonly<Record<string, boolean>>;
  /** WGSL `override` constants. */
  readonly constants: Readonly<Record<string, number>>;
  /** Access of the storage bindings 1, 2, …: 'read' (read-only) or 'read_write'. */
  readonly storage: readonly ('read' | 'read_write')[];
  /** Bytes of the kernel's uniform parameter struct at binding 0. */
  readonly paramsBytes: number;
}

export interface Kernel {
  readonly spec: KernelSpec;
  readonly pipeline: GPUComputePipeline;
  readonly layout: GPUBindGroupLayout;
}

export class PipelineCache {
  private readonly kernels = new Map<string, Promise<Kernel>>();

  constructor(private readonly device: GPUDevice) {}

  get(spec: KernelSpec): Promise<Kernel> {
    checkKernelSpec(spec);
    const key = kernelKey(spec);
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = this.build(spec, key);
      kernel.catch(() => this.kernels.delete(key));
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private async build(spec: KernelSpec, label: string): Promise<Kernel> {
    const code = resolveBranches(spec.sources.join('\n'), spec.branches);
    const module = this.device.createShaderModule({ label, code });
    const layout = this.device.createBindGroupLayout({
      label,
      entries: [
        { binding: 0, visibility: ShaderStage.COMPUTE, buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: spec.paramsBytes } },
        ...spec.storage.map((access, i) => ({
          binding: i + 1,
          visibility: ShaderStage.COMPUTE,
          buffer: { type: access === 'read' ? ('read-only-storage' as const) : ('storage' as const) },
        })),
      ],
    });
    try {
      const pipeline = await this.device.createComputePipelineAsync({
        label,
        layout: this.device.createPipelineLayout({ label, bindGroupLayouts: [layout] }),
        compute: { module, entryPoint: 'main', constants: { ...spec.constants } },
      });
      return { spec, pipeline, layout };
    } catch (error) {
      const info = await module.getCompilationInfo();
      const messages = info.messages.map((m) => `${m.type} ${m.lineNum}:${m.linePos} ${m.message}`).join('\n');
      throw new Error(`WebGPU kernel ${label} failed to build: ${(error as Error).message}${messages ? `\n${messages}` : ''}`);
    }
  }
}

/** `name|overrides`: the branch flags and override constants, sorted by name. */
export function kernelKey(spec: KernelSpec): string {
  const overrides = [
    ...Object.entries(spec.branches).filter(([, on]) => on).map(([flag]) => flag),
    ...Object.entries(spec.constants).map(([name, value]) => `${name}=${value}`),
  ].sort();
  return `${spec.name}|${overrides.join(',')}`;
}
