// knn-topk.wgsl — partial k-nearest-neighbour lists (after metric.wgsl, neighbour-list.wgsl,
// counter-random.wgsl, column-space.wgsl and reference-tile.wgsl).
//
// Invocation (query q of the chunk, split s = workgroup_id.y, member m = workgroup_id.z)
// scans the reference rows of its split window in ascending order (reference-tile.wgsl)
// in member m's column space and keeps the L = list_length entries with the smallest
// ranking values:
//   list(m, s, q) ← L smallest of list(m, s, q) ∪ { (acc_m(q, j), j) : j in window, j ≠ q if
//                   exclude_self, (acc, j) after floors[m, q] if has_floor }
// ordered by (rank, index) (neighbour-list.wgsl). Across dispatches a split's rows arrive
// in ascending global index (windows, then reference blocks, in order), so each list
// stays sorted; knn-merge.wgsl merges the splits' lists.
//
// Buffers:
//   lists   [members × splits × query_rows × L] Entry, read and rewritten by every dispatch
//           (fresh_lists = 1: start from empty lists instead of reading them)
//   floors  [members × query_rows] Entry, the last entry of the previous pass (has_floor = 1)

@group(0) @binding(5) var<storage, read_write> lists: array<Entry>;
@group(0) @binding(6) var<storage, read> floors: array<Entry>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let q = group.x * WORKGROUP_SIZE + lane;
  let in_chunk = q < params.query_rows;
  // Lanes past the chunk's end compute on its last row (keeps the tile loop uniform) and write nothing.
  let row = min(q, params.query_rows - 1u);
  let member = group.z;
  let space = load_space(params.member_base + member);
  let self_index = params.query_row_base + row;
  let query_row = QueryRow((params.query_offset + row) * params.query_stride, source_row(space, self_index));
  let list_length = params.list_length;
  let list_start = ((member * params.splits + group.y) * params.query_rows + row) * list_length;

  var list = empty_list();
  if (params.fresh_lists == 0u) {
    for (var t = 0u; t < list_length; t++) {
      let entry = lists[list_start + t];
      list.rank[t] = entry.rank;
      list.index[t] = entry.index;
    }
  }
  var after_entry = Entry(-1.0, 0u);
  if (params.has_floor != 0u) {
    after_entry = floors[member * params.query_rows + row];
  }

  let window = split_window(group.y);
  for (var row0 = window.x; row0 < window.y; row0 += TILE_ROWS) {
    let rows = min(TILE_ROWS, window.y - row0);
    var ranks = tile_ranking_values(lane, space, query_row, row0, rows);
    for (var r = 0u; r < rows; r++) {
      let j = params.ref_row_base + row0 + r;
      if (params.exclude_self != 0u && j == self_index) {
        continue;
      }
      if (!precedes(after_entry.rank, after_entry.index, ranks[r], j)) {
        continue;
      }
      insert_entry(&list, list_length, ranks[r], j);
    }
  }

  if (in_chunk) {
    for (var t = 0u; t < list_length; t++) {
      lists[list_start + t] = Entry(list.rank[t], list.index[t]);
    }
  }
}
