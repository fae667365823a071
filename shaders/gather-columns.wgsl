// gather-columns.wgsl — copies columns [col_begin, col_begin + width) of one matrix block
// into a compact buffer holding those columns of every row of the matrix:
//   out[(row_base + i) × width + c] = block[i × stride + col_begin + c],  i < rows, c < width
// Used when a permuted column space must read row σ(j) of a matrix cut into several
// blocks (σ(j) may lie in any block; column-space.wgsl reads `mapped` = out).
// Grid-stride loop: invocation g handles elements g, g + invocations, …
//
// Buffers:
//   block  [rows × stride] f32, block row 0 is global row row_base
//   out    [matrix rows × width] f32

struct GatherParams {
  rows: u32,
  stride: u32,
  row_base: u32,
  col_begin: u32,
  width: u32,
  invocations: u32,
  _pad0: u32,
  _pad1: u32,
}

@group(0) @binding(0) var<uniform> params: GatherParams;
@group(0) @binding(1) var<storage, read> block: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let elements = params.rows * params.width;
  for (var e = id.x; e < elements; e += params.invocations) {
    let i = e / params.width;
    let c = e - i * params.width;
    out[(params.row_base + i) * params.width + c] = block[i * params.stride + params.col_begin + c];
  }
}
