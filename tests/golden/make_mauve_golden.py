#!/usr/bin/python3
"""Golden values for MAUVE, made by mauve-text itself on seeded features.

mauve-text (github.com/krishnap25/mauve) is not packaged for Debian and is never committed
here. Bring its source into a folder outside the repository and put it on PYTHONPATH:

    git -C <mirror of krishnap25/mauve> archive HEAD src | tar -x -C /tmp/mauve-src
    OMP_NUM_THREADS=1 PYTHONPATH=/tmp/mauve-src/src /usr/bin/python3 tests/golden/make_mauve_golden.py

(Debian's python3-faiss, python3-sklearn, python3-numpy; OMP_NUM_THREADS=1 because faiss's
OpenMP threads spin-wait and crawl on a loaded machine.) Writes tests/golden/mauve.json;
the tests read it and never need Python.

- features: pairs of feature sets (rounded to 3 decimals, so both sides read exactly the
  same numbers) drawn from Gaussian mixtures around a common offset, as embeddings are:
  near-identical (same distribution), mid-range, clearly different, unequal sizes, and a
  wide case with fewer rows than columns. For each, mauve-text's `compute_mauve` at several
  seeds (its seed-to-seed spread is the tolerance of infogpu's own clustering), its
  histograms, frontier and scores at the default seed 25, and scikit-learn's PCA
  explained-variance ratios and kept component count on the same normalised rows.
- histograms: hand-made histogram pairs (zero bins, disjoint supports, p = q, other
  scaling and points) through mauve-text's own curve, area and frontier-integral code.
"""
import json
import os

import faiss
import numpy as np
import sklearn
from sklearn.decomposition import PCA
from sklearn.metrics import auc
from sklearn.preprocessing import normalize

import mauve
from mauve.compute_mauve import get_divergence_curve_for_multinomials, get_fronter_integral

SEEDS = [25, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def mixture(rng, n, centres, weights, noise):
    comp = rng.choice(len(weights), size=n, p=weights)
    return centres[comp] + noise * rng.standard_normal((n, centres.shape[1]))


def feature_pair(seed, n, m, d, kind):
    rng = np.random.default_rng(seed)
    offset = 2.0 * rng.standard_normal(d)
    centres = offset + rng.standard_normal((8, d))
    weights = np.full(8, 1 / 8)
    p = mixture(rng, n, centres, weights, 0.7)
    if kind == "near-identical":
        q = mixture(rng, m, centres, weights, 0.7)
    elif kind == "mid-range":
        shifted = weights.copy()
        shifted[:4] *= 0.6
        shifted /= shifted.sum()
        q = mixture(rng, m, centres + 0.25 * rng.standard_normal(centres.shape), shifted, 0.7)
    else:  # clearly different
        q = mixture(rng, m, centres + 1.2 * rng.standard_normal(centres.shape), weights, 0.7)
    return np.round(p, 3), np.round(q, 3)


def area(curve):
    """MAUVE from a curve exactly as compute_mauve: both orientations, numpy argsort, sklearn auc."""
    x, y = curve.T
    i1, i2 = np.argsort(x), np.argsort(y)
    return 0.5 * (auc(x[i1], y[i1]) + auc(y[i2], x[i2]))


def feature_case(name, seed, n, m, d, kind):
    p, q = feature_pair(seed, n, m, d, kind)
    runs = [mauve.compute_mauve(p_features=p, q_features=q, seed=s) for s in SEEDS]
    default = runs[0]
    pca = PCA(n_components=None, whiten=False).fit(normalize(np.vstack([q, p]), norm="l2", axis=1))
    ratios = pca.explained_variance_ratio_
    kept = int(np.argmax(np.cumsum(ratios) >= 0.9)) + 1
    values = [r.mauve for r in runs]
    return {
        "name": name,
        "kind": kind,
        "seed": seed,
        "n": n,
        "m": m,
        "d": d,
        "p": p.ravel().tolist(),
        "q": q.ravel().tolist(),
        "pca": {"explained_variance_ratio": ratios.tolist(), "components": kept},
        "seeds": SEEDS,
        "mauve_by_seed": values,
        "mauve_star_by_seed": [r.mauve_star for r in runs],
        "spread": max(values) - min(values),
        "mean": float(np.mean(values)),
        "default_seed": {
            "num_buckets": int(default.num_buckets),
            "p_hist": default.p_hist.tolist(),
            "q_hist": default.q_hist.tolist(),
            "p_counts": np.rint(default.p_hist * n).astype(int).tolist(),
            "q_counts": np.rint(default.q_hist * m).astype(int).tolist(),
            "mauve": default.mauve,
            "frontier_integral": default.frontier_integral,
            "mauve_star": default.mauve_star,
            "frontier_integral_star": default.frontier_integral_star,
            "divergence_curve": default.divergence_curve.tolist(),
        },
    }


def histogram_case(name, p, q, scaling=5, points=25):
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    ph, qh = p / p.sum(), q / q.sum()
    curve = get_divergence_curve_for_multinomials(ph, qh, np.linspace(1e-6, 1 - 1e-6, points), scaling)
    return {
        "name": name,
        "p": p.tolist(),
        "q": q.tolist(),
        "scaling": scaling,
        "points": points,
        "mauve": area(curve),
        "frontier_integral": get_fronter_integral(ph, qh),
        "divergence_curve": curve.tolist(),
    }


def main():
    out = {
        "generator": "tests/golden/make_mauve_golden.py",
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__, "faiss": faiss.__version__},
        "features": [
            feature_case("near-identical, n = m = 400, d = 16", 101, 400, 400, 16, "near-identical"),
            feature_case("mid-range, n = m = 400, d = 16", 102, 400, 400, 16, "mid-range"),
            feature_case("clearly different, n = m = 400, d = 16", 103, 400, 400, 16, "clearly different"),
            feature_case("mid-range, unequal sizes n = 500, m = 300, d = 24", 104, 500, 300, 24, "mid-range"),
            feature_case("wide: n = m = 40 < d = 96 (Gram-side PCA)", 105, 40, 40, 96, "mid-range"),
        ],
        "histograms": [
            histogram_case("counts with zero bins", [5, 0, 3, 9, 1, 0, 2], [2, 4, 3, 0, 6, 1, 4]),
            histogram_case("disjoint supports", [1, 2, 0, 0], [0, 0, 3, 1]),
            histogram_case("p = q (ties on the frontier)", [3, 1, 4, 1, 5], [3, 1, 4, 1, 5]),
            histogram_case("nearly equal", [100, 101, 99, 100], [101, 100, 100, 99]),
            histogram_case("scaling 2, points 50", [0.1, 0.5, 0.4], [0.3, 0.3, 0.4], scaling=2, points=50),
            histogram_case("scaling 10, points 7, smoothed counts", [7.5, 0.5, 2.5, 4.5], [1.5, 6.5, 3.5, 0.5], scaling=10, points=7),
            histogram_case("two points", [1, 3], [3, 1], points=2),
        ],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mauve.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    for c in out["features"]:
        print(f'{c["name"]}: mean {c["mean"]:.4f} spread {c["spread"]:.4f} K {c["default_seed"]["num_buckets"]} PCA {c["pca"]["components"]}')


if __name__ == "__main__":
    main()
