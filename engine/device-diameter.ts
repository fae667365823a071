/**
 * The data diameter of Sinkhorn's ε schedule (epsilon-schedule.ts: √Σ_c (max_c − min_c)²
 * over both clouds) for GPU inputs, from each resident cloud's column extents computed on
 * the device (2·d numbers read back per cloud, never the points).
 */
import type { Backend, MatrixHandle } from './backend.js';
import { gpuInputRefused } from './device-resident-matrix.js';

export async function deviceDiameter(backend: Backend, clouds: readonly MatrixHandle[], argument: string): Promise<number> {
  if (!backend.columnExtents) throw gpuInputRefused(argument, 'the ε schedule needs the data extents, which this backend cannot compute');
  const extents = await Promise.all(clouds.map((h) => backend.columnExtents!(h)));
  const cols = clouds[0].cols;
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    const lo = Math.min(...extents.map((e) => e[2 * c]));
    const hi = Math.max(...extents.map((e) => e[2 * c + 1]));
    sum += (hi - lo) * (hi - lo);
  }
  return Math.sqrt(sum);
}
