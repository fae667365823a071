// gram-alignment.wgsl — Frobenius products of two Gram matrices of paired rows, the second
// permuted (after gram-kernel.wgsl and gram-tile.wgsl).
//
// Query and reference are the same matrix f (kernel k₁: FORM, record 0); the second matrix
// s (kernel k₂: SECOND_FORM, record second_record) is bound whole and read at permuted
// rows. For the count ≤ WEIGHT_BATCH permutations σ_t of this pass, invocation (query i of
// the chunk, split s) accumulates over its split window
//   acc_t(i) = Σ_{j in window, j ≠ i if exclude_diagonal} k₁(f_i, f_j)·k₂(s_σt(i), s_σt(j))
// k₁ evaluated once per tile for every t; k₂'s tile gathered at rows σ_t(j) into workgroup
// memory. Then slot (s·groups + g)·count + t += Σ_{i in workgroup g} acc_t(i), and the host
// adds every slot of t in float64: A_t = ⟨K, P_t L P_tᵀ⟩_F.
//
// Buffers:
//   second        [ref_total × second_stride] f32: the whole second matrix
//   permutations  [count × ref_total] u32: σ_t of the global rows

override SECOND_FORM: u32 = FORM_GAUSSIAN;

@group(0) @binding(5) var<storage, read> second: array<f32>;
@group(0) @binding(6) var<storage, read> permutations: array<u32>;

// k₂(s_own, s_σ(j)) for the tile's rows j = [row0, row0 + rows), σ's entries starting at
// permutations[table]. Uniform control flow only: it synchronises on the tile.
fn second_tile_values(lane: u32, table: u32, own: u32, rows: u32) -> array<f32, TILE_ROWS> {
  var acc: array<f32, TILE_ROWS>;
  var own_values: array<f32, TILE_COLS>;
  let stride = params.second_stride;
  for (var col0 = 0u; col0 < stride; col0 += TILE_COLS) {
    let cols = min(TILE_COLS, stride - col0);
    workgroupBarrier();
    for (var e = lane; e < rows * cols; e += WORKGROUP_SIZE) {
      let r = e / cols;
      tile[e] = second[permutations[table + r] * stride + col0 + (e - r * cols)];
    }
    workgroupBarrier();
    for (var c = 0u; c < cols; c++) {
      own_values[c] = second[own * stride + col0 + c];
    }
    for (var r = 0u; r < rows; r++) {
      var value = acc[r];
      for (var c = 0u; c < cols; c++) {
        value = gram_accumulate(SECOND_FORM, value, own_values[c], tile[r * cols + c]);
      }
      acc[r] = value;
    }
  }
  return gram_values(SECOND_FORM, params.second_record, acc, rows);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3<u32>) {
  let q = group.x * WORKGROUP_SIZE + lane;
  let in_chunk = q < params.query_rows;
  let row = min(q, params.query_rows - 1u);
  let query_start = (params.query_offset + row) * params.query_stride;
  let self_index = params.query_row_base + row;

  var acc: array<Compensated, WEIGHT_BATCH>;
  let window = split_window(group.y);
  for (var row0 = window.x; row0 < window.y; row0 += TILE_ROWS) {
    let rows = min(TILE_ROWS, window.y - row0);
    let first_values = without_diagonal(gram_tile_values(lane, query_start, row0, rows), self_index, row0, rows);
    for (var t = 0u; t < params.count; t++) {
      let table = t * params.ref_total;
      let second_values = second_tile_values(lane, table + params.ref_row_base + row0, permutations[table + self_index], rows);
      var s = 0.0;
      for (var r = 0u; r < rows; r++) {
        s += first_values[r] * second_values[r];
      }
      acc[t] = compensated_add(acc[t], s);
    }
  }

  for (var t = 0u; t < params.count; t++) {
    var mine = 0.0;
    if (in_chunk) {
      mine = compensated_value(acc[t]);
    }
    add_workgroup_total(lane, (group.y * params.groups + group.x) * params.count + t, mine);
  }
}
