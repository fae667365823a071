// knn-merge.wgsl — merges the per-split lists of knn-topk into the final neighbour
// lists of one pass (after metric.wgsl and neighbour-list.wgsl). One invocation per
// query q (x) and batch member m (y):
//   best ← the L smallest (rank, index) of ∪_s lists(m, s, q)     (L = list_length)
//   neighbours[m, q, column_offset + t] = (reported_distance(best_t.rank), best_t.index), t < L
//   floors[m, q] = best_{L−1}   (the next pass continues strictly after it)
// Each split's list is sorted, so its scan stops at the first entry that does not enter.
//
// Buffers:
//   lists   [members × splits × query_rows × L] Entry (rank = ranking value)
//   neighbours  [members × query_rows × k] Entry (rank = reported distance), k = all passes' columns
//   floors  [members × query_rows] Entry

struct MergeParams {
  query_rows: u32,
  splits: u32,
  list_length: u32,
  k: u32,
  column_offset: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: MergeParams;
@group(0) @binding(1) var<storage, read> lists: array<Entry>;
@group(0) @binding(2) var<storage, read_write> neighbours: array<Entry>;
@group(0) @binding(3) var<storage, read_write> floors: array<Entry>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let q = id.x;
  if (q >= params.query_rows) {
    return;
  }
  let member_row = id.y * params.query_rows + q;
  let list_length = params.list_length;
  var best = empty_list();
  for (var s = 0u; s < params.splits; s++) {
    let start = ((id.y * params.splits + s) * params.query_rows + q) * list_length;
    for (var t = 0u; t < list_length; t++) {
      let entry = lists[start + t];
      if (!insert_entry(&best, list_length, entry.rank, entry.index)) {
        break;
      }
    }
  }
  let neighbours_start = member_row * params.k + params.column_offset;
  for (var t = 0u; t < list_length; t++) {
    neighbours[neighbours_start + t] = Entry(reported_distance(best.rank[t]), best.index[t]);
  }
  floors[member_row] = Entry(best.rank[list_length - 1u], best.index[list_length - 1u]);
}
