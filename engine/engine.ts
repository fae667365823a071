/**
 * The engine a user holds: the public calls, each delegating to an estimator written
 * once against `Backend`. Made by `createEngine` (index.ts), which picks the backend.
 *
 * Faults (DESIGN.md §6): when a call fails on the WebGPU backend for any reason other
 * than bad input (a lost device, a failed allocation, a shader that does not compile),
 * the same call is run again on the float64 CPU backend, so it still returns the right
 * answer; the result says so (`backend: 'cpu'` and an entry in `warnings`). A lost device
 * moves the engine to the CPU for good, with the reason in `fallbackReason`.
 */
import type { Backend, BackendKind, EngineStats } from './backend.js';
import { CpuBackend } from './cpu-backend.js';
import { conditionalMutualInformationFrenzelPompe, type ConditionalMutualInformationOptions } from './conditional-mutual-information.js';
import { divergence, type DivergenceOptions } from './divergence.js';
import { entropy, type EntropyOptions } from './entropy.js';
import { InvalidInputError } from './errors.js';
import { knnSearch, type KnnOptions } from './knn-search.js';
import { multivariateMeasure, type MultivariateInformationOptions } from './multivariate-information.js';
import { mutualInformation, type MutualInformationOptions } from './mutual-information.js';
import { mutualInformationColumns, type ColumnInformation } from './mutual-information-columns.js';
import { transferEntropy, type TransferEntropyOptions } from './transfer-entropy.js';
import type { DivergenceEstimate, InformationEstimate, NeighbourLists } from './results.js';
import type { Samples } from './samples.js';

export class Engine {
  private disposed = false;
  private impl: Backend;
  private reason: string | undefined;
  /** The CPU backend that reruns a call the GPU could not finish; made on first need. */
  private rescue: CpuBackend | undefined;

  constructor(impl: Backend, fallbackReason?: string) {
    this.impl = impl;
    this.reason = fallbackReason;
  }

  /** 'webgpu' or 'cpu'. */
  get backend(): BackendKind {
    return this.impl.kind;
  }

  /** Why the engine runs on the CPU although WebGPU was possible or asked for ('auto' with no hardware adapter, or a lost device); undefined otherwise. */
  get fallbackReason(): string | undefined {
    return this.reason;
  }

  /**
   * Exact k nearest neighbours of every row of `options.queries` (default: x itself,
   * without each row when `excludeSelf`, the default) among the rows of x.
   * Result: row-major (rows × k) `distances` ascending and `indices`; ties by lower index.
   */
  async knn(x: Samples, options: KnnOptions): Promise<NeighbourLists> {
    return this.run((backend) => knnSearch(backend, x, options));
  }

  /**
   * Differential entropy by nearest neighbours (Euclidean), default k = 3, nats.
   * 'kl' (default): Kozachenko–Leonenko ψ(N) − ψ(k) + log V_d + (d/N)·Σ log ρ_k(i).
   * 'renyi' / 'tsallis' with `alpha`: Leonenko–Pronzato–Savani (2008).
   */
  async entropy(x: Samples, options?: EntropyOptions): Promise<InformationEstimate> {
    return this.run((backend) => entropy(backend, x, options));
  }

  /**
   * Mutual information, nats by default.
   * 'ksg1' (default): Kraskov et al. 2004, ψ(k) + ψ(N) − ⟨ψ(n_x+1) + ψ(n_y+1)⟩ with strict
   * max-norm counts, equal to scikit-learn's `_compute_mi_cc` before clipping; 'ksg2';
   * 'ross' (integer labels y, = scikit-learn's `_compute_mi_cd`); 'mixed' (Gao et al. 2017);
   * 'discrete' (both integer, plug-in).
   */
  async mutualInformation(x: Samples, y: Samples, options?: MutualInformationOptions): Promise<InformationEstimate> {
    return this.run((backend) => mutualInformation(backend, x, y, options));
  }

