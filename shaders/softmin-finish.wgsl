// softmin-finish.wgsl — the end of a softmin step (after softmin.wgsl's scan): merges the
// splits' log-sum-exp states of each query row q of the chunk (global row J):
//   M = max_s m_s,   S = Σ_s (s_s − comp_s)·e^{m_s − M},   T = Σ_s t_s·e^{m_s − M}
//   f = −ε·(M + log S)·κ       (κ = damping: 1, or unbalanced OT's 1/(1 + ε/ρ))
//   output[J]    = f, or previous[J] + weight·(f − previous[J]) when relax = 1
//   mean_cost[J] = T / S   (the mean cost of row q under the plan)
// in the fixed split order (deterministic).
//
// Buffers (f32):
//   state      [splits × query_rows × 4]   (m, s, s compensation, t), softmin.wgsl
//   previous   [query rows]                read when relax = 1
//   output     [query rows]
//   mean_cost  [query rows]

struct FinishParams {
  query_rows: u32,      // queries in this chunk
  splits: u32,
  query_row_base: u32,  // global row of the chunk's first query
  relax: u32,           // 1: relaxed update with `weight`
  eps: f32,
  weight: f32,
  damping: f32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: FinishParams;
@group(0) @binding(1) var<storage, read> state: array<f32>;
@group(0) @binding(2) var<storage, read> previous: array<f32>;
@group(0) @binding(3) var<storage, read_write> output: array<f32>;
@group(0) @binding(4) var<storage, read_write> mean_cost: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let q = id.x;
  if (q >= params.query_rows) {
    return;
  }
  var m = state[4u * q];
  for (var s = 1u; s < params.splits; s++) {
    m = max(m, state[4u * (s * params.query_rows + q)]);
  }
  var total = 0.0;
  var cost = 0.0;
  for (var s = 0u; s < params.splits; s++) {
    let slot = 4u * (s * params.query_rows + q);
    let scale = exp(state[slot] - m);
    total += (state[slot + 1u] - state[slot + 2u]) * scale;
    cost += state[slot + 3u] * scale;
  }
  let j = params.query_row_base + q;
  let f = params.damping * (-params.eps * (m + log(total)));
  if (params.relax == 1u) {
    output[j] = previous[j] + params.weight * (f - previous[j]);
  } else {
    output[j] = f;
  }
  mean_cost[j] = cost / total;
}
