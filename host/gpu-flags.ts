/**
 * The WebGPU specification's numeric flag values. Browsers expose them as globals
 * (GPUBufferUsage, GPUMapMode, GPUShaderStage); Node's `webgpu` package only offers them
 * through `globals`, which host/ does not install on globalThis. The values are fixed by
 * the specification, so host/ uses these constants everywhere.
 */
export const BufferUsage = {
  MAP_READ: 0x0001,
  COPY_SRC: 0x0004,
  COPY_DST: 0x0008,
  UNIFORM: 0x0040,
  STORAGE: 0x0080,
} as const;

export const MapMode = {
  READ: 0x0001,
} as const;

export const ShaderStage = {
  COMPUTE: 0x4,
} as const;
