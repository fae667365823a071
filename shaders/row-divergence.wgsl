// row-divergence.wgsl — one divergence between two discrete distributions per row.
// One workgroup of 256 invocations per row r of a chunk; each invocation strides over
// the vocabulary j = lid, lid + 256, … < width; results are merged by a tree reduction
// in workgroup memory (fixed order: deterministic).
//
// Input rows are logits already divided by the temperature and shifted by their row
// maximum on the host (float64), or probabilities. For logits, pass 1 finds
//   LSE_p = log Σ_j e^{p_j} as a (max, sum) pair merged across invocations,
// then lp_j = p_j − LSE_p. For probabilities lp_j = log p_j (p_j = 0 contributes no term).
//
// Pass 2 accumulates, by `measure` (a zero probability can only come from a probability
// input: logits give every entry a finite log-probability):
//   0 kl        Σ p (lp − lq)              1 reverse-kl  Σ q (lq − lp)
//   2 js        ½ Σ [p (lp − lm) + q (lq − lm)], lm = log ½(p + q)
//   3 tv        ½ Σ |p − q|                4 hellinger   Σ √(p q)   (host: 1 − Σ)
//   5 α-family  log Σ exp(α lp + (1 − α) lq) as a (max, sum) pair (host: Rényi, Tsallis, Amari)
//   6 cross-entropy  −Σ p lq
// Additive sums are Kahan-compensated per invocation. A term that is +∞ (p > 0 where
// q = 0 in kl / cross-entropy; q > 0 where p = 0 in reverse-kl; the α family with
// p^α q^{1−α} = ∞) sets the row's infinity flag instead of entering the sum.
//
// Buffers:
//   p, q   [chunk rows × width] f32 row-major
//   out    [chunk rows × 2] f32: (sum or log-integral, flag): flag 1 when a term was +∞,
//          2 when the α family's integral has no positive term (its log is −∞), else 0
// (workgroup memory starts zeroed, so the infinity flag needs no reset).

struct RowParams {
  rows: u32,
  width: u32,
  measure: u32,
  logits: u32,
  alpha: f32,
  _pad0: u32,
  _pad1: u32,
  _pad2: u32,
}

@group(0) @binding(0) var<uniform> params: RowParams;
@group(0) @binding(1) var<storage, read> p_rows: array<f32>;
@group(0) @binding(2) var<storage, read> q_rows: array<f32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;

const WG: u32 = 256u;
const LN2: f32 = 0.6931471805599453;
var<workgroup> red_a: array<f32, 256>;
var<workgroup> red_b: array<f32, 256>;
var<workgroup> red_c: array<f32, 256>;
var<workgroup> red_d: array<f32, 256>;
var<workgroup> infinite: atomic<u32>;

// (max, sum) of exponentials: merge (m1, s1) and (m2, s2).
fn merge_lse(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  if (a.y == 0.0) { return b; }
  if (b.y == 0.0) { return a; }
  let m = max(a.x, b.x);
  return vec2<f32>(m, a.y * exp(a.x - m) + b.y * exp(b.x - m));
}

fn push_lse(acc: vec2<f32>, t: f32) -> vec2<f32> {
  return merge_lse(acc, vec2<f32>(t, 1.0));
}

// Tree-reduces the (max, sum) pairs in red_a/red_b and red_c/red_d; every invocation returns the totals.
fn reduce_lse_pairs(lid: u32, a: vec2<f32>, c: vec2<f32>) -> vec4<f32> {
  red_a[lid] = a.x; red_b[lid] = a.y; red_c[lid] = c.x; red_d[lid] = c.y;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) {
      let x = merge_lse(vec2<f32>(red_a[lid], red_b[lid]), vec2<f32>(red_a[lid + stride], red_b[lid + stride]));
      let y = merge_lse(vec2<f32>(red_c[lid], red_d[lid]), vec2<f32>(red_c[lid + stride], red_d[lid + stride]));
      red_a[lid] = x.x; red_b[lid] = x.y; red_c[lid] = y.x; red_d[lid] = y.y;
    }
    workgroupBarrier();
  }
  let result = vec4<f32>(red_a[0], red_b[0], red_c[0], red_d[0]);
  workgroupBarrier();
  return result;
}

