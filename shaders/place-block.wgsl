// place-block.wgsl — copies one sample (a GPU input or a staged host sample) into the
// assembled matrix A of a device upload, counting its non-finite values:
//   a[(row_start + i) × a_cols + col_start + c] = source[source_offset + i × cols + c]
//   flags[slot] += #{ (i, c) : source value is NaN or ±Inf }   (exponent bits all ones)
// i < rows, c < cols. Grid-stride loop: invocation g handles elements g, g + invocations, …
//
// Buffers:
//   source  f32, the sample row-major from element source_offset (the app's buffer, read only)
//   a       [assembled rows × a_cols] f32
//   flags   [blocks] u32 (atomic), cleared before the step

struct PlaceParams {
  rows: u32,
  cols: u32,
  source_offset: u32,
  row_start: u32,
  col_start: u32,
  a_cols: u32,
  slot: u32,
  invocations: u32,
}

@group(0) @binding(0) var<uniform> params: PlaceParams;
@group(0) @binding(1) var<storage, read> source: array<f32>;
@group(0) @binding(2) var<storage, read_write> a: array<f32>;
@group(0) @binding(3) var<storage, read_write> flags: array<atomic<u32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let elements = params.rows * params.cols;
  var bad = 0u;
  for (var e = id.x; e < elements; e += params.invocations) {
    let i = e / params.cols;
    let c = e - i * params.cols;
    let v = source[params.source_offset + e];
    if ((bitcast<u32>(v) & 0x7f800000u) == 0x7f800000u) {
      bad += 1u;
    }
    a[(params.row_start + i) * params.a_cols + params.col_start + c] = v;
  }
  if (bad > 0u) {
    atomicAdd(&flags[params.slot], bad);
  }
}
