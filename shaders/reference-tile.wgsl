// reference-tile.wgsl — prelude shared by knn-topk and count-within (after metric.wgsl,
// counter-random.wgsl and column-space.wgsl): the parameters, the query/reference
// bindings and the tiled scan of reference rows.
//
// One invocation per query row; a workgroup of WORKGROUP_SIZE queries shares each tile
// of TILE_ROWS reference rows × TILE_COLS columns, loaded once into workgroup memory.
// A dispatch is a grid (query chunk / WORKGROUP_SIZE) × splits × members: split s =
// workgroup_id.y owns reference rows [s·split_len, (s+1)·split_len) of the bound block,
// of which this dispatch scans the window [window_begin, window_end) (relative to the
// split's start); member m = workgroup_id.z measures in column space member_base + m
// (column-space.wgsl): its columns in order (ranges in order, ascending within each),
// TILE_COLS at a time across range boundaries, its permuted columns read at row σ(j)
// (σ of a tile's rows evaluated once per tile, by its lanes).
//
// Buffers (f32, row-major):
//   query      [query block rows × query_stride]     the chunk starts at row query_offset
//   reference  [reference block rows × ref_stride]   block row 0 is global row ref_row_base

// Queries per workgroup; set by the host (host/reference-tile.ts).
override WORKGROUP_SIZE: u32 = 64u;
const TILE_ROWS: u32 = 32u;
const TILE_COLS: u32 = 32u;

struct TileParams {
  query_rows: u32,      // queries in this chunk
  query_offset: u32,    // first chunk row inside the query buffer
  query_stride: u32,    // columns of the query matrix
  query_row_base: u32,  // global row index of the chunk's first query
  ref_rows: u32,        // rows of the bound reference block
  ref_stride: u32,      // columns of the reference matrix
  ref_row_base: u32,    // global row index of the block's first row
  split_len: u32,       // reference rows per split
  window_begin: u32,    // scanned rows of each split: [window_begin, window_end)
  window_end: u32,
  splits: u32,          // workgroups along y
  member_base: u32,     // space of member m = spaces entry member_base + m
  exclude_self: u32,    // 1: skip global reference row == global query row
  list_length: u32,     // knn-topk: entries per list in this pass
  fresh_lists: u32,     // knn-topk: 1 = lists start empty (first window of the first block)
  has_floor: u32,       // knn-topk: 1 = only candidates after floors[q] (pass > 0)
  inclusive: u32,       // count-within: 1 = count d ≤ r, 0 = d < r
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: TileParams;
@group(0) @binding(1) var<storage, read> query: array<f32>;
@group(0) @binding(2) var<storage, read> reference: array<f32>;

// Reference rows × space columns [f0, f0 + cols) of the current tile, packed with row stride `cols`.
var<workgroup> tile: array<f32, TILE_ROWS * TILE_COLS>;
// σ(j) of the tile's rows (global indices), when the member's space permutes rows.
var<workgroup> tile_sources: array<u32, TILE_ROWS>;

// The scanned reference rows [begin, end) of split `split` (block-local indices).
fn split_window(split: u32) -> vec2<u32> {
  let split_begin = split * params.split_len;
  let split_end = min(split_begin + params.split_len, params.ref_rows);
  let begin = min(split_begin + params.window_begin, split_end);
  let end = min(split_begin + params.window_end, split_end);
  return vec2<u32>(begin, end);
}

fn load_tile(lane: u32, space: ColumnSpace, row0: u32, rows: u32, f0: u32, cols: u32) {
  workgroupBarrier();
  for (var e = lane; e < rows * cols; e += WORKGROUP_SIZE) {
    let r = e / cols;
    let col = space_column(space, f0 + e - r * cols);
    if (is_permuted(space, col)) {
      tile[e] = mapped_value(tile_sources[r], col);
    } else {
      tile[e] = reference[(row0 + r) * params.ref_stride + col];
    }
  }
  workgroupBarrier();
}

// The query row as the scan reads it: its start in the query block and its source row σ(i).
struct QueryRow {
  start: u32,
  source: u32,
}

fn query_value(space: ColumnSpace, q: QueryRow, col: u32) -> f32 {
  if (is_permuted(space, col)) {
    return mapped_value(q.source, col);
  }
  return query[q.start + col];
}

// Ranking values (metric.wgsl) of one query row against reference rows [row0, row0 + rows)
// in `space`, accumulated over its columns in order (ranges in order, ascending within
// each). Must be called in uniform control flow (every lane of the workgroup, same row0,
// rows and space): it synchronises on the tile.
fn tile_ranking_values(lane: u32, space: ColumnSpace, q: QueryRow, row0: u32, rows: u32) -> array<f32, TILE_ROWS> {
  var acc: array<f32, TILE_ROWS>;
  var query_values: array<f32, TILE_COLS>;
  if (has_permutation(space)) {
    // The previous tile's readers are past its second barrier; load_tile's first publishes these.
    for (var r = lane; r < rows; r += WORKGROUP_SIZE) {
      tile_sources[r] = permuted_row(space.perm, params.ref_row_base + row0 + r);
    }
  }
  let width = space_width(space);
  for (var f0 = 0u; f0 < width; f0 += TILE_COLS) {
    let cols = min(TILE_COLS, width - f0);
    load_tile(lane, space, row0, rows, f0, cols);
    for (var c = 0u; c < cols; c++) {
      query_values[c] = query_value(space, q, space_column(space, f0 + c));
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
