/**
 * The permutation test and subsampling interval of a two-sample kernel statistic (mmd,
 * energyDistance), around a `statistic(x, y, P)` that returns the observed value and P
 * permutation nulls in one batched evaluation (two-sample-gram.ts, mmd-linear.ts):
 *
 *   pValue    (1 + #{null ≥ observed}) / (1 + P)   (engine/inference.ts)
 *   interval  subsampling: ⌊fraction·n⌋ rows of x and ⌊fraction·m⌋ rows of y per subsample
 *             (streams SUBSAMPLE_STREAM + s and SECOND_SAMPLE_STREAM + s), same kernel
 *
 * and the inputs both calls share: x and y validated into one dimension and prepared
 * together (pooled, so a centring shifts both samples by the same means).
 */
import { infer, SECOND_SAMPLE_STREAM, subsampleRows, type ParsedInference } from './inference.js';
import { InvalidInputError } from './errors.js';
import { concatRows, rowRange, selectRows, type HostMatrix } from './host-matrix.js';
import { toHostMatrix, type Samples } from './samples.js';
import type { KernelEstimate } from './results.js';
import type { BackendKind } from './backend.js';
import type { StatisticWithNulls } from './two-sample-gram.js';

export interface TwoSampleKernelTest {
  readonly measure: KernelEstimate['measure'];
  readonly method: KernelEstimate['method'];
  readonly kernel: string;
  readonly bandwidths: readonly number[];
  /** Rows each sample needs for the estimator (checked on subsamples too). */
  readonly minRows: number;
  statistic(x: HostMatrix, y: HostMatrix, permutations: number): Promise<StatisticWithNulls>;
}

/** The validated samples, prepared together: `pooled` = [x; y] after `prepare`, x and y its two row ranges. */
export interface PreparedTwoSamples {
  readonly x: HostMatrix;
  readonly y: HostMatrix;
  readonly pooled: HostMatrix;
}

/** x and y in one dimension with at least `minRows` rows each, pooled and prepared (e.g. centred at the pooled mean). */
export function prepareTwoSamples(
  x: Samples,
  y: Samples,
  minRows: number,
  estimator: string,
  prepare: (pooled: HostMatrix) => HostMatrix,
  /** The two samples' argument names in errors (the public call's parameter names). */
  names: readonly [string, string] = ['x', 'y'],
): PreparedTwoSamples {
  const [xName, yName] = names;
  const xm = toHostMatrix(x, xName), ym = toHostMatrix(y, yName);
  if (xm.cols !== ym.cols) throw new InvalidInputError('SHAPE_MISMATCH', yName, `has ${ym.cols} columns but ${xName} has ${xm.cols}; both samples must live in the same space`);
  for (const [name, m] of [[xName, xm], [yName, ym]] as const) {
    if (m.rows < minRows) throw new InvalidInputError('TOO_FEW_ROWS', name, `has ${m.rows} row${m.rows === 1 ? '' : 's'}; the ${estimator} estimator needs at least ${minRows}`);
  }
  const pooled = prepare(concatRows([xm, ym]));
  return { x: rowRange(pooled, 0, xm.rows), y: rowRange(pooled, xm.rows, ym.rows), pooled };
}

export async function runTwoSampleKernelTest(backend: BackendKind, samples: PreparedTwoSamples, inference: ParsedInference, test: TwoSampleKernelTest): Promise<KernelEstimate> {
  const { x, y } = samples;
  const n = x.rows, m = y.rows;
  if (inference.interval) {
    const { fraction } = inference.interval;
    if (Math.floor(fraction * n) < test.minRows || Math.floor(fraction * m) < test.minRows) {
      throw new InvalidInputError('TOO_FEW_ROWS', 'options.interval.fraction', `subsamples of ${Math.floor(fraction * n)} and ${Math.floor(fraction * m)} rows are too few for the ${test.method} estimator (it needs ${test.minRows} per sample); raise fraction`);
    }
  }
  const { observed, nulls } = await test.statistic(x, y, inference.permutations);
  const { pValue, interval } = await infer(
    observed,
    n,
    inference,
    async (p) => nulls[p],
    async (rows, s) => {
      const yRows = subsampleRows(m, Math.floor((rows.length / n) * m), inference.seed, SECOND_SAMPLE_STREAM + s);
      return (await test.statistic(selectRows(x, rows), selectRows(y, yRows), 0)).observed;
    },
  );
  return {
    value: observed,
    measure: test.measure,
    method: test.method,
    kernel: test.kernel,
    bandwidths: { x: test.bandwidths, y: test.bandwidths },
    backend,
    n,
    m,
    pValue,
    interval,
    warnings: [],
  };
}
