// pair-distances.wgsl — distances of listed (query row, reference row) pairs (after
// metric.wgsl). One invocation per pair p of the chunk, i = p / width:
//   distances[p] = reported_distance(acc over columns [col_begin, col_end) of query row i
//            minus reference row indices[p])
// the same f32 value knn-topk/knn-merge and count-within compute for that pair.
// References may span several blocks: a dispatch binds one block and writes only the
// pairs whose reference row lies in [ref_row_base, ref_row_base + ref_rows).
//
// Buffers:
//   query      [query block rows × query_stride] f32, chunk row 0 at row query_offset
//   reference  [reference block rows × ref_stride] f32
//   indices    [pairs] u32 global reference rows, row-major (chunk rows × width)
//   distances        [pairs] f32

struct PairParams {
  pairs: u32,
  width: u32,
  query_offset: u32,
  query_stride: u32,
  ref_rows: u32,
  ref_stride: u32,
  ref_row_base: u32,
  col_begin: u32,
  col_end: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: PairParams;
@group(0) @binding(1) var<storage, read> query: array<f32>;
@group(0) @binding(2) var<storage, read> reference: array<f32>;
@group(0) @binding(3) var<storage, read> indices: array<u32>;
@group(0) @binding(4) var<storage, read_write> distances: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let p = id.x;
  if (p >= params.pairs) {
    return;
  }
  let j = indices[p];
  if (j < params.ref_row_base || j - params.ref_row_base >= params.ref_rows) {
    return;
  }
  let query_start = (params.query_offset + p / params.width) * params.query_stride;
  let reference_start = (j - params.ref_row_base) * params.ref_stride;
  var acc = 0.0;
  for (var c = params.col_begin; c < params.col_end; c++) {
    acc = accumulate(acc, query[query_start + c] - reference[reference_start + c]);
  }
  distances[p] = reported_distance(acc);
}
