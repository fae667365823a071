/**
 * The seeded sample sets the demos generate (and the browser tests regenerate in Node to
 * recompute what a page shows). Draws come from the library's counter-based generator, so
 * (seed, stream) fixes every value on any thread:
 *
 *   gaussianCloud   row i, column j = scale · z_{i·d + j} + (j = 0 ? shift : 0),  z ~ N(0, 1)
 *   logitPair       teacher_ij = 3 · z_ij,  student_ij = teacher_ij + noise · z′_ij
 *
 * Only engine/random.ts is imported, so Node test code can load this file without the
 * WGSL-bundling library entry.
 */
import { CounterRandom } from '../../engine/random.js';
import type { SampleMatrix } from './sample-file.js';

/** Streams of the demos' draws: the first and second sample of a pair. */
export const FIRST_STREAM = 1;
export const SECOND_STREAM = 2;

export interface CloudSpec {
  readonly rows: number;
  readonly cols: number;
  /** Added to the first coordinate. */
  readonly shift: number;
  /** Standard deviation of every coordinate. */
  readonly scale: number;
  readonly seed: number;
  readonly stream: number;
}

/** n × d isotropic Gaussian with standard deviation `scale`, its first coordinate shifted by `shift`. */
export function gaussianCloud({ rows, cols, shift, scale, seed, stream }: CloudSpec): SampleMatrix {
  const random = new CounterRandom(seed, stream);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = scale * random.normal(i) + (i % cols === 0 ? shift : 0);
  return { data, rows, cols };
}

/** Teacher logits 3·z and student logits teacher + noise·z′ (rows × vocabulary each). */
export function logitPair(rows: number, vocabulary: number, noise: number, seed: number): { teacher: SampleMatrix; student: SampleMatrix } {
  const teacher = gaussianCloud({ rows, cols: vocabulary, shift: 0, scale: 3, seed, stream: FIRST_STREAM });
  const perturbation = gaussianCloud({ rows, cols: vocabulary, shift: 0, scale: noise, seed, stream: SECOND_STREAM });
  const student = new Float64Array(teacher.data.length);
  for (let i = 0; i < student.length; i++) student[i] = teacher.data[i] + perturbation.data[i];
  return { teacher, student: { data: student, rows, cols: vocabulary } };
}
