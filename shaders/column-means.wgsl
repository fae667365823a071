// column-means.wgsl — the mean of every column of A (the assembled matrix of a device
// upload), in f32: one workgroup per column c = col_base + workgroup_id.x;
//   thread t sums rows t, t + 256, … with Kahan compensation (s, comp),
//   the 256 partial sums are added pairwise (a tree, log2 256 = 8 levels),
//   mean[c] = Σ / rows.
// Error: each partial sum carries O(ε) relative error (compensated), the tree adds
// O(ε·log 256), so |mean − exact| ≲ 10·ε·mean|a| with ε = 2⁻²⁴ — below the f32 spacing of the
// inputs themselves, which is all f32 data can resolve.
//
// Buffers:
//   a     [rows × cols] f32
//   mean  [cols] f32

struct MeanParams {
  rows: u32,
  cols: u32,
  col_base: u32,
  _pad0: u32,
}

@group(0) @binding(0) var<uniform> params: MeanParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;

var<workgroup> partial: array<f32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let c = params.col_base + group.x;
  var s = 0.0;
  var comp = 0.0;
  if (c < params.cols) {
    for (var i = t; i < params.rows; i += 256u) {
      let y = a[i * params.cols + c] - comp;
      let next = s + y;
      comp = (next - s) - y;
      s = next;
    }
  }
  partial[t] = s;
  workgroupBarrier();
  for (var width = 128u; width > 0u; width = width >> 1u) {
    if (t < width) {
      partial[t] = partial[t] + partial[t + width];
    }
    workgroupBarrier();
  }
  if (t == 0u && c < params.cols) {
    mean[c] = partial[0] / f32(params.rows);
  }
}
