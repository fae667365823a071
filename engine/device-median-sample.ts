/**
 * The 'median' bandwidth heuristic on GPU inputs: medianDistance (median-bandwidth.ts)
 * needs host rows, so for a DeviceResidentMatrix exactly the rows it would use — the
 * seeded subsample of at most MEDIAN_MAX_ROWS rows (all rows below that) — are uploaded on
 * the device and read back (≤ 1,000 × d f32; the one host read of a GPU input, documented
 * in the README). The median is then computed from them as for host data, so GPU and host
 * inputs with the same values give the same σ (up to the f32 rounding of the values).
 */
import type { Backend } from './backend.js';
import { gpuInputRefused, isDeviceResident } from './device-resident-matrix.js';
import type { HostMatrix } from './host-matrix.js';
import { MEDIAN_STREAM, subsampleRows } from './inference.js';
import { MEDIAN_MAX_ROWS } from './median-bandwidth.js';

/** `sample` itself, or for a GPU input with bandwidth 'median' the host copy of the rows the median reads. */
export async function medianSampleOf(backend: Backend, sample: HostMatrix, bandwidth: unknown, seed: number, variable: number): Promise<HostMatrix> {
  if (bandwidth !== 'median' || !isDeviceResident(sample)) return sample;
  if (!backend.readRows) throw gpuInputRefused(sample.arguments, "bandwidth 'median' needs a subsample of rows on the host, which this backend cannot read");
  const rows = sample.rows > MEDIAN_MAX_ROWS ? subsampleRows(sample.rows, MEDIAN_MAX_ROWS, seed, MEDIAN_STREAM + variable) : Int32Array.from({ length: sample.rows }, (_, i) => i);
  const handle = await backend.upload(sample);
  try {
    return await backend.readRows(handle, rows);
  } finally {
    backend.release(handle);
  }
}
