// counter-random.wgsl — prelude: the counter-based generator of engine/random.ts and the
// seeded row permutation of engine/random-permutation.ts, bit for bit (u32 arithmetic,
// every + is mod 2³²), so a seed gives the same draws in TypeScript and in a kernel.
//
// Threefry-2x32-20 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011)
// of block (c0, c1) under key (k0, k1):
//   ks = (k0, k1, 0x1BD11BDA ⊕ k0 ⊕ k1),  (x0, x1) = (c0 + ks0, c1 + ks1)
//   round r = 0 … 19:  x0 ← x0 + x1;  x1 ← rotl(x1, R[r mod 8]) ⊕ x0,
//                      R = (13, 15, 26, 6, 17, 29, 16, 24)
//   after rounds 3, 7, 11, 15, 19 (s = 1 … 5):  x0 ← x0 + ks[s mod 3];  x1 ← x1 + ks[(s + 1) mod 3] + s
//
// Row permutation σ of [0, n) (4-round Feistel network with cycle walking; Black &
// Rogaway, "Ciphers with arbitrary finite domains", 2002):
//   b = half_bits = the smallest b ≥ 1 with 4^b ≥ n,  m = 2^b − 1
//   E(v): (L, R) = (v >> b, v & m);  round r = 0 … 3:  (L, R) ← (R, L ⊕ (F_r(R) & m)),
//         F_r(R) = threefry2x32((seed, stream), (R, r)).x;   E(v) = (L << b) | R
//   σ(i) = the first of E(i), E(E(i)), … below n (the walk stays on i's cycle of the
//   bijection E of [0, 4^b), so it ends; 4^b < 4n, so it takes fewer than 4 steps on average).

const THREEFRY_PARITY: u32 = 0x1bd11bdau;

// σ over [0, n) as FeistelPermutation(n, seed, stream); half_bits from the host.
struct RowPermutation {
  n: u32,
  seed: u32,
  stream: u32,
  half_bits: u32,
}

fn rotate_left(x: u32, r: u32) -> u32 {
  return (x << r) | (x >> (32u - r));
}

// Four Threefry rounds with rotations r.
fn threefry_rounds(block: vec2<u32>, r: vec4<u32>) -> vec2<u32> {
  var x = block;
  for (var t = 0u; t < 4u; t++) {
    x.x += x.y;
    x.y = rotate_left(x.y, r[t]) ^ x.x;
  }
  return x;
}

fn threefry2x32(key: vec2<u32>, counter: vec2<u32>) -> vec2<u32> {
  var ks = array<u32, 3>(key.x, key.y, THREEFRY_PARITY ^ key.x ^ key.y);
  var x = counter + key;
  for (var s = 1u; s <= 5u; s++) {
    // Rounds 8j … 8j+3 use R[0..4), rounds 8j+4 … 8j+7 use R[4..8).
    if ((s & 1u) == 1u) {
      x = threefry_rounds(x, vec4<u32>(13u, 15u, 26u, 6u));
    } else {
      x = threefry_rounds(x, vec4<u32>(17u, 29u, 16u, 24u));
    }
    x += vec2<u32>(ks[s % 3u], ks[(s + 1u) % 3u] + s);
  }
  return x;
}

fn feistel_encrypt(p: RowPermutation, v: u32) -> u32 {
  let mask = (1u << p.half_bits) - 1u;
  var left = v >> p.half_bits;
  var right = v & mask;
  for (var round = 0u; round < 4u; round++) {
    let f = threefry2x32(vec2<u32>(p.seed, p.stream), vec2<u32>(right, round)).x & mask;
    let next_right = left ^ f;
    left = right;
    right = next_right;
  }
  return (left << p.half_bits) | right;
}

// σ(i) for 0 ≤ i < n.
fn permuted_row(p: RowPermutation, i: u32) -> u32 {
  var v = i;
  loop {
    v = feistel_encrypt(p, v);
    if (v < p.n) {
      break;
    }
  }
  return v;
}
