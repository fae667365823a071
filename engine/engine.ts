/**
 * The engine a user holds: the public calls, each delegating to an estimator written
 * once against `Backend`. Made by `createEngine` (index.ts), which picks the backend.
 */
import type { Backend, BackendKind, EngineStats } from './backend.js';
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

  constructor(
    private readonly impl: Backend,
    /** Why 'auto' ended on the CPU; undefined otherwise. */
    readonly fallbackReason?: string,
  ) {}

  /** 'webgpu' or 'cpu'. */
  get backend(): BackendKind {
    return this.impl.kind;
  }

  /**
   * Exact k nearest neighbours of every row of `options.queries` (default: x itself,
   * without each row when `excludeSelf`, the default) among the rows of x.
   * Result: row-major (rows × k) `distances` ascending and `indices`; ties by lower index.
   */
  async knn(x: Samples, options: KnnOptions): Promise<NeighbourLists> {
    return knnSearch(this.live(), x, options);
  }

  /**
   * Differential entropy by nearest neighbours (Euclidean), default k = 3, nats.
   * 'kl' (default): Kozachenko–Leonenko ψ(N) − ψ(k) + log V_d + (d/N)·Σ log ρ_k(i).
   * 'renyi' / 'tsallis' with `alpha`: Leonenko–Pronzato–Savani (2008).
   */
  async entropy(x: Samples, options?: EntropyOptions): Promise<InformationEstimate> {
    return entropy(this.live(), x, options);
  }

  /**
   * Mutual information, nats by default.
   * 'ksg1' (default): Kraskov et al. 2004, ψ(k) + ψ(N) − ⟨ψ(n_x+1) + ψ(n_y+1)⟩ with strict
   * max-norm counts, equal to scikit-learn's `_compute_mi_cc` before clipping; 'ksg2';
   * 'ross' (integer labels y, = scikit-learn's `_compute_mi_cd`); 'mixed' (Gao et al. 2017);
   * 'discrete' (both integer, plug-in).
   */
  async mutualInformation(x: Samples, y: Samples, options?: MutualInformationOptions): Promise<InformationEstimate> {
    return mutualInformation(this.live(), x, y, options);
  }

  /**
   * Conditional mutual information I(X; Y | Z), Frenzel–Pompe (max-norm, strict counts):
   * ψ(k) − ⟨ψ(n_xz+1) + ψ(n_yz+1) − ψ(n_z+1)⟩. Default k = 3, nats.
   */
  async conditionalMutualInformation(x: Samples, y: Samples, z: Samples, options?: ConditionalMutualInformationOptions): Promise<InformationEstimate> {
    return conditionalMutualInformationFrenzelPompe(this.live(), x, y, z, options);
  }

  /**
   * Î(X_c; target) for every column c of X, one estimator (`options` as mutualInformation).
   * Result: `{ values: Float64Array (one per column), unit, method, backend, n, k }`.
   */
  async mutualInformationColumns(x: Samples, target: Samples, options?: MutualInformationOptions): Promise<ColumnInformation> {
    return mutualInformationColumns(this.live(), x, target, options);
  }

  /**
   * Total correlation Σ_j H(X_j) − H(X_1 … X_m) (multi-information), KSG construction with
   * one joint neighbour search: (m − 1)ψ(N) + ψ(k) − Σ_j ⟨ψ(n_j + 1)⟩. Default k = 3, nats.
   */
  async totalCorrelation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return multivariateMeasure(this.live(), vars, options, 'total-correlation');
  }

  /** Dual total correlation Σ_j H(X_{−j}) − (m − 1)·H(X): ψ(N) + (m − 1)ψ(k) − Σ_j ⟨ψ(n_{−j} + 1)⟩. */
  async dualTotalCorrelation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return multivariateMeasure(this.live(), vars, options, 'dual-total-correlation');
  }

  /** O-information TC − DTC (Rosas et al. 2019): > 0 redundancy-dominated, < 0 synergy-dominated. */
  async oInformation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return multivariateMeasure(this.live(), vars, options, 'o-information');
  }

  /**
   * Transfer entropy source → target: I(y_t; x_{t−lag…t−lag−hs+1} | y_{t−1…t−ht}) by
   * Frenzel–Pompe over delay embeddings. Defaults lag = hs = ht = 1, k = 3, nats.
   */
  async transferEntropy(source: Samples, target: Samples, options?: TransferEntropyOptions): Promise<InformationEstimate> {
    return transferEntropy(this.live(), source, target, options);
  }

  /**
   * Divergence of p from q by nearest neighbours (Euclidean). Default measure 'kl'
   * (Wang–Kulkarni–Verdú: (d/n)·Σ log(ν_k(i)/ρ_k(i)) + log(m/(n−1))); also
   * 'cross-entropy', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger', 'l2', 'js'.
   */
  async divergence(p: Samples, q: Samples, options?: DivergenceOptions): Promise<DivergenceEstimate> {
    return divergence(this.live(), p, q, options);
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
  }

  private live(): Backend {
    if (this.disposed) throw new InvalidInputError('DISPOSED', 'engine', 'this engine was disposed; create a new one with createEngine()');
    return this.impl;
  }
}
