/**
 * Variational lower bounds on I(X; Y) evaluated on n paired rows with a fixed critic f
 * (Poole, Ozair, van den Oord, Alemi & Tucker, "On variational bounds of mutual
 * information", ICML 2019), in nats:
 *
 *   InfoNCE  log n + (1/n) Σ_i [ f(x_i, y_i) − log Σ_j e^{f(x_i, y_j)} ]
 *   NWJ      (1/n) Σ_i f(x_i, y_i) − e^{−1} · (1/n²) Σ_i Σ_j e^{f(x_i, y_j)}
 *   DV       (1/n) Σ_i f(x_i, y_i) − log[ (1/n²) Σ_i Σ_j e^{f(x_i, y_j)} ]
 *
 * (the product-of-marginals expectations over all n² pairs). Critics, temperature τ > 0,
 * x and y of the same dimension:
 *   'cosine'    f(x, y) = cos(x, y)/τ = (1 − ‖x̂ − ŷ‖²/2)/τ   with x̂ = x/‖x‖
 *   'gaussian'  f(x, y) = −‖x − y‖²/(2τ)
 * Both make log Σ_j e^{f(x_i, y_j)} a softmin step of the Sinkhorn engine (cost ‖x − y‖²/2,
 * ε = τ, zero potential, unit weights): f_i = −τ·log Σ_j e^{−C_ij/τ} gives
 * log Σ_j e^{f_ij} = −f_i/τ (+ 1/τ for cosine) — streamed row log-sum-exp, no n × n matrix.
 * The diagonal f(x_i, y_i) is computed on the host in float64; for GPU inputs (Gaussian
 * critic only) from the backend's distances ‖x_i − y_i‖ of the resident rows.
 */
import type { Backend, MatrixHandle } from './backend.js';
import { isDeviceResident, requireHostValues } from './device-resident-matrix.js';
import { centreAtPooledMean, type HostMatrix } from './host-matrix.js';

export type VariationalBound = 'infonce' | 'nwj' | 'dv';
export type Critic = 'cosine' | 'gaussian';

export async function variationalBound(backend: Backend, x: HostMatrix, y: HostMatrix, bound: VariationalBound, critic: Critic, temperature: number): Promise<number> {
  const n = x.rows;
  // The Gaussian critic shifts x and y by the same pooled column means (every ‖x_i − y_j‖ unchanged), on the device for GPU inputs.
  const [a, b] = critic === 'cosine' ? [unitRows(x), unitRows(y)] : centreAtPooledMean([x, y]);
  const query = await backend.upload(a);
  const reference = await backend.upload(b);
  let rowLogSumExp: Float64Array, squared: Float64Array;
  try {
    rowLogSumExp = await logSumExpOverRows(backend, query, reference, n, temperature, critic === 'cosine' ? 1 / temperature : 0);
    squared = isDeviceResident(a) || isDeviceResident(b) ? await pairedSquaredDistances(backend, query, reference, n) : hostPairedSquaredDistances(a, b);
  } finally {
    backend.release(query);
    backend.release(reference);
  }
  let diagonal = 0;
  for (let i = 0; i < n; i++) diagonal += critic === 'cosine' ? (1 - squared[i] / 2) / temperature : -squared[i] / (2 * temperature);
  diagonal /= n;
  if (bound === 'infonce') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += rowLogSumExp[i];
    return Math.log(n) + diagonal - sum / n;
  }
  // log[(1/n²) Σ_ij e^{f_ij}] from the row log-sum-exps, with their maximum factored out.
  let max = -Infinity;
  for (let i = 0; i < n; i++) max = Math.max(max, rowLogSumExp[i]);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.exp(rowLogSumExp[i] - max);
  const logMeanProduct = max + Math.log(sum) - 2 * Math.log(n);
  return bound === 'dv' ? diagonal - logMeanProduct : diagonal - Math.exp(logMeanProduct - 1);
}

/** log Σ_j e^{shift − ‖a_i − b_j‖²/(2τ)} for every row i of a, by one softmin step. */
async function logSumExpOverRows(backend: Backend, query: MatrixHandle, reference: MatrixHandle, n: number, temperature: number, shift: number): Promise<Float64Array> {
  const zeros = await backend.uploadVector(new Float64Array(n));
  const output = await backend.uploadVector(new Float64Array(n));
  try {
    await backend.softmin(query, reference, { p: 2, eps: temperature, logWeights: zeros, potential: zeros, output });
    const [f] = await backend.readVectors([output]);
    return f.map((v) => shift - v / temperature);
  } finally {
    for (const handle of [zeros, output]) backend.release(handle);
  }
}

/** ‖a_i − b_i‖² of paired rows, in float64 on the host. */
function hostPairedSquaredDistances(a: HostMatrix, b: HostMatrix): Float64Array {
  const out = new Float64Array(a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let c = 0; c < a.cols; c++) out[i] += (a.data[i * a.cols + c] - b.data[i * b.cols + c]) ** 2;
  }
  return out;
}

/** ‖a_i − b_i‖² of paired resident rows (GPU inputs): the backend's distance from query row i to reference row i. */
async function pairedSquaredDistances(backend: Backend, query: MatrixHandle, reference: MatrixHandle, n: number): Promise<Float64Array> {
  const identity = Int32Array.from({ length: n }, (_, i) => i);
  const distances = await backend.pairDistances(query, reference, { metric: 'euclidean', indices: identity, width: 1 });
  return distances.map((d) => d * d);
}

function unitRows(m: HostMatrix): HostMatrix {
  requireHostValues([m], "critic 'cosine' normalises each row on the host; use critic: 'gaussian'");
  const out = new Float64Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    let norm = 0;
    for (let c = 0; c < m.cols; c++) norm += m.data[i * m.cols + c] ** 2;
    norm = Math.sqrt(norm);
    for (let c = 0; c < m.cols; c++) out[i * m.cols + c] = norm > 0 ? m.data[i * m.cols + c] / norm : 0;
  }
  return { rows: m.rows, cols: m.cols, data: out };
}
