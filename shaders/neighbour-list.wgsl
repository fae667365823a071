// neighbour-list.wgsl — prelude shared by knn-topk and knn-merge: a sorted list of the
// `list_length` best (rank, index) entries held in a private array of K_CAPACITY slots.
//
// Order: (rank, index) lexicographic — smaller rank first, equal ranks by lower index —
// which is the CPU backend's "ascending, ties by lower index". Empty slots hold
// (NO_RANK, NO_INDEX) and sort after every real entry.
//
// K_CAPACITY is the private array length (a WGSL function-scope array needs a
// const-expression size, so an `override` cannot set it): the host resolves one
// wgsl-preprocessor branch below and reuses the pipeline for every k ≤ K_CAPACITY.

#if K_CAPACITY_4
const K_CAPACITY: u32 = 4u;
#elif K_CAPACITY_8
const K_CAPACITY: u32 = 8u;
#elif K_CAPACITY_16
const K_CAPACITY: u32 = 16u;
#elif K_CAPACITY_32
const K_CAPACITY: u32 = 32u;
#elif K_CAPACITY_64
const K_CAPACITY: u32 = 64u;
#endif

const NO_RANK: f32 = 0x1.fffffep+127f;  // the largest finite f32
const NO_INDEX: u32 = 0xffffffffu;

// One list entry as stored in buffers: 8 bytes, rank (f32) then global row index (u32).
struct Entry {
  rank: f32,
  index: u32,
}

struct NeighbourList {
  rank: array<f32, K_CAPACITY>,
  index: array<u32, K_CAPACITY>,
}

fn precedes(rank_a: f32, index_a: u32, rank_b: f32, index_b: u32) -> bool {
  return rank_a < rank_b || (rank_a == rank_b && index_a < index_b);
}

fn empty_list() -> NeighbourList {
  var list: NeighbourList;
  for (var t = 0u; t < K_CAPACITY; t++) {
    list.rank[t] = NO_RANK;
    list.index[t] = NO_INDEX;
  }
  return list;
}

// Inserts (rank, index) into the first `list_length` slots if it precedes the last one;
// returns whether it entered.
fn insert_entry(list: ptr<function, NeighbourList>, list_length: u32, rank: f32, index: u32) -> bool {
  let last = list_length - 1u;
  if (!precedes(rank, index, (*list).rank[last], (*list).index[last])) {
    return false;
  }
  var slot = last;
  loop {
    if (slot == 0u) {
      break;
    }
    let above = slot - 1u;
    if (!precedes(rank, index, (*list).rank[above], (*list).index[above])) {
      break;
    }
    (*list).rank[slot] = (*list).rank[above];
    (*list).index[slot] = (*list).index[above];
    slot = above;
  }
  (*list).rank[slot] = rank;
  (*list).index[slot] = index;
  return true;
}
