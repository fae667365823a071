/**
 * The engine a user holds: the public calls, each delegating to an estimator written
 * once against `Backend`. Made by `createEngine` (index.ts), which picks the backend.
 *
 * Faults (DESIGN.md §6): when a call fails on the WebGPU backend for any reason other
 * than bad input or an abort (a lost device, a failed allocation, a shader that does not compile),
 * the same call is run again on the float64 CPU backend, so it still returns the right
 * answer; the result says so (`backend: 'cpu'` and an entry in `warnings`). A lost device
 * moves the engine to the CPU for good, with the reason in `fallbackReason`.
 */
import type { Backend, BackendKind, EngineStats } from './backend.js';
import { createDriftMonitor, type DriftMonitor, type DriftMonitorOptions } from './drift-monitor.js';
import { CpuBackend, type CpuBackendOptions } from './cpu-backend.js';
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
import { rowDivergence, type RowDivergenceOptions, type RowDivergenceResult } from './row-divergence.js';
import { cauchySchwarz, type CauchySchwarzOptions } from './cauchy-schwarz.js';
import {
  diffusionSpectralEntropyCall,
  diffusionSpectralMutualInformation,
  matrixEntropy,
  matrixMutualInformationCall,
  type DiffusionSpectralOptions,
  type MatrixEntropyOptions,
  type MatrixMutualInformationOptions,
} from './kernel-information.js';
import type { KernelInformationEstimate } from './results.js';
import { entropyFromCounts, informationFromTable, type CountEntropyEstimate, type CountEntropyOptions, type TableInformation } from './count-information.js';
import type { Samples } from './samples.js';
import { sinkhorn, type SinkhornOptions } from './sinkhorn.js';
import { discreteSinkhorn, type DiscreteSinkhornOptions } from './discrete-sinkhorn.js';
import { wasserstein1d, type Wasserstein1dOptions } from './wasserstein-1d.js';
import { slicedWasserstein, type SlicedWassersteinOptions } from './sliced-wasserstein.js';
import { wassersteinDependency, type WassersteinDependencyOptions } from './wasserstein-dependency.js';
import type { DiscreteSinkhornResult, SlicedWassersteinEstimate, WassersteinDependencyEstimate, WassersteinEstimate } from './results.js';
import type { SinkhornResult } from './results.js';
import { energyDistance, type EnergyDistanceOptions } from './energy-distance.js';
import { hsic, type HsicOptions } from './hsic.js';
import { mauve, type MauveOptions } from './mauve.js';
import type { MauveEstimate } from './results.js';
import { mmd, type MmdOptions } from './mmd.js';
import type { KernelEstimate } from './results.js';
import { checkpointedBackend } from './checkpointed-backend.js';
import { CallProgress } from './progress.js';

/**
 * The estimators of infogpu, on one backend (WebGPU or the float64 CPU). Made by
 * `createEngine`; every call validates its input (`InvalidInputError`), returns a result
 * object with at least `value`, `method`, `backend` and `n`, and reruns on the CPU when
 * the GPU faults. `dispose()` frees every GPU resource it created.
 */
export class Engine {
  private disposed = false;
  private impl: Backend;
  private reason: string | undefined;
  /** The CPU backend that reruns a call the GPU could not finish; made on first need. */
  private rescue: CpuBackend | undefined;

