/**
 * The only inputs that shape WGSL at run time are a KernelSpec's branch flags and override
 * constants (host/pipeline-cache.ts); the sources are the bundled .wgsl texts. Before a
 * pipeline is built they are checked to be what the design allows — identifiers mapped to
 * booleans, and identifiers mapped to safe integers — so no user-controlled string or
 * non-integer can reach the compiler or the cache key.
 */
import type { KernelSpec } from './pipeline-cache.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KERNEL_NAME = /^[a-z][a-z0-9-]*$/;

/** Throws when a spec's name, branch flags or override constants are not plain identifiers, booleans and safe integers. */
export function checkKernelSpec(spec: KernelSpec): void {
  if (!KERNEL_NAME.test(spec.name)) throw new Error(`kernel name ${JSON.stringify(spec.name)} is not a lower-case file base name`);
  for (const [flag, on] of Object.entries(spec.branches)) {
    if (!IDENTIFIER.test(flag) || typeof on !== 'boolean') throw new Error(`kernel ${spec.name}: branch ${JSON.stringify(flag)} must be an identifier set to true or false`);
  }
  for (const [name, value] of Object.entries(spec.constants)) {
    if (!IDENTIFIER.test(name) || !Number.isSafeInteger(value)) throw new Error(`kernel ${spec.name}: override ${JSON.stringify(name)} must be an identifier set to a safe integer, got ${String(value)}`);
  }
  if (spec.sources.some((source) => typeof source !== 'string')) throw new Error(`kernel ${spec.name}: every source must be WGSL text`);
}
