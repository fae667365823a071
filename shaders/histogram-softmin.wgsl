// histogram-softmin.wgsl — one softmin step of log-domain Sinkhorn for a batch of discrete
// OT problems sharing one cost matrix C (rows × cols). Invocation (i, t) computes, for pair
// t = pair_base + id.y and output bin i,
//   h_j = log_w[t, j] + g[t, j]/ε,   c_ij = C[i, j] (transpose = 0) or C[j, i] (transpose = 1)
//   M   = max_j (h_j − c_ij/ε)
//   out[t, i] = −ε·(M + log Σ_j e^{h_j − c_ij/ε − M}),
//               or previous[t, i] + weight·(that − previous[t, i]) when relax = 1 (over-relaxation)
// in two passes over the summed bins j (the maximum, then the sum), so no term overflows
// and the largest is exactly 1. Deterministic: a fixed order, no atomics.
//
// Buffers (f32):
//   cost        [rows × cols]           row-major
//   log_w       [pairs × summed]        log-weights of the summed side (−1e30 for a zero weight)
//   potential   [pairs × summed]
//   output      [pairs × out_bins]
//   previous    [pairs × out_bins]      read when relax = 1
// summed = cols, out_bins = rows (transpose = 0); summed = rows, out_bins = cols (transpose = 1).

struct HistogramParams {
  out_bins: u32,
  summed: u32,
  cols: u32,        // row stride of the cost matrix
  transpose: u32,
  pair_base: u32,
  pairs: u32,       // pairs in this dispatch
  inv_eps: f32,
  eps: f32,
  relax: u32,       // 1: over-relaxed update with `weight`
  weight: f32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: HistogramParams;
@group(0) @binding(1) var<storage, read> cost: array<f32>;
@group(0) @binding(2) var<storage, read> log_w: array<f32>;
@group(0) @binding(3) var<storage, read> potential: array<f32>;
@group(0) @binding(4) var<storage, read_write> output: array<f32>;
@group(0) @binding(5) var<storage, read> previous: array<f32>;

fn cost_at(i: u32, j: u32) -> f32 {
  if (params.transpose == 1u) {
    return cost[j * params.cols + i];
  }
  return cost[i * params.cols + j];
}

fn term(base: u32, i: u32, j: u32) -> f32 {
  return log_w[base + j] + (potential[base + j] - cost_at(i, j)) * params.inv_eps;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let i = id.x;
  if (i >= params.out_bins || id.y >= params.pairs) {
    return;
  }
  let t = params.pair_base + id.y;
  let base = t * params.summed;
  var m = term(base, i, 0u);
  for (var j = 1u; j < params.summed; j++) {
    m = max(m, term(base, i, j));
  }
  var total = 0.0;
  for (var j = 0u; j < params.summed; j++) {
    total += exp(term(base, i, j) - m);
  }
  let f = -params.eps * (m + log(total));
  let k = t * params.out_bins + i;
  if (params.relax == 1u) {
    output[k] = previous[k] + params.weight * (f - previous[k]);
  } else {
    output[k] = f;
  }
}