  /**
   * Conditional mutual information I(X; Y | Z), Frenzel–Pompe (max-norm, strict counts):
   * ψ(k) − ⟨ψ(n_xz+1) + ψ(n_yz+1) − ψ(n_z+1)⟩. Default k = 3, nats.
   */
  async conditionalMutualInformation(x: Samples, y: Samples, z: Samples, options?: ConditionalMutualInformationOptions): Promise<InformationEstimate> {
    return this.run((backend) => conditionalMutualInformationFrenzelPompe(backend, x, y, z, options));
  }

  /**
   * Î(X_c; target) for every column c of X, one estimator (`options` as mutualInformation).
   * Result: `{ values: Float64Array (one per column), unit, method, backend, n, k }`.
   */
  async mutualInformationColumns(x: Samples, target: Samples, options?: MutualInformationOptions): Promise<ColumnInformation> {
    return this.run((backend) => mutualInformationColumns(backend, x, target, options));
  }

  /**
   * Total correlation Σ_j H(X_j) − H(X_1 … X_m) (multi-information), KSG construction with
   * one joint neighbour search: (m − 1)ψ(N) + ψ(k) − Σ_j ⟨ψ(n_j + 1)⟩. Default k = 3, nats.
   */
  async totalCorrelation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return this.run((backend) => multivariateMeasure(backend, vars, options, 'total-correlation'));
  }

  /** Dual total correlation Σ_j H(X_{−j}) − (m − 1)·H(X): ψ(N) + (m − 1)ψ(k) − Σ_j ⟨ψ(n_{−j} + 1)⟩. */
  async dualTotalCorrelation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return this.run((backend) => multivariateMeasure(backend, vars, options, 'dual-total-correlation'));
  }

  /** O-information TC − DTC (Rosas et al. 2019): > 0 redundancy-dominated, < 0 synergy-dominated. */
  async oInformation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return this.run((backend) => multivariateMeasure(backend, vars, options, 'o-information'));
  }

  /**
   * Transfer entropy source → target: I(y_t; x_{t−lag…t−lag−hs+1} | y_{t−1…t−ht}) by
   * Frenzel–Pompe over delay embeddings. Defaults lag = hs = ht = 1, k = 3, nats.
   */
  async transferEntropy(source: Samples, target: Samples, options?: TransferEntropyOptions): Promise<InformationEstimate> {
    return this.run((backend) => transferEntropy(backend, source, target, options));
  }

  /**
   * Divergence of p from q by nearest neighbours (Euclidean). Default measure 'kl'
   * (Wang–Kulkarni–Verdú: (d/n)·Σ log(ν_k(i)/ρ_k(i)) + log(m/(n−1))); also
   * 'cross-entropy', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger', 'l2', 'js'.
   */
  async divergence(p: Samples, q: Samples, options?: DivergenceOptions): Promise<DivergenceEstimate> {
    return this.run((backend) => divergence(backend, p, q, options));
  }

  /** Traffic and memory counters of this engine's backend. */
  stats(): EngineStats {
    return this.impl.stats();
  }

  /** Frees every resource the engine created; later calls reject. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.impl.dispose();
    this.rescue?.dispose();
  }

  /** Runs `call` on the engine's backend; on a WebGPU fault, again on the CPU (see the header). */
  private async run<T extends object>(call: (backend: Backend) => Promise<T>): Promise<T> {
    const backend = this.live();
    try {
      return await call(backend);
    } catch (error) {
      if (error instanceof InvalidInputError || backend.kind === 'cpu') throw error;
      const lost = backend.unusableReason();
      if (lost !== undefined && this.impl === backend) {
        this.impl = new CpuBackend();
        this.reason = `${lost}; the engine continues on the CPU backend`;
        backend.dispose();
      }
      const fallback = this.impl.kind === 'cpu' ? this.impl : (this.rescue ??= new CpuBackend());
      const result = await call(fallback);
      const message = error instanceof Error ? error.message : String(error);
      if ('warnings' in result && Array.isArray(result.warnings)) {
        result.warnings.push(`WebGPU could not finish this call (${message}); it was computed on the float64 CPU backend`);
      }
      return result;
    }
  }

  private live(): Backend {
    if (this.disposed) throw new InvalidInputError('DISPOSED', 'engine', 'this engine was disposed; create a new one with createEngine()');
    return this.impl;
  }
}
