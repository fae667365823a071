/**
 * Result shapes. Every call returns an object whose shape never depends on a flag:
 * at least `value`, `method`, `backend`, `n`; information quantities carry `unit`.
 */
import type { BackendKind } from './backend.js';
import type { ConfidenceInterval } from './inference.js';

export type InformationUnit = 'nats' | 'bits';

export interface InformationEstimate {
  /** The raw estimate (never clipped at 0). */
  readonly value: number;
  /** 'nats' or 'bits'; null for quantities with no logarithm (Tsallis, Hellinger, L2). */
  readonly unit: InformationUnit | null;
  readonly method: string;
  readonly backend: BackendKind;
  /** Rows used. */
  readonly n: number;
  /** Neighbour order of a kNN estimator; 0 for estimators without neighbours (kde, variational bounds). */
  readonly k: number;
  /** Permutation p-value (options.permutations); null when not asked for. */
  readonly pValue: number | null;
  /** Subsampling confidence interval (options.interval); null when not asked for. */
  readonly interval: ConfidenceInterval | null;
  /** What the caller should know about this estimate (e.g. repeated points); empty when none. */
  readonly warnings: string[];
}

export interface NeighbourLists {
  /** Row-major (rows × k), ascending; ties by lower index. */
  readonly distances: Float64Array;
  readonly indices: Int32Array;
  readonly rows: number;
  readonly k: number;
  readonly metric: 'euclidean' | 'chebyshev';
  readonly backend: BackendKind;
}

export interface DivergenceEstimate {
  /** The raw estimate (never clipped). */
  readonly value: number;
  /** 'nats' or 'bits' for logarithmic measures; null otherwise (Tsallis, Hellinger, L2). */
  readonly unit: InformationUnit | null;
  readonly measure: string;
  readonly method: string;
  readonly backend: BackendKind;
  /** Rows of p. */
  readonly n: number;
  /** Rows of q. */
  readonly m: number;
  readonly k: number;
  /** Permutation p-value (options.permutations); null when not asked for. */
  readonly pValue: number | null;
  /** Subsampling confidence interval (options.interval); null when not asked for. */
  readonly interval: ConfidenceInterval | null;
  readonly warnings: string[];
}

/**
 * A kernel discrepancy or dependence statistic (mmd, energyDistance, hsic): not an
 * information quantity, so no unit. Raw estimate, never clipped (an unbiased MMD² or HSIC
 * can be negative).
 */
export interface KernelEstimate {
  readonly value: number;
  /** 'mmd' (value = MMD²), 'energy-distance' (2E‖X−Y‖ − E‖X−X′‖ − E‖Y−Y′‖) or 'hsic'. */
  readonly measure: 'mmd' | 'energy-distance' | 'hsic';
  /** The estimator: 'unbiased', 'biased' or 'linear'. */
  readonly method: 'unbiased' | 'biased' | 'linear';
  /** The kernel; 'distance' for energy distance. */
  readonly kernel: string;
  /**
   * σ of each summed kernel term as used ('median' resolved): `x` on x (MMD, energy distance:
   * the pooled sample), `y` on y (MMD, energy distance: the same list). [] for kernels
   * without a bandwidth ('linear', 'distance').
   */
  readonly bandwidths: { readonly x: readonly number[]; readonly y: readonly number[] };
  readonly backend: BackendKind;
  /** Rows of x. */
  readonly n: number;
  /** Rows of y (hsic: paired rows, = n). */
  readonly m: number;
  /** Permutation p-value (options.permutations); null when not asked for. */
  readonly pValue: number | null;
  /** Subsampling confidence interval (options.interval); null when not asked for. */
  readonly interval: ConfidenceInterval | null;
  readonly warnings: string[];
}

