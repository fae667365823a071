/**
 * The ε-scaling (annealing) schedule of GeomLoss's Sinkhorn loop (Feydy 2020, thesis
 * §3.3.3; Schmitzer 2019): the temperature starts at the data's scale and is divided by
 * scaling^p at each step down to the target ε = blur^p,
 *
 *   ε_0 = D^p,  then e^t for t = p·log D, p·log D + p·log s, p·log D + 2p·log s, … while
 *   t > p·log blur (s = scaling, exactly numpy's arange), then blur^p,
 *
 * where D = max(diameter, blur) and the diameter is the diagonal of the bounding box of
 * both clouds, an upper bound on every ‖x_i − y_j‖ (GeomLoss's `max_diameter`). Taking
 * D ≥ blur keeps ε_0 > 0 when every point coincides.
 */
import type { CostPower } from './backend.js';
import type { HostMatrix } from './host-matrix.js';

/** ‖max_c − min_c‖ over the rows of every matrix (all with the same columns). */
export function boundingDiameter(matrices: readonly HostMatrix[]): number {
  const cols = matrices[0].cols;
  let sum = 0;
  for (let c = 0; c < cols; c++) {
    let lo = Infinity, hi = -Infinity;
    for (const { rows, data } of matrices) {
      for (let i = 0; i < rows; i++) {
        const v = data[i * cols + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    sum += (hi - lo) * (hi - lo);
  }
  return Math.sqrt(sum);
}

/** The temperatures ε_0 ≥ … ≥ blur^p of the annealing loop, in order. */
export function epsilonSchedule(p: CostPower, diameter: number, blur: number, scaling: number): number[] {
  const d = Math.max(diameter, blur);
  const start = p * Math.log(d), stop = p * Math.log(blur), step = p * Math.log(scaling);
  const steps = Math.max(0, Math.ceil((stop - start) / step));
  const schedule = [d ** p];
  for (let k = 0; k < steps; k++) schedule.push(Math.exp(start + k * step));
  schedule.push(blur ** p);
  return schedule;
}
