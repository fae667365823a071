// column-extents.wgsl — the smallest and largest value of every column of one block of a
// resident matrix: one workgroup per column c = col_base + workgroup_id.x, 256 threads
// over rows t, t + 256, …, then a tree reduction of (min, max) in workgroup memory.
//   out[(slot × cols + c) × 2]     = min_i block[i, c]
//   out[(slot × cols + c) × 2 + 1] = max_i block[i, c]
// Exact (min and max round nothing). Used for the data diameter of Sinkhorn's ε schedule.
//
// Buffers:
//   block  [rows × cols] f32
//   out    [blocks × cols × 2] f32

struct ExtentParams {
  rows: u32,
  cols: u32,
  col_base: u32,
  slot: u32,
}

@group(0) @binding(0) var<uniform> params: ExtentParams;
@group(0) @binding(1) var<storage, read> block: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

var<workgroup> lo: array<f32, 256>;
var<workgroup> hi: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let c = params.col_base + group.x;
  var a = 3.0e38;
  var b = -3.0e38;
  if (c < params.cols) {
    for (var i = t; i < params.rows; i += 256u) {
      let v = block[i * params.cols + c];
      a = min(a, v);
      b = max(b, v);
    }
  }
  lo[t] = a;
  hi[t] = b;
  workgroupBarrier();
  for (var width = 128u; width > 0u; width = width >> 1u) {
    if (t < width) {
      lo[t] = min(lo[t], lo[t + width]);
      hi[t] = max(hi[t], hi[t + width]);
    }
    workgroupBarrier();
  }
  if (t == 0u && c < params.cols) {
    out[(params.slot * params.cols + c) * 2u] = lo[0];
    out[(params.slot * params.cols + c) * 2u + 1u] = hi[0];
  }
}
