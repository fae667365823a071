/**
 * Mutual information for discrete–continuous mixtures, Mixed-KSG (Gao, Kannan, Oh &
 * Viswanath, "Estimating mutual information for discrete-continuous mixtures", NeurIPS
 * 2017), as the authors' reference implementation computes it, max-norm. It stays right
 * when points repeat, where KSG breaks down.
 *
 *   ρ_i = distance to the k-th neighbour of (x_i, y_i) among the other rows (joint max-norm)
 *   ρ_i > 0:  ξ_i = ψ(k) + log N − ψ(n_x(i) + 1) − ψ(n_y(i) + 1),
 *             n_x(i) = #{ j ≠ i : ‖x_j − x_i‖∞ < ρ_i }   (strict, as KSG1)
 *   ρ_i = 0:  ξ_i = ψ(k̃_i) + log N − ψ(m_x(i)) − ψ(m_y(i)),
 *             k̃_i = #{ j : (x_j, y_j) = (x_i, y_i) },  m_x(i) = #{ j : x_j = x_i }  (i included)
 *   Î = (1/N) Σ_i ξ_i
 *
 * (The reference code tests "= 0" and "< ρ" with a 1e-15 tolerance; exact comparisons
 * here.) For continuous data it equals KSG1 with log N in place of ψ(N).
 *
 * `mixedEstimates` computes Î for a batch of pairings (engine/joint-spaces.ts) on one
 * resident matrix: knnBatch, one strict countWithinBatch over the 2B marginals, and one
 * inclusive countWithinBatch (joint, x, y) for the pairings that have some ρ_i = 0.
 */
import type { Backend, MatrixHandle } from './backend.js';
import { centreColumns, concatColumns, type HostMatrix } from './host-matrix.js';
import { jointSpace, splitColumns, xSpace, ySpace, type JointSpaces } from './joint-spaces.js';
import { kthDistances } from './neighbour-radii.js';
import { digamma } from './special-functions.js';

export async function mutualInformationMixed(backend: Backend, x: HostMatrix, y: HostMatrix, k: number): Promise<number> {
  const joint = await backend.upload(centreColumns(concatColumns([x, y])));
  try {
    return (await mixedEstimates(backend, joint, [splitColumns(x.cols, y.cols)], k))[0];
  } finally {
    backend.release(joint);
  }
}

/** Î in nats of each pairing of `members` inside `joint` (more than k rows). */
export async function mixedEstimates(backend: Backend, joint: MatrixHandle, members: readonly JointSpaces[], k: number): Promise<Float64Array> {
  const n = joint.rows;
  const b = members.length;
  const lists = await backend.knnBatch(joint, { k, metric: 'chebyshev', excludeSelf: true, spaces: members.map(jointSpace) });
  const rho = lists.map(kthDistances);
  const strict = await backend.countWithinBatch(joint, {
    metric: 'chebyshev',
    inclusive: false,
    excludeSelf: true,
    members: [...members.map((s, m) => ({ space: xSpace(s), radii: rho[m] })), ...members.map((s, m) => ({ space: ySpace(s), radii: rho[m] }))],
  });
  // Inclusive counts at ρ_i = 0 are the exact repeats of row i (itself excluded): joint, x, y of each tied pairing.
  const tied = members.flatMap((_, m) => (rho[m].some((r) => r === 0) ? [m] : []));
  const repeats = tied.length === 0 ? [] : await backend.countWithinBatch(joint, {
    metric: 'chebyshev',
    inclusive: true,
    excludeSelf: true,
    members: tied.flatMap((m) => [jointSpace(members[m]), xSpace(members[m]), ySpace(members[m])].map((space) => ({ space, radii: rho[m] }))),
  });
  const values = new Float64Array(b);
  for (let m = 0; m < b; m++) {
    const nx = strict[m], ny = strict[b + m];
    const t = tied.indexOf(m);
    const [tiedJoint, tiedX, tiedY] = t < 0 ? [] : repeats.slice(3 * t, 3 * t + 3);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += rho[m][i] > 0
        ? digamma(k) - digamma(nx[i] + 1) - digamma(ny[i] + 1)
        : digamma(tiedJoint[i] + 1) - digamma(tiedX[i] + 1) - digamma(tiedY[i] + 1);
    }
    values[m] = Math.log(n) + sum / n;
  }
  return values;
}
