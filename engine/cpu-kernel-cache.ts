/**
 * The CPU backend's stored Sinkhorn kernels (cpu-stored-kernel.ts), one per pair of
 * resident point sets, cost and ε, within a byte budget.
 *
 * A Sinkhorn solve calls the softmin between the same two matrices, in both directions,
 * dozens of times at each ε: the first call at an ε builds the pair's kernel (an exact
 * softmin that also stores its n·m terms), the later ones in either direction are
 * matrix–vector products. Memory is n·m float64 per pair, so kernels are kept only within
 * the budget (CpuBackendOptions.kernelBytes; 0 turns storing off). A pair keeps one kernel:
 * a new ε replaces the old (an ε-scaling warm start never returns to it; when ε shrank by an
 * integer factor the new kernel is a power of the old, cpu-stored-kernel.ts). Making room
 * evicts kernels of other pairs stored at another ε, never one at the requested ε; a kernel
 * that still does not fit is not built (that call, and the pair's later ones, stay exact
 * online softmins in O(m) memory). Kernels of a matrix go when the matrix is released.
 */
import type { CostPower, MatrixHandle } from './backend.js';
import type { StoredKernel } from './cpu-stored-kernel.js';

export interface KernelKey {
  readonly query: MatrixHandle;
  readonly reference: MatrixHandle;
  readonly c0: number;
  readonly c1: number;
  readonly p: CostPower;
  readonly eps: number;
}

interface Entry {
  readonly key: KernelKey;
  readonly kernel: StoredKernel;
}

export interface KernelHit {
  readonly kernel: StoredKernel;
  /** true when the kernel's rows are the request's reference (a softmin over its rows). */
  readonly transposed: boolean;
  readonly entry: object;
}

export class CpuKernelCache {
  private entries: Entry[] = [];
  private bytes = 0;

  constructor(
    private readonly budget: number,
    /** Told of every change of the stored bytes (the backend's live-byte accounting). */
    private readonly onBytes: (delta: number) => void,
  ) {}

  /** The stored kernel of the pair in either orientation, same columns, cost and ε. */
  find(key: KernelKey): KernelHit | undefined {
    for (const entry of this.entries) {
      const k = entry.key;
      if (k.c0 !== key.c0 || k.c1 !== key.c1 || k.p !== key.p || !sameEps(k.eps, key.eps)) continue;
      if (k.query === key.query && k.reference === key.reference) return { kernel: entry.kernel, transposed: false, entry };
      if (k.query === key.reference && k.reference === key.query) return { kernel: entry.kernel, transposed: true, entry };
    }
    return undefined;
  }

  /** The pair's kernel at any ε (same columns and cost). */
  findPair(key: KernelKey): KernelHit | undefined {
    for (const entry of this.entries) {
      if (!samePair(entry.key, key)) continue;
      return { kernel: entry.kernel, transposed: entry.key.query !== key.query, entry };
    }
    return undefined;
  }

  /** Puts `kernel` (at key.eps) in the place of an entry's kernel of the same size (StoredKernel.powerInPlace). */
  replace(entry: object, key: KernelKey, kernel: StoredKernel): void {
    const index = this.entries.indexOf(entry as Entry);
    const old = this.entries[index];
    const transposed = old.key.query !== key.query;
    this.entries[index] = { key: transposed ? { ...key, query: key.reference, reference: key.query } : key, kernel };
  }

  /** Makes room for `bytes` at ε by evicting kernels stored at other ε; false when it cannot. */
  reserve(bytes: number, eps: number): boolean {
    if (bytes > this.budget) return false;
    for (const entry of [...this.entries]) {
      if (this.bytes + bytes <= this.budget) break;
      if (!sameEps(entry.key.eps, eps)) this.remove(entry);
    }
    return this.bytes + bytes <= this.budget;
  }

  /**
   * Forgets the pair's kernels at every ε (before the pair's kernel is rebuilt: an ε-scaling
   * warm start never returns to an ε); their value arrays, for reuse.
   */
  evictPair(key: KernelKey): Float64Array[] {
    const freed: Float64Array[] = [];
    for (const entry of [...this.entries]) {
      if (!samePair(entry.key, key)) continue;
      this.remove(entry);
      freed.push(entry.kernel.values);
    }
    return freed;
  }

  add(key: KernelKey, kernel: StoredKernel): void {
    this.entries.push({ key, kernel });
    this.bytes += kernel.bytes;
    this.onBytes(kernel.bytes);
  }

  /** Forgets an entry (KernelHit.entry). */
  remove(entry: object): void {
    const index = this.entries.indexOf(entry as Entry);
    if (index < 0) return;
    const [gone] = this.entries.splice(index, 1);
    this.bytes -= gone.kernel.bytes;
    this.onBytes(-gone.kernel.bytes);
  }

  /** Forgets every kernel built on `matrix`. */
  forget(matrix: MatrixHandle): void {
    for (const entry of [...this.entries]) if (entry.key.query === matrix || entry.key.reference === matrix) this.remove(entry);
  }
}

/** The same two matrices, either way round, and the same columns and cost. */
function samePair(a: KernelKey, b: KernelKey): boolean {
  const handles = (a.query === b.query && a.reference === b.reference) || (a.query === b.reference && a.reference === b.query);
  return handles && a.c0 === b.c0 && a.c1 === b.c1 && a.p === b.p;
}

/**
 * ε equal to a few roundings (GeomLoss's schedule starts with diameter^p twice, once computed
 * as exp(p·log diameter)): C/ε then differs by ~1e-16 relative, as rounding C/ε does anyway.
 */
function sameEps(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-14 * Math.max(a, b);
}
