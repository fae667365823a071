/**
 * Mutual information between a continuous x and integer labels y (Ross, "Mutual
 * information between discrete and continuous data sets", PLoS ONE 9, 2014), exactly as
 * scikit-learn's `_compute_mi_cd` computes it (before its clipping at 0):
 *
 *   rows whose label occurs once are dropped (N' rows remain);
 *   for row i of class c (N_c rows): k_i = min(k, N_c − 1),
 *     r_i = distance to its k_i-th neighbour within its class,
 *     m_i = #{ j : ‖x_j − x_i‖ < r_i } over all N' rows, i itself included;
 *   Î = ψ(N') + ⟨ψ(k_i)⟩ − ⟨ψ(N_c(i))⟩ − ⟨ψ(m_i)⟩
 *
 * Euclidean distances (scikit-learn's default). Every upload is shifted by the same
 * column means, so class radii and the pooled counts see identical coordinates.
 */
import type { Backend } from './backend.js';
import { requireHostValues } from './device-resident-matrix.js';
import { columnMeans, selectRows, subtractFromColumns, type HostMatrix } from './host-matrix.js';
import type { Labels } from './labels.js';
import { kthDistances } from './neighbour-radii.js';
import { digamma } from './special-functions.js';

export async function mutualInformationRoss(backend: Backend, x: HostMatrix, labels: Labels, k: number): Promise<number> {
  requireHostValues([x], "'ross' gathers each class's rows on the host");
  const kept: number[] = [];
  for (let i = 0; i < x.rows; i++) if (labels.counts[labels.codes[i]] > 1) kept.push(i);
  const n = kept.length;
  const data = selectRows(x, kept);
  const means = columnMeans(data);
  const radii = new Float64Array(n);
  let sumDigammaK = 0, sumDigammaClass = 0;
  for (let c = 0; c < labels.counts.length; c++) {
    if (labels.counts[c] < 2) continue;
    const members: number[] = [];
    for (let t = 0; t < n; t++) if (labels.codes[kept[t]] === c) members.push(t);
    const kc = Math.min(k, members.length - 1);
    const handle = await backend.upload(subtractFromColumns(selectRows(data, members), means));
    try {
      const r = kthDistances(await backend.knn(handle, handle, { k: kc, metric: 'euclidean', excludeSelf: true }));
      members.forEach((t, s) => (radii[t] = r[s]));
    } finally {
      backend.release(handle);
    }
    sumDigammaK += members.length * digamma(kc);
    sumDigammaClass += members.length * digamma(members.length);
  }
  const all = await backend.upload(subtractFromColumns(data, means));
  let sumDigammaM = 0;
  try {
    const within = await backend.countWithin(all, all, { metric: 'euclidean', radii, inclusive: false, excludeSelf: true });
    for (let t = 0; t < n; t++) sumDigammaM += digamma(within[t] + 1);
  } finally {
    backend.release(all);
  }
  return digamma(n) + (sumDigammaK - sumDigammaClass - sumDigammaM) / n;
}