  /** @internal Made by `createEngine`, which picks the backend (and the options of any CPU backend made later). */
  constructor(impl: Backend, fallbackReason?: string, private readonly cpuOptions: CpuBackendOptions = {}) {
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
   * Parameters: `k` (required), `metric` 'euclidean' (default) or 'chebyshev' (max-norm),
   * `queries`, `excludeSelf`. Result: `{ distances, indices, rows, k, metric, backend }`,
   * row-major (rows × k), distances ascending; ties by lower index. Exact search (k-d tree
   * on the CPU in low dimension, brute-force tiles on WebGPU), as scikit-learn's
   * `NearestNeighbors` (Friedman, Bentley & Finkel, ACM TOMS 3, 1977).
   */
  async knn(x: Samples, options: KnnOptions): Promise<NeighbourLists> {
    return this.run((backend) => knnSearch(backend, x, options), options);
  }

  /**
   * Differential entropy by nearest neighbours (Euclidean), default k = 3, nats.
   * 'kl' (default): Kozachenko–Leonenko ψ(N) − ψ(k) + log V_d + (d/N)·Σ log ρ_k(i).
   * 'renyi' / 'tsallis' with `alpha`: Leonenko–Pronzato–Savani (2008).
   * 'kde': leave-one-out Gaussian KDE resubstitution −(1/N)·Σ log f̂₋ᵢ(x_i); 'renyi-quadratic':
   * −log of the KDE's information potential (`bandwidth` σ: number, 'silverman' or 'median').
   * Parameters also `base` (2 for bits), `interval`, `jitter`, `seed`, `signal`, `onProgress`.
   * Result: InformationEstimate `{ value, unit, method, backend, n, k, pValue: null, interval, warnings }`.
   * References: Kozachenko & Leonenko, Probl. Inf. Transm. 23, 1987; Leonenko, Pronzato &
   * Savani, Ann. Statist. 36, 2008.
   */
  async entropy(x: Samples, options?: EntropyOptions): Promise<InformationEstimate> {
    return this.run((backend) => entropy(backend, x, options), options);
  }

  /**
   * Mutual information, nats by default.
   * 'ksg1' (default): Kraskov et al. 2004, ψ(k) + ψ(N) − ⟨ψ(n_x+1) + ψ(n_y+1)⟩ with strict
   * max-norm counts, equal to scikit-learn's `_compute_mi_cc` before clipping; 'ksg2';
   * 'ross' (integer labels y, = scikit-learn's `_compute_mi_cd`); 'mixed' (Gao et al. 2017);
   * 'discrete' (both integer, plug-in); 'infonce' / 'nwj' / 'dv' variational lower bounds on
   * paired rows (`critic` 'cosine' | 'gaussian', `temperature`). Parameters also `k`, `base`,
   * `permutations` + `seed` (p-value), `interval`, `jitter`, `preprocess: 'rank-gaussian'`.
   * Result: InformationEstimate `{ value (unclipped), unit, method, backend, n, k, pValue, interval, warnings }`.
   * References: Kraskov, Stögbauer & Grassberger, Phys. Rev. E 69, 066138 (2004); Ross,
   * PLoS ONE 9, 2014; Gao, Kannan, Oh & Viswanath, NeurIPS 2017; van den Oord et al. 2018
   * (InfoNCE); Nguyen, Wainwright & Jordan, IEEE Trans. IT 56, 2010 (NWJ); Donsker–Varadhan.
   */
  async mutualInformation(x: Samples, y: Samples, options?: MutualInformationOptions): Promise<InformationEstimate> {
    return this.run((backend) => mutualInformation(backend, x, y, options), options);
  }

  /**
   * Conditional mutual information I(X; Y | Z), Frenzel–Pompe (max-norm, strict counts):
   * ψ(k) − ⟨ψ(n_xz+1) + ψ(n_yz+1) − ψ(n_z+1)⟩. Default k = 3, nats. `permutations` + `seed`
   * give a p-value from local permutations of x within z-neighbourhoods (Runge 2018).
   * Result: InformationEstimate. Reference: Frenzel & Pompe, Phys. Rev. Lett. 99, 204101 (2007).
   */
  async conditionalMutualInformation(x: Samples, y: Samples, z: Samples, options?: ConditionalMutualInformationOptions): Promise<InformationEstimate> {
    return this.run((backend) => conditionalMutualInformationFrenzelPompe(backend, x, y, z, options), options);
  }

  /**
   * Î(X_c; target) for every column c of X, one estimator (`options` as mutualInformation).
   * Result: `{ values: Float64Array (one per column), unit, method, backend, n, k, pValues, intervals }`;
   * `pValues` (Float64Array, with `permutations` + `seed`) and `intervals` (with `interval`)
   * hold column c's pValue and interval of mutualInformation(X[:, c], target, options), else null.
   * Reference: as mutualInformation (scikit-learn's `mutual_info_regression` before clipping).
   */
  async mutualInformationColumns(x: Samples, target: Samples, options?: MutualInformationOptions): Promise<ColumnInformation> {
    return this.run((backend) => mutualInformationColumns(backend, x, target, options), options);
  }

  /**
   * Total correlation Σ_j H(X_j) − H(X_1 … X_m) (multi-information), KSG construction with
   * one joint neighbour search: (m − 1)ψ(N) + ψ(k) − Σ_j ⟨ψ(n_j + 1)⟩. Default k = 3, nats.
   * `vars`: m ≥ 2 variables with the same rows. Result: InformationEstimate.
   * References: Watanabe, IBM J. Res. Dev. 4, 1960; Kraskov et al. 2004 (the construction).
   */
  async totalCorrelation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return this.run((backend) => multivariateMeasure(backend, vars, options, 'total-correlation'), options);
  }

