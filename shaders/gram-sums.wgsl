// gram-sums.wgsl — weighted Gram sums (after gram-kernel.wgsl and gram-tile.wgsl).
//
// For the count ≤ WEIGHT_BATCH weight vectors v_t of this pass, invocation (query q of the
// chunk, split s) accumulates over its split window
//   acc_t(q) = Σ_{j in window, j ≠ q if exclude_diagonal} v_t[j]·k(x_q, y_j)
// (a plain f32 sum per tile of TILE_ROWS pairs, tiles added with compensation), then
//   ROW_SUMS  slot (s·count + t)·query_rows + q   += acc_t(q)
//   totals    slot (s·groups + g)·count + t       += Σ_{q in workgroup g} u_t[q]·acc_t(q)
// and the host adds every split's (and group's) slots in float64: (K v_t)_q, or u_tᵀ K v_t.
//
// Buffers:
//   reference_weights  [count × ref_total] f32: v_t over the global reference rows
//   query_weights      [count × query_total] f32: u_t over the global query rows (totals only)

@group(0) @binding(5) var<storage, read> reference_weights: array<f32>;
// The pass's weights of the current tile's rows: [t · TILE_ROWS + r].
var<workgroup> weight_tile: array<f32, WEIGHT_BATCH * TILE_ROWS>;
#if ROW_SUMS
#else
@group(0) @binding(6) var<storage, read> query_weights: array<f32>;
#endif

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
    let values = without_diagonal(gram_tile_values(lane, query_start, row0, rows), self_index, row0, rows);
    // Every lane is past the last reads of weight_tile (gram_tile_values synchronised).
    for (var e = lane; e < params.count * rows; e += WORKGROUP_SIZE) {
      let t = e / rows;
      let r = e - t * rows;
      weight_tile[t * TILE_ROWS + r] = reference_weights[t * params.ref_total + params.ref_row_base + row0 + r];
    }
    workgroupBarrier();
    for (var t = 0u; t < params.count; t++) {
      var s = 0.0;
      for (var r = 0u; r < rows; r++) {
        s += weight_tile[t * TILE_ROWS + r] * values[r];
      }
      acc[t] = compensated_add(acc[t], s);
    }
  }

#if ROW_SUMS
  if (in_chunk) {
    for (var t = 0u; t < params.count; t++) {
      add_to_slot((group.y * params.count + t) * params.query_rows + q, compensated_value(acc[t]));
    }
  }
#else
  for (var t = 0u; t < params.count; t++) {
    var mine = 0.0;
    if (in_chunk) {
      mine = query_weights[t * params.query_total + self_index] * compensated_value(acc[t]);
    }
    add_workgroup_total(lane, (group.y * params.groups + group.x) * params.count + t, mine);
  }
#endif
}
