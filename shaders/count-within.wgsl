// count-within.wgsl — radius counts (after metric.wgsl, counter-random.wgsl,
// column-space.wgsl and reference-tile.wgsl).
//
// Invocation (query q of the chunk, split s = workgroup_id.y, member m = workgroup_id.z)
// scans its split window (reference-tile.wgsl) in member m's column space and adds
//   #{ j in window : j ≠ q if exclude_self, d_m(q, j) < radii[m, q] }   (inclusive: ≤)
// to counts[m, q], where d_m = reported_distance(acc) is the f32 distance knn-topk/knn-merge
// report for the same pair and space, so a radius read from a knn list counts consistently.
// Splits of one query land in different workgroups: integer atomicAdd, deterministic.
//
// Buffers:
//   radii   [members × query_rows] f32 (rounded by the host so the f32 comparison equals
//           the comparison with the float64 radius)
//   counts  [members × query_rows] atomic u32, zeroed by the host before the first dispatch

@group(0) @binding(5) var<storage, read> radii: array<f32>;
@group(0) @binding(6) var<storage, read_write> counts: array<atomic<u32>>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let q = group.x * WORKGROUP_SIZE + lane;
  let in_chunk = q < params.query_rows;
  let row = min(q, params.query_rows - 1u);
  let member = group.z;
  let space = load_space(params.member_base + member);
  let self_index = params.query_row_base + row;
  let query_row = QueryRow((params.query_offset + row) * params.query_stride, source_row(space, self_index));
  let radius = radii[member * params.query_rows + row];

  var count = 0u;
  let window = split_window(group.y);
  for (var row0 = window.x; row0 < window.y; row0 += TILE_ROWS) {
    let rows = min(TILE_ROWS, window.y - row0);
    var ranks = tile_ranking_values(lane, space, query_row, row0, rows);
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
    atomicAdd(&counts[member * params.query_rows + q], count);
  }
}
