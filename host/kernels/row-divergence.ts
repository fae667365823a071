/**
 * Driver of shaders/row-divergence.wgsl: one divergence per row of two row-aligned
 * matrices of logits (already divided by the temperature and shifted by each row's
 * maximum on the host) or probabilities. Rows are streamed from the host in chunks
 * bounded by the largest binding (chunk rows × width × 4 bytes), the workgroup grid
 * (one workgroup per row) and the work budget (chunk rows × width ≤ maxWorkPerDispatch):
 * per chunk, upload p and q, one dispatch, one read-back — one submit. Nothing of size
 * rows × width stays on the device beyond one chunk.
 *
 * The kernel returns per row a sum (or the log of Σ p^α q^{1−α}) and a flag; the finish
 * (1 − Σ for hellinger, the α transforms, ±∞) is done here in float64.
 */
import type { RowDivergenceRequest } from '../../engine/backend.js';
import type { HostMatrix } from '../../engine/host-matrix.js';
import { CommandStep } from '../command-step.js';
import type { GpuContext } from '../gpu-context.js';
import type { KernelSpec } from '../pipeline-cache.js';
import { maxDataBufferBytes } from '../webgpu-limits.js';
import source from '../../shaders/row-divergence.wgsl';

const PARAMS_BYTES = 32;
const MEASURE_CODES = { kl: 0, 'reverse-kl': 1, js: 2, tv: 3, hellinger: 4, renyi: 5, tsallis: 5, alpha: 5, 'cross-entropy': 6 } as const;

const kernel: KernelSpec = {
  name: 'row-divergence',
  sources: [source],
  branches: {},
  constants: {},
  // p rows, q rows, out
  storage: ['read', 'read', 'read_write'],
  paramsBytes: PARAMS_BYTES,
};

export async function rowDivergences(context: GpuContext, p: HostMatrix, q: HostMatrix, request: RowDivergenceRequest): Promise<Float64Array> {
  const compiled = await context.kernels.get(kernel);
  const { limits } = context;
  const width = p.cols;
  if (width * 4 > maxDataBufferBytes(limits)) {
    throw new RangeError(`WebGPU rowDivergences: one row of ${width} f32 values exceeds the largest storage binding`);
  }
  const chunkRows = Math.max(1, Math.min(
    limits.maxComputeWorkgroupsPerDimension,
    Math.floor(maxDataBufferBytes(limits) / (4 * width)),
    Math.floor(limits.maxWorkPerDispatch / width),
  ));
  const out = new Float64Array(p.rows);
  for (let first = 0; first < p.rows; first += chunkRows) {
    const rows = Math.min(chunkRows, p.rows - first);
    const slice = (m: HostMatrix) => Float32Array.from(m.data.subarray(first * width, (first + rows) * width));
    const pBuffer = context.uploadStorage(slice(p), 'row-divergence p');
    const qBuffer = context.uploadStorage(slice(q), 'row-divergence q');
    const results = context.scratch(rows * 8, 'row-divergence out');
    try {
      const params = new Uint32Array(PARAMS_BYTES / 4);
      params.set([rows, width, MEASURE_CODES[request.measure], request.input === 'logits' ? 1 : 0]);
      new Float32Array(params.buffer).set([request.alpha], 4);
      const step = new CommandStep(context, 'rowDivergences');
      step.dispatch(compiled, params, [pBuffer, qBuffer, results], [rows, 1]);
      step.readBack(results, rows * 8);
      const [bytes] = await step.run();
      const values = new Float32Array(bytes, 0, rows * 2);
      for (let r = 0; r < rows; r++) out[first + r] = finish(request, values[2 * r], values[2 * r + 1]);
    } finally {
      context.pool.release(pBuffer);
      context.pool.release(qBuffer);
      context.pool.release(results);
    }
  }
  return out;
}

/** The measure from the kernel's per-row sum (or log-integral) and flag. */
function finish(request: RowDivergenceRequest, value: number, flag: number): number {
  const { measure, alpha } = request;
  if (flag === 1) return Infinity;
  if (measure === 'hellinger') return 1 - value;
  if (measure !== 'renyi' && measure !== 'tsallis' && measure !== 'alpha') return value;
  const logIntegral = flag === 2 ? -Infinity : value;
  if (measure === 'renyi') return logIntegral / (alpha - 1);
  if (measure === 'tsallis') return (Math.exp(logIntegral) - 1) / (alpha - 1);
  return (1 - Math.exp(logIntegral)) / (alpha * (1 - alpha));
}
