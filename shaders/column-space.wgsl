// column-space.wgsl — prelude (after counter-random.wgsl) shared by the distance kernels
// that take a batch of column spaces (knn-topk, count-within, pair-distances): member m of
// a batch measures distances over the union of its column ranges, in their order, and may
// read some columns of row j from row σ(j) (a seeded permutation, counter-random.wgsl).
//
// The value of row i (global index) in column c under space S:
//   value(i, c) = matrix[σ_S(i), c]  if c ∈ [perm_begin, perm_end) of S  (read from `mapped`)
//                 matrix[i, c]        otherwise                          (the bound query/reference block)
//
// Buffers:
//   spaces  u32 words: [0] mapped_stride, [1] mapped_col_base, [2..4) unused,
//           then SPACE_WORDS per member: range_first (word index of its first range),
//           range_count, perm_begin, perm_end (perm_begin = perm_end: not permuted),
//           perm n, seed, stream, half_bits; the ranges are (begin, end) word pairs
//   mapped  f32 [rows × mapped_stride]: columns [mapped_col_base, mapped_col_base + stride)
//           of every row of the matrix (the matrix itself when it is one block)

const SPACES_HEADER_WORDS: u32 = 4u;
const SPACE_WORDS: u32 = 8u;

struct ColumnSpace {
  range_first: u32,
  range_count: u32,
  perm_begin: u32,
  perm_end: u32,
  perm: RowPermutation,
}

@group(0) @binding(3) var<storage, read> spaces: array<u32>;
@group(0) @binding(4) var<storage, read> mapped: array<f32>;

fn load_space(member: u32) -> ColumnSpace {
  let w = SPACES_HEADER_WORDS + member * SPACE_WORDS;
  return ColumnSpace(
    spaces[w], spaces[w + 1u], spaces[w + 2u], spaces[w + 3u],
    RowPermutation(spaces[w + 4u], spaces[w + 5u], spaces[w + 6u], spaces[w + 7u]),
  );
}

fn has_permutation(space: ColumnSpace) -> bool {
  return space.perm_end > space.perm_begin;
}

fn is_permuted(space: ColumnSpace, col: u32) -> bool {
  return col >= space.perm_begin && col < space.perm_end;
}

// The t-th column range [x, y) of the space.
fn space_range(space: ColumnSpace, t: u32) -> vec2<u32> {
  let w = space.range_first + 2u * t;
  return vec2<u32>(spaces[w], spaces[w + 1u]);
}

// Columns of the space: its ranges' widths summed.
fn space_width(space: ColumnSpace) -> u32 {
  var width = 0u;
  for (var t = 0u; t < space.range_count; t++) {
    let range = space_range(space, t);
    width += range.y - range.x;
  }
  return width;
}

// The f-th column of the space (f < space_width): its ranges in order, ascending within each.
fn space_column(space: ColumnSpace, f: u32) -> u32 {
  var rest = f;
  for (var t = 0u; t < space.range_count; t++) {
    let range = space_range(space, t);
    if (rest < range.y - range.x) {
      return range.x + rest;
    }
    rest -= range.y - range.x;
  }
  return 0u;
}

// σ(i) when the space permutes rows, else i.
fn source_row(space: ColumnSpace, i: u32) -> u32 {
  if (has_permutation(space)) {
    return permuted_row(space.perm, i);
  }
  return i;
}

// matrix[source, col] for a permuted column, read from `mapped`.
fn mapped_value(source: u32, col: u32) -> f32 {
  return mapped[source * spaces[0] + col - spaces[1]];
}
