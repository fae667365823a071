// softmin.wgsl — the scan of the log-domain Sinkhorn softmin (after metric.wgsl, euclidean).
//
// For query row q of the chunk and split s = workgroup_id.y, over the split's window of
// reference rows J (global index), with C = ‖x_q − y_J‖^p / p (acc = Σ_c (x_c − y_c)² as in
// metric.wgsl; COST_POWER 2: acc/2, 1: sqrt(acc)):
//   v_J = log_weights[J] + (potential[J] − C) / ε
// accumulates the log-sum-exp state (m, s, t) = (max v, Σ e^{v − m}, Σ e^{v − m}·C), one tile
// of TILE_ROWS rows at a time: the tile's largest v first, the sums rescaled by
// e^{m_old − m_new} once if it raised m, then one exponential per row (s compensated,
// Kahan). The state of (s, q) lives in `state` between dispatches (windows, reference
// blocks): the scan's first dispatch starts it at (LOWEST, 0, 0); softmin-finish.wgsl
// merges the splits' states.
//
// One invocation per query row; a workgroup of WORKGROUP_SIZE queries loads each tile of
// TILE_ROWS reference rows × TILE_COLS columns (and the rows' potentials and log-weights)
// once into workgroup memory. The dispatch grid and windows are reference-tile.ts's plan.
//
// Buffers (f32):
//   query        [query block rows × query_stride]    the chunk starts at row query_offset
//   reference    [reference block rows × ref_stride]  block row 0 is global row ref_row_base
//   log_weights  [reference rows]                     log b_J
//   potential    [reference rows]                     g_J
//   state        [splits × query_rows × 4]            (m, s, s compensation, t) of (split, query)

override WORKGROUP_SIZE: u32 = 64u;
override COST_POWER: u32 = 2u;
const TILE_ROWS: u32 = 32u;
const TILE_COLS: u32 = 32u;
// Below every v (v ≥ log-weight floor −1e30 plus a bounded term): e^{LOWEST − v} = 0.
const LOWEST: f32 = -3.0e38;

struct SoftminParams {
  query_rows: u32,      // queries in this chunk
  query_offset: u32,    // first chunk row inside the query block
  query_stride: u32,    // columns of the query matrix
  ref_rows: u32,        // rows of the bound reference block
  ref_stride: u32,      // columns of the reference matrix
  ref_row_base: u32,    // global row index of the block's first row
  split_len: u32,       // reference rows per split
  window_begin: u32,    // scanned rows of each split: [window_begin, window_end)
  window_end: u32,
  col_begin: u32,       // column range [col_begin, col_end) of the cost
  col_end: u32,
  first_dispatch: u32,  // 1: the state starts empty
  inv_eps: f32,         // 1/ε
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: SoftminParams;
@group(0) @binding(1) var<storage, read> query: array<f32>;
@group(0) @binding(2) var<storage, read> reference: array<f32>;
@group(0) @binding(3) var<storage, read> log_weights: array<f32>;
@group(0) @binding(4) var<storage, read> potential: array<f32>;
@group(0) @binding(5) var<storage, read_write> state: array<f32>;

var<workgroup> tile: array<f32, TILE_ROWS * TILE_COLS>;
var<workgroup> tile_potential: array<f32, TILE_ROWS>;
var<workgroup> tile_log_weight: array<f32, TILE_ROWS>;

// The scanned reference rows [begin, end) of split `split` (block-local indices).
fn split_window(split: u32) -> vec2<u32> {
  let split_begin = split * params.split_len;
  let split_end = min(split_begin + params.split_len, params.ref_rows);
  let begin = min(split_begin + params.window_begin, split_end);
  let end = min(split_begin + params.window_end, split_end);
  return vec2<u32>(begin, end);
}

// Squared distances (metric.wgsl's accumulate, ascending columns) of the query row against
// reference rows [row0, row0 + rows) of the block. Uniform control flow only: every lane
// takes part in the tile loads; the first barrier also publishes tile_potential/log_weight.
fn tile_squared_distances(lane: u32, query_start: u32, row0: u32, rows: u32) -> array<f32, TILE_ROWS> {
  var acc: array<f32, TILE_ROWS>;
  var query_values: array<f32, TILE_COLS>;
  for (var col0 = params.col_begin; col0 < params.col_end; col0 += TILE_COLS) {
    let cols = min(TILE_COLS, params.col_end - col0);
    workgroupBarrier();
    for (var e = lane; e < rows * cols; e += WORKGROUP_SIZE) {
      let r = e / cols;
      tile[e] = reference[(row0 + r) * params.ref_stride + col0 + (e - r * cols)];
    }
    workgroupBarrier();
    for (var c = 0u; c < cols; c++) {
      query_values[c] = query[query_start + col0 + c];
    }
    for (var r = 0u; r < rows; r++) {
      var value = acc[r];
      for (var c = 0u; c < cols; c++) {
        value = accumulate(value, query_values[c] - tile[r * cols + c]);
      }
      acc[r] = value;
    }
  }
  return acc;
}

fn transport_cost(acc: f32) -> f32 {
  if (COST_POWER == 1u) {
    return sqrt(acc);
  }
  return 0.5 * acc;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let q = group.x * WORKGROUP_SIZE + lane;
  let row = min(q, params.query_rows - 1u);
  let query_start = (params.query_offset + row) * params.query_stride;
  let slot = 4u * (group.y * params.query_rows + row);

  var m = LOWEST;
  var s = 0.0;
  var s_compensation = 0.0;
  var t = 0.0;
  if (params.first_dispatch == 0u) {
    m = state[slot];
    s = state[slot + 1u];
    s_compensation = state[slot + 2u];
    t = state[slot + 3u];
  }

  let window = split_window(group.y);
  for (var row0 = window.x; row0 < window.y; row0 += TILE_ROWS) {
    let rows = min(TILE_ROWS, window.y - row0);
    workgroupBarrier();  // every lane is done with the previous tile's potentials
    if (lane < rows) {
      let j = params.ref_row_base + row0 + lane;
      tile_potential[lane] = potential[j];
      tile_log_weight[lane] = log_weights[j];
    }
    let acc = tile_squared_distances(lane, query_start, row0, rows);

    var costs: array<f32, TILE_ROWS>;
    var values: array<f32, TILE_ROWS>;
    var tile_max = LOWEST;
    for (var r = 0u; r < rows; r++) {
      let c = transport_cost(acc[r]);
      let v = tile_log_weight[r] + (tile_potential[r] - c) * params.inv_eps;
      costs[r] = c;
      values[r] = v;
      tile_max = max(tile_max, v);
    }
    if (tile_max > m) {
      let scale = exp(m - tile_max);
      s *= scale;
      s_compensation *= scale;
      t *= scale;
      m = tile_max;
    }
    for (var r = 0u; r < rows; r++) {
      let w = exp(values[r] - m);
      let y = w - s_compensation;
      let sum = s + y;
      s_compensation = (sum - s) - y;
      s = sum;
      t += w * costs[r];
    }
  }

  if (q < params.query_rows) {
    state[slot] = m;
    state[slot + 1u] = s;
    state[slot + 2u] = s_compensation;
    state[slot + 3u] = t;
  }
}
