// gram-kernel.wgsl — prelude of the Gram kernels (gram-sums, gram-alignment; before
// gram-tile.wgsl, which defines TILE_ROWS): the kernel of a pair of rows, as
// engine/gram-kernel.ts defines it in float64.
//
// A pair is reduced to one accumulation s over its columns, in ascending column order:
//   squared   s ← s + (q − r)²   gaussian, inverse multiquadric, distance
//   absolute  s ← s + |q − r|    laplacian (L1)
//   product   s ← s + q·r        linear, polynomial
// then s goes through a kernel record of `coefficients` (host/gram-kernel.ts):
//   [terms, a₀, b₀, c₀, a₁, b₁, c₁, …]   one (a, b, c) per bandwidth σ, the terms summed:
//   gaussian, laplacian    exp(a·s)                 a = −1/(2σ²), −1/σ
//   inverse multiquadric   inverseSqrt(1 + a·s)     a = 1/σ²
//   polynomial             (a·s + b)^c              a = 1/σ², b = c₀, c = degree (an integer)
//   linear                 s                        (no terms)
//   distance               sqrt(s)                  (no terms)
//
// Buffers:
//   coefficients  f32: the first kernel's record at 0, a second kernel's at params.second_record

const FORM_GAUSSIAN: u32 = 0u;
const FORM_LAPLACIAN: u32 = 1u;
const FORM_INVERSE_MULTIQUADRIC: u32 = 2u;
const FORM_LINEAR: u32 = 3u;
const FORM_POLYNOMIAL: u32 = 4u;
const FORM_DISTANCE: u32 = 5u;

// The (first) kernel's form; set per pipeline.
override FORM: u32 = FORM_GAUSSIAN;

@group(0) @binding(3) var<storage, read> coefficients: array<f32>;

fn gram_accumulate(form: u32, acc: f32, q: f32, r: f32) -> f32 {
  if (form == FORM_LINEAR || form == FORM_POLYNOMIAL) {
    return acc + q * r;
  }
  let difference = q - r;
  if (form == FORM_LAPLACIAN) {
    return acc + abs(difference);
  }
  return acc + difference * difference;
}

fn integer_power(base: f32, exponent: u32) -> f32 {
  var power = 1.0;
  for (var e = 0u; e < exponent; e++) {
    power *= base;
  }
  return power;
}

// The kernels of a tile's accumulations s[0 … rows), with the record at `record` (terms
// outermost, so each coefficient is read once per tile).
fn gram_values(form: u32, record: u32, s: array<f32, TILE_ROWS>, rows: u32) -> array<f32, TILE_ROWS> {
  var k: array<f32, TILE_ROWS>;
  if (form == FORM_LINEAR) {
    return s;
  }
  if (form == FORM_DISTANCE) {
    for (var r = 0u; r < rows; r++) {
      k[r] = sqrt(s[r]);
    }
    return k;
  }
  let terms = u32(coefficients[record]);
  for (var t = 0u; t < terms; t++) {
    let at = record + 1u + 3u * t;
    let a = coefficients[at];
    if (form == FORM_INVERSE_MULTIQUADRIC) {
      for (var r = 0u; r < rows; r++) {
        k[r] += inverseSqrt(1.0 + a * s[r]);
      }
    } else if (form == FORM_POLYNOMIAL) {
      let b = coefficients[at + 1u];
      let degree = u32(coefficients[at + 2u]);
      for (var r = 0u; r < rows; r++) {
        k[r] += integer_power(a * s[r] + b, degree);
      }
    } else {
      for (var r = 0u; r < rows; r++) {
        k[r] += exp(a * s[r]);
      }
    }
  }
  return k;
}
