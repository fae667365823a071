/**
 * The public `knn` call: the k nearest rows of `x` to every row of `queries` (default:
 * x itself, without each row's own index when `excludeSelf`). Exact; ties by lower index.
 */
import type { Backend, Metric } from './backend.js';
import { InvalidInputError } from './errors.js';
import { centreColumns, columnMeans, concatRows, rowRange, subtractFromColumns, type HostMatrix } from './host-matrix.js';
import { isDeviceResident } from './device-resident-matrix.js';
import { checkOptionKeys, oneOf, positiveInteger } from './options.js';
import type { NeighbourLists } from './results.js';
import { toHostMatrix, type Samples } from './samples.js';
import { PROGRESS_OPTIONS, type ProgressOptions } from './progress.js';

export interface KnnOptions extends ProgressOptions {
  /** Neighbours per query (required). */
  k: number;
  /** 'euclidean' (default) or 'chebyshev' (max-norm). */
  metric?: Metric;
  /** Rows to search for; default: the rows of x. */
  queries?: Samples;
  /** Skip each row itself when queries are x itself (default true). */
  excludeSelf?: boolean;
}

const KNN_OPTIONS = ['k', 'metric', 'queries', 'excludeSelf', ...PROGRESS_OPTIONS] as const;

export async function knnSearch(backend: Backend, x: Samples, options: KnnOptions): Promise<NeighbourLists> {
  checkOptionKeys(options ?? {}, KNN_OPTIONS, 'knn');
  const k = positiveInteger(options?.k, 'k');
  const metric = oneOf(options.metric ?? 'euclidean', ['euclidean', 'chebyshev'] as const, 'metric');
  const excludeSelf = options.excludeSelf ?? true;
  const reference = toHostMatrix(x, 'x');
  const queries = options.queries === undefined ? undefined : toHostMatrix(options.queries, 'options.queries');
  if (queries && queries.cols !== reference.cols) {
    throw new InvalidInputError('SHAPE_MISMATCH', 'options.queries', `has ${queries.cols} columns but x has ${reference.cols}`);
  }
  const self = queries === undefined && excludeSelf;
  const available = reference.rows - (self ? 1 : 0);
  if (k > available) {
    throw new InvalidInputError('TOO_FEW_ROWS', 'options.k', `k = ${k} but only ${available} candidate neighbours per query; lower k or pass more rows`);
  }
  const [ref, qry] = centreTogether(reference, queries);
  const refHandle = await backend.upload(ref);
  const qryHandle = qry ? await backend.upload(qry) : refHandle;
  try {
    const lists = await backend.knn(qryHandle, refHandle, { k, metric, excludeSelf: self });
    return { ...lists, metric, backend: backend.kind };
  } finally {
    backend.release(refHandle);
    if (qryHandle !== refHandle) backend.release(qryHandle);
  }
}

/** Centres the reference, and shifts the queries by the same means so distances are unchanged. */
function centreTogether(reference: HostMatrix, queries: HostMatrix | undefined): [HostMatrix, HostMatrix | undefined] {
  if (isDeviceResident(reference) || (queries && isDeviceResident(queries))) {
    // GPU inputs: both centred on the device at the mean of [reference; queries] (one shift, so distances are unchanged).
    if (!queries) return [centreColumns(reference), undefined];
    const both = centreColumns(concatRows([reference, queries]));
    return [rowRange(both, 0, reference.rows), rowRange(both, reference.rows, queries.rows)];
  }
  const means = columnMeans(reference);
  return [subtractFromColumns(reference, means), queries && subtractFromColumns(queries, means)];
}
