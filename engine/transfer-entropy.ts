/**
 * Transfer entropy from a source series x to a target series y (Schreiber, "Measuring
 * information transfer", Phys. Rev. Lett. 85, 2000) as a conditional mutual information
 * over delay embeddings, estimated by Frenzel–Pompe:
 *
 *   TE_{x→y} = I( y_t ; x_{t−lag}, …, x_{t−lag−hs+1} | y_{t−1}, …, y_{t−ht} )
 *
 * for every t with a full history: t ≥ t₀ = max(ht, lag + hs − 1), so N = T − t₀ rows.
 * Rows of x and y are time steps (each may be multivariate).
 */
import type { Backend } from './backend.js';
import { finishConditional, frenzelPompe } from './conditional-mutual-information.js';
import { InvalidInputError } from './errors.js';
import { concatColumns, rowRange, type HostMatrix } from './host-matrix.js';
import { INFERENCE_OPTIONS, parseInference, type InferenceOptions } from './inference.js';
import { checkOptionKeys, logBase, positiveInteger } from './options.js';
import { parsePreparation, prepare, PREPARATION_OPTIONS, type PreparationOptions } from './sample-preparation.js';
import type { InformationEstimate } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';

export interface TransferEntropyOptions extends InferenceOptions, PreparationOptions {
  /** Delay from the source to the target, default 1. */
  lag?: number;
  /** Past source values used, default 1. */
  historySource?: number;
  /** Past target values conditioned on, default 1. */
  historyTarget?: number;
  /** Neighbour order, default 3. */
  k?: number;
  /** 2 for bits; nats by default. */
  base?: number;
  /** Neighbourhood size in the target's past for the local-permutation null, default 5. */
  localNeighbours?: number;
}

const TE_OPTIONS = ['lag', 'historySource', 'historyTarget', 'k', 'base', 'localNeighbours', ...INFERENCE_OPTIONS, ...PREPARATION_OPTIONS] as const;

export async function transferEntropy(backend: Backend, source: Samples, target: Samples, options: TransferEntropyOptions = {}): Promise<InformationEstimate> {
  checkOptionKeys(options, TE_OPTIONS, 'transferEntropy');
  const lag = positiveInteger(options.lag ?? 1, 'lag');
  const hs = positiveInteger(options.historySource ?? 1, 'historySource');
  const ht = positiveInteger(options.historyTarget ?? 1, 'historyTarget');
  const k = positiveInteger(options.k ?? 3, 'k');
  const kPerm = positiveInteger(options.localNeighbours ?? 5, 'localNeighbours');
  const { unit, scale } = logBase(options.base);
  const inference = parseInference(options);
  const preparation = parsePreparation(options);
  const x = prepare(toHostMatrix(source, 'source'), preparation, inference.seed, 0);
  const y = prepare(toHostMatrix(target, 'target'), preparation, inference.seed, 1);
  if (x.rows !== y.rows) throw new InvalidInputError('ROW_MISMATCH', 'target', `has ${y.rows} time steps but source has ${x.rows}; both series must share the time axis`);
  const t0 = Math.max(ht, lag + hs - 1);
  const n = x.rows - t0;
  if (n <= k) {
    throw new InvalidInputError('SERIES_TOO_SHORT', 'source', `${x.rows} time steps leave ${Math.max(n, 0)} embedded rows (lag ${lag}, histories ${hs}/${ht}) but k = ${k} needs more; use a longer series or shorter histories`);
  }
  const future = delayEmbedding(y, t0, n, [0]);
  const targetPast = delayEmbedding(y, t0, n, Array.from({ length: ht }, (_, h) => h + 1));
  const sourcePast = delayEmbedding(x, t0, n, Array.from({ length: hs }, (_, h) => lag + h));
  const observed = await frenzelPompe(backend, sourcePast, future, targetPast, k);
  // The null permutes the source's past locally given the target's past.
  return finishConditional(backend, { x: sourcePast, y: future, z: targetPast }, observed, k, kPerm, inference, (v) => v * scale, unit, 'frenzel-pompe');
}

/** Rows t₀ … t₀ + n − 1 of [s_{t − delay₁} | s_{t − delay₂} | …]: row windows of s side by side (on the device for GPU inputs). */
function delayEmbedding(s: HostMatrix, t0: number, n: number, delays: readonly number[]): HostMatrix {
  return concatColumns(delays.map((delay) => rowRange(s, t0 - delay, n)));
}
