// pair-distances.wgsl — distances of listed (query row, reference row) pairs (after
// metric.wgsl, counter-random.wgsl and column-space.wgsl). One invocation per pair p of
// the chunk (x) and batch member m (y), i = p / width:
//   distances[m, p] = reported_distance(acc over the ranges of space member_base + m, in
//            order, of value(query row i) − value(reference row indices[m, p]))
// (values as column-space.wgsl reads them), the same f32 value knn-topk/knn-merge and
// count-within compute for that pair and space.
// References may span several blocks: a dispatch binds one block and writes only the
// pairs whose reference row lies in [ref_row_base, ref_row_base + ref_rows).
//
// Buffers:
//   query      [query block rows × query_stride] f32, chunk row 0 at row query_offset
//   reference  [reference block rows × ref_stride] f32
//   indices    [members × pairs] u32 global reference rows, row-major (chunk rows × width)
//   distances  [members × pairs] f32

struct PairParams {
  pairs: u32,
  width: u32,
  query_offset: u32,
  query_stride: u32,
  ref_rows: u32,
  ref_stride: u32,
  ref_row_base: u32,
  query_row_base: u32,  // global row index of the chunk's first query
  member_base: u32,     // space of member m = spaces entry member_base + m
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: PairParams;
@group(0) @binding(1) var<storage, read> query: array<f32>;
@group(0) @binding(2) var<storage, read> reference: array<f32>;
@group(0) @binding(5) var<storage, read> indices: array<u32>;
@group(0) @binding(6) var<storage, read_write> distances: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let p = id.x;
  if (p >= params.pairs) {
    return;
  }
  let e = id.y * params.pairs + p;
  let j = indices[e];
  if (j < params.ref_row_base || j - params.ref_row_base >= params.ref_rows) {
    return;
  }
  let space = load_space(params.member_base + id.y);
  let row = p / params.width;
  let query_start = (params.query_offset + row) * params.query_stride;
  let reference_start = (j - params.ref_row_base) * params.ref_stride;
  let query_source = source_row(space, params.query_row_base + row);
  let reference_source = source_row(space, j);
  var acc = 0.0;
  for (var t = 0u; t < space.range_count; t++) {
    let range = space_range(space, t);
    for (var c = range.x; c < range.y; c++) {
      var a = query[query_start + c];
      var b = reference[reference_start + c];
      if (is_permuted(space, c)) {
        a = mapped_value(query_source, c);
        b = mapped_value(reference_source, c);
      }
      acc = accumulate(acc, a - b);
    }
  }
  distances[e] = reported_distance(acc);
}
