/** Seeded Gaussian samples for closed-form tests: rows of N(mean, scale²·I_d). */
import { CounterRandom } from '../../engine/random.js';

export function gaussianRows(n: number, d: number, seed: number, mean = 0, scale = 1): { data: Float64Array; rows: number; cols: number } {
  const r = new CounterRandom(seed, 77);
  const data = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) data[i] = mean + scale * r.normal(i);
  return { data, rows: n, cols: d };
}
