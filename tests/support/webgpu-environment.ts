/**
 * Node WebGPU for the tests (DESIGN.md §4): with no Vulkan driver configured, point the
 * Vulkan loader at Chromium's SwiftShader before Dawn loads; REQUIRE_WEBGPU=1 (CI) turns
 * a missing adapter from a skip into a failure.
 */
import { existsSync } from 'node:fs';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Must run before the `webgpu` package is first imported. */
export function useSwiftShaderWithoutVulkanDriver(): void {
  if (process.env.VK_ICD_FILENAMES === undefined && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

export const webGpuRequired = process.env.REQUIRE_WEBGPU === '1';
