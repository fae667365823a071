// metric.wgsl — prelude shared by every distance kernel (knn-topk, knn-merge,
// count-within, pair-distances), so that each computes the SAME f32 numbers.
//
// Over a column range [c0, c1) the ranking value of a pair (q, r) is accumulated
// left to right, one column at a time, starting from 0:
//   euclidean  acc ← acc + (q_c − r_c)²        reported distance sqrt(acc)
//   chebyshev  acc ← max(acc, |q_c − r_c|)     reported distance acc
// Every kernel feeds the differences in the same order (query − reference,
// ascending column), so a radius taken from a knn distance and compared in
// count-within, or a pair distance, is bit-identical for the same pair.

// true: chebyshev (max-norm); false: euclidean. Set per pipeline.
override CHEBYSHEV: bool = false;

fn accumulate(acc: f32, difference: f32) -> f32 {
  if (CHEBYSHEV) {
    return max(acc, abs(difference));
  }
  return acc + difference * difference;
}

fn reported_distance(acc: f32) -> f32 {
  if (CHEBYSHEV) {
    return acc;
  }
  return sqrt(acc);
}