fn reduce_sum(lid: u32, value: f32) -> f32 {
  red_a[lid] = value;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride = stride / 2u) {
    if (lid < stride) { red_a[lid] = red_a[lid] + red_a[lid + stride]; }
    workgroupBarrier();
  }
  return red_a[0];
}

@compute @workgroup_size(256)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  let row = wg.x;
  let lid = local.x;
  let base = row * params.width;
  let inside = row < params.rows;

  // Pass 1: log-normalisers of logits.
  var lse = vec2<f32>(0.0, 0.0);
  if (params.logits == 1u) {
    var ap = vec2<f32>(0.0, 0.0);
    var aq = vec2<f32>(0.0, 0.0);
    if (inside) {
      for (var j = lid; j < params.width; j += WG) {
        ap = push_lse(ap, p_rows[base + j]);
        aq = push_lse(aq, q_rows[base + j]);
      }
    }
    let totals = reduce_lse_pairs(lid, ap, aq);
    lse = vec2<f32>(totals.x + log(totals.y), totals.z + log(totals.w));
  }

  // Pass 2: the measure's terms.
  var sum = 0.0;
  var compensation = 0.0;
  var alpha_acc = vec2<f32>(0.0, 0.0);
  var saw_infinity = false;
  if (inside) {
    for (var j = lid; j < params.width; j += WG) {
      var p = p_rows[base + j];
      var q = q_rows[base + j];
      // has_p: p is a positive probability. Logits always are (lp is finite, even where
      // exp(lp) underflows in f32); a probability input of exactly 0 is not.
      var lp = 0.0;
      var lq = 0.0;
      var has_p = true;
      var has_q = true;
      if (params.logits == 1u) {
        lp = p - lse.x;
        lq = q - lse.y;
        p = exp(lp);
        q = exp(lq);
      } else {
        has_p = p > 0.0;
        has_q = q > 0.0;
        if (has_p) { lp = log(p); }
        if (has_q) { lq = log(q); }
      }
      var term = 0.0;
      switch params.measure {
        case 0u: { if (has_p) { if (has_q) { term = p * (lp - lq); } else { saw_infinity = true; } } }
        case 1u: { if (has_q) { if (has_p) { term = q * (lq - lp); } else { saw_infinity = true; } } }
        case 2u: {
          // lm = log ½(p + q) in log space; with one of p, q zero, m is half the other.
          if (has_p && has_q) {
            let lm = max(lp, lq) + log(1.0 + exp(-abs(lp - lq))) - LN2;
            term = 0.5 * (p * (lp - lm) + q * (lq - lm));
          } else {
            term = 0.5 * (p + q) * LN2;
          }
        }
        case 3u: { term = 0.5 * abs(p - q); }
        case 4u: { if (has_p && has_q) { term = exp(0.5 * (lp + lq)); } }
        case 5u: {
          let a = params.alpha;
          if (has_p && has_q) {
            alpha_acc = push_lse(alpha_acc, a * lp + (1.0 - a) * lq);
          } else if (has_p && a > 1.0) {
            saw_infinity = true;
          }
        }
        default: { if (has_p) { if (has_q) { term = -p * lq; } else { saw_infinity = true; } } }
      }
      // Kahan: sum += term with the lost low-order part carried in `compensation`.
      let y = term - compensation;
      let t = sum + y;
      compensation = (t - sum) - y;
      sum = t;
    }
  }
  if (saw_infinity) { atomicStore(&infinite, 1u); }
  var value = 0.0;
  var empty = false;
  if (params.measure == 5u) {
    let totals = reduce_lse_pairs(lid, alpha_acc, vec2<f32>(0.0, 0.0));
    empty = totals.y == 0.0;
    if (!empty) { value = totals.x + log(totals.y); }
  } else {
    value = reduce_sum(lid, sum);
  }
  workgroupBarrier();
  if (lid == 0u && inside) {
    out[2u * row] = value;
    var flag = f32(atomicLoad(&infinite));
    if (flag == 0.0 && empty) { flag = 2.0; }
    out[2u * row + 1u] = flag;
  }
}
