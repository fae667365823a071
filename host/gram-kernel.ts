/**
 * Host side of shaders/gram-kernel.wgsl: its source, the override constant of a kernel's
 * form, and the kernel record the shader reads from `coefficients` — the terms of
 * engine/gram-kernel.ts (the float64 definition), rounded to f32 on upload.
 */
import { kernelTerms, type GramForm, type GramKernel } from '../engine/gram-kernel.js';
import source from '../shaders/gram-kernel.wgsl';

export const gramKernelSource = source;

const FORMS: Record<GramForm, number> = { gaussian: 0, laplacian: 1, 'inverse-multiquadric': 2, linear: 3, polynomial: 4, distance: 5 };

/** The FORM / SECOND_FORM override value of a kernel. */
export function gramFormConstant(form: GramForm): number {
  return FORMS[form];
}

/** [terms, a₀, b₀, c₀, …]: the record gram_value reads. */
export function kernelRecord(kernel: GramKernel): number[] {
  const terms = kernelTerms(kernel);
  return [terms.length, ...terms.flat()];
}

/** Work of evaluating the kernel once, in distance terms (the unit of maxWorkPerDispatch). */
export function kernelEvaluationWork(kernel: GramKernel): number {
  return 8 * Math.max(1, kernel.bandwidths.length);
}
