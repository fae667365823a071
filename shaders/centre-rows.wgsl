// centre-rows.wgsl — writes one block of an uploaded matrix from the assembled matrix A:
//   block[i × cols + c] = a[(first_row + i) × cols + c] − (centred ? mean[c] : 0),  i < rows
// first_row = the window's first row in A. Grid-stride loop over the block's elements.
//
// Buffers:
//   a      [assembled rows × cols] f32
//   mean   [cols] f32 (ignored when centred = 0)
//   block  [rows × cols] f32, a block of the resident matrix (host/gpu-matrix.ts)

struct CentreParams {
  rows: u32,
  cols: u32,
  first_row: u32,
  centred: u32,
  invocations: u32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: CentreParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> block: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let elements = params.rows * params.cols;
  for (var e = id.x; e < elements; e += params.invocations) {
    let c = e % params.cols;
    var v = a[params.first_row * params.cols + e];
    if (params.centred != 0u) {
      v = v - mean[c];
    }
    block[e] = v;
  }
}
