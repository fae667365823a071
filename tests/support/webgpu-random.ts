/**
 * Seeded test matrices for the WebGPU conformance cases. The generator is engine/random.ts
 * (CounterRandom); this is the one place to swap it.
 */
import type { HostMatrix } from '../../engine/host-matrix.js';
import { CounterRandom } from '../../engine/random.js';

/** rows × cols draws of offset + scale·N(0, 1). */
export function gaussianMatrix(rows: number, cols: number, seed: number, scale = 1, offset = 0): HostMatrix {
  const random = new CounterRandom(seed, 3);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = offset + scale * random.normal(i);
  return { rows, cols, data };
}

/** rows × cols integers in [0, levels): exact in f32, so distances tie exactly and often. */
export function integerMatrix(rows: number, cols: number, seed: number, levels: number): HostMatrix {
  const random = new CounterRandom(seed, 5);
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(random.uniform(i) * levels);
  return { rows, cols, data };
}

/** rows × width indices uniform in [0, m). */
export function randomIndices(rows: number, width: number, m: number, seed: number): Int32Array {
  const random = new CounterRandom(seed, 7);
  return Int32Array.from({ length: rows * width }, (_, i) => Math.floor(random.uniform(i) * m));
}