/** A transport plan π, row-major (rows = points of x, cols = points of y). */
export interface TransportPlan {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Dual potentials of entropic OT, with GeomLoss's direction names: fBa (on x) and gAb (on y)
 * of OT_ε(a, b), whose plan is π_ij = a_i b_j e^{(fBa_i + gAb_j − C_ij)/ε}; fAa and gBb of
 * OT_ε(a, a) and OT_ε(b, b), null without debiasing.
 */
export interface SinkhornPotentials {
  readonly fBa: Float64Array;
  readonly gAb: Float64Array;
  readonly fAa: Float64Array | null;
  readonly gBb: Float64Array | null;
}

/** The result of `sinkhorn` (engine/sinkhorn.ts). OT quantities carry no unit. */
export interface SinkhornResult {
  /** S_ε = OT_ε(a, b) − ½OT_ε(a, a) − ½OT_ε(b, b) with debias, else OT_ε(a, b); converged unless annealOnly. */
  readonly value: number;
  /** OT_ε(a, b) = min_π ⟨π, C⟩ + ε·KL(π ‖ a⊗b). */
  readonly otEps: number;
  /** ⟨π, C⟩ of the returned plan. */
  readonly transportCost: number;
  /** Iterations at the target ε after the warm start (0 with annealOnly). */
  readonly iterations: number;
  /** Temperatures of the ε-scaling warm start, the target ε included. */
  readonly annealingSteps: number;
  /** marginalError < tol. */
  readonly converged: boolean;
  /** Largest L1 marginal violation Σ_i |(π1)_i − a_i| (and of the columns, and of the debiasing problems' plans). */
  readonly marginalError: number;
  /** ε = blur^p. */
  readonly eps: number;
  readonly p: 1 | 2;
  readonly debias: boolean;
  readonly annealOnly: boolean;
  /**
   * Unbalanced OT's reach (ρ = reach^p weighs the KL marginal penalties); null: balanced.
   * With a reach, `marginalError` is the fixed-point residual Σ_i |a_i e^{(f_i − f̃_i)/ε} − a_i|
   * (the marginals are not constrained) and otEps / value are GeomLoss's unbalanced values.
   */
  readonly reach: number | null;
  readonly method: 'sinkhorn';
  readonly backend: BackendKind;
  /** Points of x. */
  readonly n: number;
  /** Points of y. */
  readonly m: number;
  /** With `potentials: true`; null otherwise. */
  readonly potentials: SinkhornPotentials | null;
  /** With `plan: true` (n·m ≤ MAX_PLAN_ENTRIES); null otherwise. */
  readonly plan: TransportPlan | null;
  /** What the caller should know (e.g. a WebGPU fault rerun on the CPU); empty when none. */
  readonly warnings: string[];
}

/** A MAUVE divergence frontier for plotting: points + 2 pairs, in mauve-text's order. */
export interface MauveFrontier {
  /** e^{−c·KL(q‖r_λ)}: 1 at the first (extreme) point, then λ ascending, 0 at the last. */
  readonly x: Float64Array;
  /** e^{−c·KL(p‖r_λ)}: 0 at the first point, 1 at the last. */
  readonly y: Float64Array;
}

/** `mauveFromHistograms`, and the MAUVE* part of a `mauve` result. */
export interface MauveFrontierResult {
  /** MAUVE: area under the frontier, averaged over both axis orientations, in [0, 1]. */
  readonly value: number;
  /** mauve-text's frontier integral in [0, 1] (0 when p = q). */
  readonly frontierIntegral: number;
  readonly frontier: MauveFrontier;
}

export interface MauveEstimate extends MauveFrontierResult {
  /** MAUVE* and its frontier: the same from counts smoothed by +½ (Krichevsky–Trofimov). */
  readonly star: MauveFrontierResult;
  /** Fraction of p's rows in each k-means cluster (length numBuckets). */
  readonly pHist: Float64Array;
  /** Fraction of q's rows in each cluster. */
  readonly qHist: Float64Array;
  readonly method: 'kmeans';
  readonly backend: BackendKind;
  /** Rows of p. */
  readonly n: number;
  /** Rows of q. */
  readonly m: number;
  /** K, the number of clusters (histogram bins). */
  readonly numBuckets: number;
  /** Principal components kept before k-means. */
  readonly components: number;
  /** Fraction of the variance those components keep (≥ options.explainedVariance). */
  readonly keptVariance: number;
  /** The kept k-means run: objective Σ‖z_i − μ_{a_i}‖², assignments made, its index, whether it reached a fixed point. */
  readonly kmeans: { readonly objective: number; readonly iterations: number; readonly restart: number; readonly converged: boolean };
  readonly warnings: string[];
}

/**
 * A kernel-based information quantity (Cauchy–Schwarz divergence, KDE entropies, matrix
 * Rényi entropy and mutual information, diffusion spectral entropy): in log units.
 */
export interface KernelInformationEstimate {
  readonly value: number;
  readonly unit: InformationUnit;
  readonly measure: string;
  /** The estimator ('kernel', 'gram', 'eigen', …). */
  readonly method: string;
  readonly kernel: string;
  /** σ of each kernel term as used ('median' / 'silverman' resolved), per input variable. */
  readonly bandwidths: readonly (readonly number[])[];
  readonly backend: BackendKind;
  /** Rows (of p or x). */
  readonly n: number;
  /** Rows of q for two-sample measures; null otherwise. */
  readonly m: number | null;
  /** Permutation p-value where the measure offers one; null otherwise. */
  readonly pValue: number | null;
  readonly warnings: string[];
}

/** `wasserstein1d` (engine/wasserstein-1d.ts): exact W_p of two 1-D samples, computed on the host. */
export interface WassersteinEstimate {
  /** W_p = (∫_0^1 |F⁻¹(t) − G⁻¹(t)|^p dt)^{1/p} (not its p-th power). */
  readonly value: number;
  readonly method: 'quantile';
  /** 'cpu': sorting runs on the host in float64 on every engine. */
  readonly backend: BackendKind;
  readonly n: number;
  readonly m: number;
  readonly p: number;
  readonly warnings: string[];
}

/** `slicedWasserstein` (engine/sliced-wasserstein.ts): (mean over directions of W_p^p)^{1/p}, on the host. */
export interface SlicedWassersteinEstimate {
  readonly value: number;
  readonly method: 'sliced';
  readonly backend: BackendKind;
  readonly n: number;
  readonly m: number;
  readonly p: number;
  /** Number of directions used. */
  readonly projections: number;
  readonly seed: number;
  readonly warnings: string[];
}

/** `wassersteinDependency` (engine/wasserstein-dependency.ts): S_ε between the joint and a product sample. */
export interface WassersteinDependencyEstimate {
  /** S_ε((x_i, y_i), (x_i, y_σ(i))), the debiased Sinkhorn divergence. */
  readonly value: number;
  readonly method: 'sinkhorn-divergence';
  readonly backend: BackendKind;
  readonly n: number;
  /** ε = blur^p. */
  readonly eps: number;
  readonly p: 1 | 2;
  /** Permutation p-value (options.permutations); null when not asked for. */
  readonly pValue: number | null;
  /** The observed solve (and every null solve) reached tol. */
  readonly converged: boolean;
  /** Largest marginal error over the solves. */
  readonly marginalError: number;
  readonly warnings: string[];
}

/** `discreteSinkhorn` (engine/discrete-sinkhorn.ts): entropic OT of many histogram pairs under one cost matrix. */
export interface DiscreteSinkhornResult {
  /** OT_ε(a_t, b_t) = min_π ⟨π, C⟩ + ε·KL(π ‖ a_t⊗b_t), one per pair t. */
  readonly values: Float64Array;
  /** Mean of `values`. */
  readonly value: number;
  /** ⟨π_t, C⟩ per pair (= POT's `sinkhorn2`). */
  readonly transportCosts: Float64Array;
  /** L1 row-marginal violation Σ_i |(π_t 1)_i − a_t,i| per pair (columns are exact). */
  readonly marginalErrors: Float64Array;
  /** Iterations at the target ε after the ε-scaling warm start. */
  readonly iterations: number;
  /** Every pair's marginal error is below tol. */
  readonly converged: boolean;
  readonly eps: number;
  readonly method: 'sinkhorn-log';
  readonly backend: BackendKind;
  /** Pairs. */
  readonly n: number;
  /** Bins of a (cost rows) and of b (cost columns). */
  readonly bins: readonly [rows: number, cols: number];
  readonly warnings: string[];
}
