// gram-tile.wgsl — prelude of the Gram kernels (after gram-kernel.wgsl): the parameters,
// the query/reference/sums bindings, the tiled scan that evaluates k(q, r) against a tile
// of reference rows, and compensated f32 sums.
//
// The tiling is reference-tile.wgsl's: one invocation per query row; a workgroup of
// WORKGROUP_SIZE queries loads each tile of TILE_ROWS reference rows × TILE_COLS columns
// once into workgroup memory. A dispatch is a grid (query chunk / WORKGROUP_SIZE) × splits:
// split s = workgroup_id.y owns rows [s·split_len, (s+1)·split_len) of the bound reference
// block, of which this dispatch scans [window_begin, window_end) (relative to the split).
// A pass handles `count` ≤ WEIGHT_BATCH weight vectors or permutations, each invocation
// keeping one compensated sum per vector.
//
// Sums are f32 (sum, compensation) pairs (Kahan; value = sum − compensation), one per
// output slot, written by the scan's first dispatch and updated by later ones (the same
// slot in a later dispatch: a fixed order, no atomics); the host adds them in float64.
//
// Buffers (f32, row-major):
//   query      [query block rows × query_stride]     the chunk starts at row query_offset
//   reference  [reference block rows × ref_stride]   block row 0 is global row ref_row_base
//   sums       [slots × 2]                            (sum, compensation), slots defined by the kernel

// Queries per workgroup (a power of two); set by the host (host/reference-tile.ts).
override WORKGROUP_SIZE: u32 = 64u;
const TILE_ROWS: u32 = 32u;
const TILE_COLS: u32 = 32u;

#if WEIGHTS_32
const WEIGHT_BATCH: u32 = 32u;
#elif WEIGHTS_4
const WEIGHT_BATCH: u32 = 4u;
#else
const WEIGHT_BATCH: u32 = 1u;
#endif

struct GramParams {
  query_rows: u32,        // queries in this chunk
  query_offset: u32,      // first chunk row inside the query block
  query_stride: u32,      // columns of the query matrix
  query_row_base: u32,    // global row index of the chunk's first query
  ref_rows: u32,          // rows of the bound reference block
  ref_stride: u32,        // columns of the reference matrix
  ref_row_base: u32,      // global row index of the block's first row
  split_len: u32,         // reference rows per split
  window_begin: u32,      // scanned rows of each split: [window_begin, window_end)
  window_end: u32,
  col_begin: u32,         // column range [col_begin, col_end) of the (first) kernel
  col_end: u32,
  exclude_diagonal: u32,  // 1: skip the pair global reference row == global query row
  first_dispatch: u32,    // 1: the scan's first dispatch (its sums start from 0)
  count: u32,             // weight vectors or permutations in this pass (≤ WEIGHT_BATCH)
  query_total: u32,       // rows of the whole query matrix
  ref_total: u32,         // rows of the whole reference matrix
  groups: u32,            // workgroups along x
  second_stride: u32,     // gram-alignment: columns of the second matrix
  second_record: u32,     // gram-alignment: the second kernel's record in `coefficients`
}

@group(0) @binding(0) var<uniform> params: GramParams;
@group(0) @binding(1) var<storage, read> query: array<f32>;
@group(0) @binding(2) var<storage, read> reference: array<f32>;
@group(0) @binding(4) var<storage, read_write> sums: array<f32>;

// Rows × columns of the current tile, packed with row stride `cols`.
var<workgroup> tile: array<f32, TILE_ROWS * TILE_COLS>;
var<workgroup> lane_totals: array<f32, WORKGROUP_SIZE>;

// The scanned reference rows [begin, end) of split `split` (block-local indices).
fn split_window(split: u32) -> vec2<u32> {
  let split_begin = split * params.split_len;
  let split_end = min(split_begin + params.split_len, params.ref_rows);
  let begin = min(split_begin + params.window_begin, split_end);
  let end = min(split_begin + params.window_end, split_end);
  return vec2<u32>(begin, end);
}

// k(query row, reference row) (kernel FORM, record 0) for reference rows [row0, row0 + rows)
// of the bound block, over columns [col_begin, col_end). Uniform control flow only (every
// lane, same row0 and rows): it synchronises on the tile.
fn gram_tile_values(lane: u32, query_start: u32, row0: u32, rows: u32) -> array<f32, TILE_ROWS> {
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
        value = gram_accumulate(FORM, value, query_values[c], tile[r * cols + c]);
      }
      acc[r] = value;
    }
  }
  return gram_values(FORM, 0u, acc, rows);
}

// The tile's values with the pair (i, i) set to 0 when the diagonal is excluded.
fn without_diagonal(values: array<f32, TILE_ROWS>, self_index: u32, row0: u32, rows: u32) -> array<f32, TILE_ROWS> {
  var out = values;
  let first = params.ref_row_base + row0;
  if (params.exclude_diagonal != 0u && self_index >= first && self_index < first + rows) {
    out[self_index - first] = 0.0;
  }
  return out;
}

struct Compensated {
  sum: f32,
  compensation: f32,
}

fn compensated_add(c: Compensated, x: f32) -> Compensated {
  let y = x - c.compensation;
  let t = c.sum + y;
  return Compensated(t, (t - c.sum) - y);
}

fn compensated_value(c: Compensated) -> f32 {
  return c.sum - c.compensation;
}

// sums[slot] += value (overwritten by the scan's first dispatch).
fn add_to_slot(slot: u32, value: f32) {
  var c = Compensated(0.0, 0.0);
  if (params.first_dispatch == 0u) {
    c = Compensated(sums[2u * slot], sums[2u * slot + 1u]);
  }
  c = compensated_add(c, value);
  sums[2u * slot] = c.sum;
  sums[2u * slot + 1u] = c.compensation;
}

// The workgroup's Σ of `value` (a fixed-order tree over the lanes), added by lane 0 into
// `slot`. Uniform control flow only.
fn add_workgroup_total(lane: u32, slot: u32, value: f32) {
  workgroupBarrier();
  lane_totals[lane] = value;
  workgroupBarrier();
  for (var stride = WORKGROUP_SIZE / 2u; stride > 0u; stride /= 2u) {
    if (lane < stride) {
      lane_totals[lane] += lane_totals[lane + stride];
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    add_to_slot(slot, lane_totals[0]);
  }
}
