// count-within.wgsl — radius counts (after metric.wgsl and reference-tile.wgsl).
//
// Invocation (query q of the chunk, split s = workgroup_id.y) scans its split window
// (reference-tile.wgsl) and adds
//   #{ j in window : j ≠ q if exclude_self, d(q, j) < radii[q] }   (inclusive: ≤)
// to counts[q], where d = reported_distance(acc) is the f32 distance knn-topk/knn-merge
// report for the same pair, so a radius read from a knn list counts consistently.
// Splits of one query land in different workgroups: integer atomicAdd, deterministic.
//
// Buffers:
//   radii   [query_rows] f32 (rounded by the host so the f32 comparison equals the
//           comparison with the float64 radius)
//   counts  [query_rows] atomic u32, zeroed by the host before the first dispatch

@group(0) @binding(3) var<storage, read> radii: array<f32>;
@group(0) @binding(4) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let q = group.x * WORKGROUP_SIZE + lane;
  let in_chunk = q < params.query_rows;
  let row = min(q, params.query_rows - 1u);
  let query_start = (params.query_offset + row) * params.query_stride;
  let self_index = params.query_row_base + row;
  let radius = radii[row];

  var count = 0u;
  let window = split_window(group.y);
  for (var row0 = window.x; row0 < window.y; row0 += TILE_ROWS) {
    let rows = min(TILE_ROWS, window.y - row0);
    var ranks = tile_ranking_values(lane, query_start, row0, rows);
    for (var r = 0u; r < rows; r++) {
      let j = params.ref_row_base + row0 + r;
      if (params.exclude_self != 0u && j == self_index) {
        continue;
      }
      let d = reported_distance(ranks[r]);
      if (d < radius || (params.inclusive != 0u && d == radius)) {
        count++;
      }
    }
  }

  if (in_chunk && count > 0u) {
    atomicAdd(&counts[q], count);
  }
}