  /**
   * Dual total correlation Σ_j H(X_{−j}) − (m − 1)·H(X): ψ(N) + (m − 1)ψ(k) − Σ_j ⟨ψ(n_{−j} + 1)⟩.
   * `vars`: m ≥ 2 variables with the same rows; options as totalCorrelation.
   * Result: InformationEstimate. Reference: Han, Inf. Control 36, 1978.
   */
  async dualTotalCorrelation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return this.run((backend) => multivariateMeasure(backend, vars, options, 'dual-total-correlation'), options);
  }

  /**
   * O-information Ω = TC − DTC: > 0 redundancy-dominated, < 0 synergy-dominated.
   * `vars`: m ≥ 2 variables with the same rows (Ω = 0 for m = 2); options as totalCorrelation.
   * Result: InformationEstimate. Reference: Rosas, Mediano, Gastpar & Jensen, Phys. Rev. E 100, 032305 (2019).
   */
  async oInformation(vars: readonly Samples[], options: MultivariateInformationOptions = {}): Promise<InformationEstimate> {
    return this.run((backend) => multivariateMeasure(backend, vars, options, 'o-information'), options);
  }

  /**
   * Transfer entropy source → target: I(y_t; x_{t−lag…t−lag−hs+1} | y_{t−1…t−ht}) by
   * Frenzel–Pompe over delay embeddings. Defaults lag = hs = ht = 1, k = 3, nats.
   * Parameters: `lag`, `historySource` (hs), `historyTarget` (ht), `k`, `base`.
   * Result: InformationEstimate (n = embedded rows). Reference: Schreiber, Phys. Rev. Lett. 85, 461 (2000).
   */
  async transferEntropy(source: Samples, target: Samples, options?: TransferEntropyOptions): Promise<InformationEstimate> {
    return this.run((backend) => transferEntropy(backend, source, target, options), options);
  }

  /**
   * Divergence of p from q by nearest neighbours (Euclidean). Default measure 'kl'
   * (Wang–Kulkarni–Verdú: (d/n)·Σ log(ν_k(i)/ρ_k(i)) + log(m/(n−1))); also
   * 'cross-entropy', 'renyi', 'tsallis', 'bhattacharyya', 'hellinger', 'l2', 'js'.
   * Parameters: `measure`, `method` 'knn' | 'nn-ratio', `k`, `l` (order in q), `alpha`,
   * `ensemble`, `base`, `permutations` + `seed`, `interval`, `jitter`.
   * Result: DivergenceEstimate `{ value (unclipped), unit, measure, method, backend, n, m, k, pValue, interval, warnings }`.
   * References: Wang, Kulkarni & Verdú, IEEE Trans. IT 55, 2009; Póczos & Schneider, AISTATS
   * 2011; Noshad, Moon, Yasaei Sekeh & Hero, ISIT 2017 (nn-ratio).
   */
  async divergence(p: Samples, q: Samples, options?: DivergenceOptions): Promise<DivergenceEstimate> {
    return this.run((backend) => divergence(backend, p, q, options), options);
  }

  /**
   * One divergence per row between two row-aligned matrices of logits (default) or
   * probabilities — e.g. a teacher's and a student's next-token distributions. Measures
   * 'kl' (default, KL(p‖q)), 'reverse-kl', 'js', 'tv', 'hellinger' (1 − Σ√(pq)), 'renyi',
   * 'tsallis', 'alpha' (Amari), 'cross-entropy'; `temperature` for logits, `alpha` for the
   * α family. Result: `{ values (per row), value (mean), measure, input, unit, backend, n, vocabulary }`.
   * References: Kullback & Leibler 1951; Lin, IEEE Trans. IT 37, 1991 (JS); Hinton, Vinyals &
   * Dean 2015 (temperature-scaled distillation).
   */
  async rowDivergence(p: Samples, q: Samples, options?: RowDivergenceOptions): Promise<RowDivergenceResult> {
    return this.run((backend) => rowDivergence(backend, p, q, options), options);
  }

  /**
   * Entropy of a discrete distribution from bin counts: 'plugin' (default), 'miller-madow'
   * (+ (K₊ − 1)/(2N)), 'grassberger' (2003), 'chao-shen' (2003), 'nsb' (Nemenman–Shafee–Bialek 2002).
   * Computed on the host in float64. Result: `{ value, unit, method, backend: 'cpu', n (= N), bins }`.
   */
  async entropyFromCounts(counts: readonly number[] | ArrayLike<number>, options?: CountEntropyOptions): Promise<CountEntropyEstimate> {
    return this.hostCall(options, () => entropyFromCounts(counts, options));
  }

  /**
   * Mutual information and conditional entropies from a contingency table of counts
   * (rows x, columns y), each entropy by the chosen count estimator:
   * I = H(X) + H(Y) − H(X,Y), H(X|Y) = H(X,Y) − H(Y). `method` as entropyFromCounts, `base`.
   * Result: `{ value (I), entropyX, entropyY, jointEntropy, conditionalEntropyXGivenY,
   * conditionalEntropyYGivenX, unit, method, backend: 'cpu', n }`. References: as entropyFromCounts.
   */
  async informationFromTable(table: readonly (readonly number[])[], options?: CountEntropyOptions): Promise<TableInformation> {
    return this.hostCall(options, () => informationFromTable(table, options));
  }

  /**
   * Maximum mean discrepancy, value = MMD² = E k(X, X′) + E k(Y, Y′) − 2E k(X, Y)
   * (Gretton et al., "A kernel two-sample test", JMLR 13, 2012).
   * `estimator`: 'unbiased' (default; U-statistic, no i = j pairs), 'biased' (V-statistic),
   * 'linear' (linear-time, pairs over the first 2⌊min(n, m)/2⌋ rows). `kernel`: 'gaussian'
   * (default) exp(−‖x−y‖²/(2σ²)), 'laplacian' exp(−‖x−y‖₁/σ), 'inverse-multiquadric'
   * (1 + ‖x−y‖²/σ²)^(−1/2), 'linear' xᵀy, 'polynomial' (xᵀy/σ² + coef0)^degree.
   * `bandwidth` σ: a number, a list (sum of kernels) or 'median' (default: median pairwise
   * distance of the pooled sample, seeded subsample of ≤ 1,000 rows). `permutations: P,
   * seed`: p-value from P relabellings of the pooled sample, batched on the backend.
   * Result: KernelEstimate `{ value, measure: 'mmd', method, kernel, bandwidths, backend, n, m, pValue, interval, warnings }`.
   */
  async mmd(x: Samples, y: Samples, options?: MmdOptions): Promise<KernelEstimate> {
    return this.run((backend) => mmd(backend, x, y, options), options);
  }

  /**
   * Energy distance (Székely & Rizzo 2013), 2E‖X−Y‖ − E‖X−X′‖ − E‖Y−Y′‖ (Euclidean):
   * 'biased' (default; V-statistic, = scipy.stats.energy_distance² for 1-D samples) or
   * 'unbiased' (U-statistic). `permutations: P, seed` as mmd.
   * Result: KernelEstimate with measure 'energy-distance', kernel 'distance'.
   */
  async energyDistance(x: Samples, y: Samples, options?: EnergyDistanceOptions): Promise<KernelEstimate> {
    return this.run((backend) => energyDistance(backend, x, y, options), options);
  }

  /**
   * Hilbert–Schmidt independence criterion of paired rows x_i, y_i: 'biased' (default)
   * (1/n²)·tr(KHLH) (Gretton et al. 2005), 'unbiased' (Song et al., JMLR 13, 2012; n ≥ 4).
   * `kernel` as mmd, one family for both; `bandwidthX`, `bandwidthY` each a number, a list
   * or 'median' (default, on that variable alone). `permutations: P, seed`: nulls pair x_i
   * with y_σ(i), batched on the backend.
   * Result: KernelEstimate with measure 'hsic', bandwidths { x, y }, m = n.
   */
  async hsic(x: Samples, y: Samples, options?: HsicOptions): Promise<KernelEstimate> {
    return this.run((backend) => hsic(backend, x, y, options), options);
  }

  /**
   * Entropic optimal transport between the point clouds x (weights a) and y (weights b),
   * cost C(x, y) = ‖x − y‖^p / p, ε = blur^p:
   *   OT_ε = min_π ⟨π, C⟩ + ε·KL(π ‖ a⊗b),   S_ε = OT_ε(a, b) − ½OT_ε(a, a) − ½OT_ε(b, b).
   * Log-domain Sinkhorn with GeomLoss's ε-scaling as a warm start, then over-relaxed
   * iterations at ε until the L1 marginal error (float64, on the host, checked every few
   * iterations) is below `tol`; never an n × m matrix unless `plan: true`. Options (defaults): p = 2, blur = 0.05, scaling = 0.5,
   * debias = true, tol = 1e-5 (WebGPU computes in f32: ask for 1e-5 or more), maxIter = 1000,
   * a, b (uniform), annealOnly = false, potentials = false, plan = false; `signal` aborts
   * between iterations.
   * Result: `{ value (S_ε, or OT_ε without debias), otEps, transportCost ⟨π, C⟩, iterations,
   * annealingSteps, converged, marginalError, eps, potentials, plan, ... }`.
   * POT's `sinkhorn(a, b, M, reg = ε, method = 'sinkhorn_log')` with M = ‖x − y‖²/2 solves the
   * same problem. References: Cuturi 2013; Feydy et al. 2019 (AISTATS); Feydy 2020 (thesis).
   */
  async sinkhorn(x: Samples, y: Samples, options?: SinkhornOptions): Promise<SinkhornResult> {
    return this.run((backend) => sinkhorn(backend, x, y, options), options);
  }

  /**
   * Entropic OT between many histogram pairs under one cost matrix (Sinkhorn knowledge
   * distillation): rows a_t of a (T × K) and b_t of b (T × L; a flat array is one histogram), cost C (K × L),
   *   OT_ε(a_t, b_t) = min_{π1 = a_t, πᵀ1 = b_t} ⟨π, C⟩ + ε·KL(π ‖ a_t⊗b_t),
   * log-domain Sinkhorn for all pairs at once (one batched softmin kernel per half-step),
   * after an ε-scaling warm start, over-relaxed at the target ε. Options (defaults): eps = 0.05 (POT's `reg`), scaling = 0.5,
   * tol = 1e-5 (largest L1 marginal error), maxIter = 1000, signal.
   * Result: `{ values (OT_ε per pair), value (their mean), transportCosts ⟨π_t, C⟩ (= POT's
   * sinkhorn2), marginalErrors, iterations, converged, eps, bins, ... }`.
   * Reference: Cuturi 2013; Peyré & Cuturi 2019, §4.4.
   */
  async discreteSinkhorn(a: Samples, b: Samples, cost: Samples, options?: DiscreteSinkhornOptions): Promise<DiscreteSinkhornResult> {
    return this.run((backend) => discreteSinkhorn(backend, a, b, cost, options), options);
  }

  /**
   * Exact W_p = (∫_0^1 |F⁻¹(t) − G⁻¹(t)|^p dt)^{1/p} of two 1-D samples (weights `a`, `b`
   * optional) by sorting, on the host in float64; any sizes. p = 1 (default) is scipy's
   * `wasserstein_distance`. Result: `{ value, method: 'quantile', backend: 'cpu', n, m, p }`.
   */
  async wasserstein1d(x: Samples, y: Samples, options?: Wasserstein1dOptions): Promise<WassersteinEstimate> {
    return this.hostCall(options, () => wasserstein1d(x, y, options));
  }

  /**
   * Sliced Wasserstein SW_p = ((1/P) Σ_k W_p^p(⟨θ_k, x⟩, ⟨θ_k, y⟩))^{1/p} over P random unit
   * directions θ_k (seeded; or `directions` given), each W_p exact by sorting, host float64.
   * Options (defaults): projections = 50, p = 2, seed = 0, directions. POT's
   * `sliced_wasserstein_distance` with the same directions gives the same value.
   * Reference: Bonneel et al. 2015.
   */
  async slicedWasserstein(x: Samples, y: Samples, options?: SlicedWassersteinOptions): Promise<SlicedWassersteinEstimate> {
    return this.hostCall(options, () => slicedWasserstein(x, y, options));
  }

  /**
   * Dependence of paired rows by transport: S_ε between the joint sample (x_i, y_i) and a
   * seeded product sample (x_i, y_σ(i)), cost ‖·‖^p/p on [x | y] (put x and y on comparable
   * scales). Options: the Sinkhorn options p, blur, scaling, tol, maxIter, signal, and
   * `permutations: P, seed` (pValue, y relabelled in both clouds: exact under independence).
   * Result: `{ value, pValue, eps, converged, marginalError, ... }`.
   */
  async wassersteinDependency(x: Samples, y: Samples, options?: WassersteinDependencyOptions): Promise<WassersteinDependencyEstimate> {
    return this.run((backend) => wassersteinDependency(backend, x, y, options), options);
  }

  /**
   * MAUVE between two feature sets p (n × d) and q (m × d) (Pillutla et al., NeurIPS 2021),
   * with mauve-text's defaults: rows L2-normalised, PCA keeping `explainedVariance` = 0.9
   * of the variance, k-means into K = max(2, round(min(n, m)/10)) clusters (`numBuckets`;
   * random initialisation as faiss, `restarts` = 5, `maxIter` = 500, `seed` = 25) whose
   * assignment step is the backend's nearest-centroid search, histograms p̂, q̂ over the
   * clusters, then `mauveFromHistograms(p̂, q̂, { scaling = 5, points = 25 })`.
   * Result: `{ value, frontierIntegral, frontier: { x, y }, star: { value, frontierIntegral,
   * frontier } (MAUVE* from counts + ½), pHist, qHist, method: 'kmeans', backend, n, m,
   * numBuckets, components, keptVariance, kmeans: { objective, iterations, restart,
   * converged }, warnings }`. Agrees with mauve-text within its own seed-to-seed spread
   * (the clustering's random draws differ). `signal` aborts between k-means iterations.
   */
  async mauve(p: Samples, q: Samples, options?: MauveOptions): Promise<MauveEstimate> {
    return this.run((backend) => mauve(backend, p, q, options), options);
  }

  /**
   * Cauchy–Schwarz divergence log V_pp + log V_qq − 2·log V_pq, V_ab = (1/(n_a n_b))·Σ_ij
   * exp(−‖a_i − b_j‖²/(4σ²)) over all pairs (Principe 2010). `bandwidth` σ (number, list or
   * 'median', the default); `permutations`, `seed` for a p-value. Nats.
   * Result: KernelInformationEstimate `{ value, unit, measure: 'cauchy-schwarz', method, kernel, bandwidths, backend, n, m, pValue, ... }`.
   * Reference: Principe, "Information Theoretic Learning", Springer 2010, ch. 2.
   */
  async cauchySchwarz(p: Samples, q: Samples, options?: CauchySchwarzOptions): Promise<KernelInformationEstimate> {
    return this.run((backend) => cauchySchwarz(backend, p, q, options), options);
  }

  /**
   * Matrix-based Rényi α-entropy (Sanchez Giraldo et al. 2015) of A = K/tr(K):
   * (1/(1−α))·log Σ λ_i^α; α = 1 (default) von Neumann −Σ λ log λ; α = 2 is −log Σ A_ij²
   * (Gram reductions, any n); other α take eigenvalues on the host (n ≤ 1,500). Nats.
   * Parameters: `alpha`, `kernel`, `bandwidth` (σ: number, list or 'median'), `base`.
   * Result: KernelInformationEstimate `{ value, unit, measure, method ('gram' | 'eigen'), kernel, bandwidths, backend, n, ... }`.
   * Reference: Sanchez Giraldo, Rao & Principe, IEEE Trans. IT 61, 2015.
   */
  async matrixEntropy(x: Samples, options?: MatrixEntropyOptions): Promise<KernelInformationEstimate> {
    return this.run((backend) => matrixEntropy(backend, x, options), options);
  }

  /**
   * Matrix-based mutual information I_α = S_α(A) + S_α(B) − S_α(A∘B/tr(A∘B)) of paired rows,
   * S_α as matrixEntropy (`alpha`, `kernel`, `bandwidthX`, `bandwidthY`, `base`). Result: KernelInformationEstimate.
   * Reference: Sanchez Giraldo, Rao & Principe, IEEE Trans. IT 61, 2015; Yu et al., IEEE TPAMI 2019.
   */
  async matrixMutualInformation(x: Samples, y: Samples, options?: MatrixMutualInformationOptions): Promise<KernelInformationEstimate> {
    return this.run((backend) => matrixMutualInformationCall(backend, x, y, options), options);
  }

  /**
   * Diffusion spectral entropy (Liao et al. 2023): −Σ λ̃ log λ̃ with λ̃ ∝ |λ|^t, λ the
   * eigenvalues of the diffusion operator D⁻¹K (Gaussian σ, default 'median'; t = 1). Host, n ≤ 1,500.
   * Result: KernelInformationEstimate (method 'eigen'). Reference: Liao et al., "Assessing neural
   * network representations during training using noise-resilient diffusion spectral entropy", 2023.
   */
  async diffusionSpectralEntropy(x: Samples, options?: DiffusionSpectralOptions): Promise<KernelInformationEstimate> {
    return this.hostCall(options, () => diffusionSpectralEntropyCall(x, options));
  }

  /**
   * Diffusion spectral MI DSE(X) − Σ_c p(c)·DSE(X | Y = c) for integer class labels Y,
   * DSE as diffusionSpectralEntropy (`t`, `bandwidth`). Result: KernelInformationEstimate.
   * Reference: Liao et al., "Assessing neural network representations during training using
   * noise-resilient diffusion spectral entropy", 2023.
   */
  async diffusionSpectralMutualInformation(x: Samples, labels: Samples, options?: DiffusionSpectralOptions): Promise<KernelInformationEstimate> {
    return this.hostCall(options, () => diffusionSpectralMutualInformation(x, labels, options));
  }

  /**
   * A drift monitor of a reference sample against the sliding window of the `windowSize`
   * most recent rows pushed: `push(batch)` resolves to `{ value, pValue, m, ... }`, the
   * `measure` ('mmd', 'energy', 'sinkhorn' or 'knn-kl' = KL(window ‖ reference)) between
   * them, equal to the batch estimator on the same window. 'mmd' and 'energy' keep scalar
   * kernel sums, so a push costs O(batch·(window + reference)) kernel evaluations
   * and reads back a few scalars, never the window; 'median'
   * bandwidth is fixed once from the reference. 'sinkhorn' and 'knn-kl' recompute on the
   * window. `permutations`, `seed`: a p-value per push. On WebGPU, `reference` and batches may
   * be GPU buffers (`{ buffer, rows, cols, offset? }`), copied and kept on the device. If the
   * GPU fails during a push, a monitor of host rows is rebuilt on the CPU backend (the reading
   * says so in `warnings`); one holding GPU-buffer rows rejects with DriftMonitorLostError.
   * See engine/drift-monitor.ts.
   */
  async driftMonitor(options: DriftMonitorOptions): Promise<DriftMonitor> {
    const backend = this.live();
    return createDriftMonitor(backend, options, () => {
      this.live();
      return this.backendAfterFault(backend);
    });
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

  /**
   * Runs `call` on the engine's backend; on a WebGPU fault, again on the CPU (see the header).
   * `options` carries the call's `signal` and `onProgress` (engine/progress.ts): the
   * estimator sees the backend through checkpointedBackend, so every backend call is a
   * cancellation point and a unit of progress; an abort rejects with `signal.reason` and is
   * never rerun on the CPU.
   */
  private async run<T extends object>(call: (backend: Backend) => Promise<T>, options?: unknown): Promise<T> {
    const backend = this.live();
    const progress = CallProgress.from(options);
    progress.checkpoint();
    try {
      return progress.finish(await call(checkpointedBackend(backend, progress)));
    } catch (error) {
      if (progress.aborted) throw progress.signal!.reason;
      if (progress.listenerFailed) throw error;
      this.live(); // disposed while the call ran: reject as DISPOSED rather than rerun
      const aborted = error instanceof Error && error.name === 'AbortError';
      if (error instanceof InvalidInputError || aborted || backend.kind === 'cpu') throw error;
      const fallback = this.backendAfterFault(backend);
      const message = error instanceof Error ? error.message : String(error);
      const result = progress.finish(
        await call(checkpointedBackend(fallback, progress)).catch((fallbackError: unknown) => {
          // GPU-buffer inputs cannot be read once the GPU failed: reject, saying why (engine/gpu-samples.ts).
          if (fallbackError instanceof InvalidInputError && fallbackError.code === 'GPU_INPUT') {
            throw new Error(`WebGPU could not finish this call (${message}), and its inputs are GPU buffers, which the CPU fallback cannot read; the call rejects`, { cause: error });
          }
          throw fallbackError;
        }),
      );
      if ('warnings' in result && Array.isArray(result.warnings)) {
        result.warnings.push(`WebGPU could not finish this call (${message}); it was computed on the float64 CPU backend`);
      }
      return result;
    }
  }

  /**
   * The CPU backend to continue on after `failed` (the engine's WebGPU backend) could not
   * finish some work: the engine's own backend from now on when the device was lost (the
   * reason in fallbackReason), else the rescue backend for this one call.
   */
  private backendAfterFault(failed: Backend): Backend {
    const lost = failed.unusableReason();
    if (lost !== undefined && this.impl === failed) {
      this.impl = new CpuBackend(this.cpuOptions);
      this.reason = `${lost}; the engine continues on the CPU backend`;
      failed.dispose();
    }
    return this.impl.kind === 'cpu' ? this.impl : (this.rescue ??= new CpuBackend(this.cpuOptions));
  }

  /**
   * A call computed on the host in one piece (no backend calls): `signal` is checked before
   * and after it, and `onProgress` receives 1 when it resolves.
   */
  private async hostCall<T>(options: unknown, call: () => T | Promise<T>): Promise<T> {
    this.live();
    const progress = CallProgress.from(options);
    progress.checkpoint();
    return progress.finish(await call());
  }

  private live(): Backend {
    if (this.disposed) throw new InvalidInputError('DISPOSED', 'engine', 'this engine was disposed; create a new one with createEngine()');
    return this.impl;
  }
}
