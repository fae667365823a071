#!/usr/bin/python3
"""Golden values for the kNN estimators, made by the peers on seeded data.

Run:  /usr/bin/python3 tests/golden/make_knn_golden.py   (Debian python3-sklearn, python3-scipy)
Writes tests/golden/knn-estimators.json; the tests read it and never need Python.

- ksg1_sklearn: scikit-learn's own `_compute_mi_cc` (1-D x and y; it clips at 0, so
  cases are chosen with MI well above 0, and a near-independent case records both the
  clipped value and the raw value rebuilt from the same scikit-learn neighbour searches).
- ksg_scipy: KSG1 and KSG2 for multivariate x, y from scipy's cKDTree (max-norm), an
  independent implementation of the definitions in DESIGN.md §2.
- entropy_scipy: Kozachenko-Leonenko entropy from scipy's cKDTree (Euclidean) and
  scipy.special digamma / gammaln.
"""
import json
import os

import numpy as np
import sklearn
import scipy
from scipy.spatial import cKDTree
from scipy.special import digamma, gammaln
from sklearn.feature_selection._mutual_info import _compute_mi_cc
from sklearn.neighbors import KDTree, NearestNeighbors


def correlated_gaussian(rng, n, rho, dx=1, dy=1):
    """x ~ N(0, I_dx); y_c = rho * x_c + sqrt(1 - rho^2) * noise for c < min(dx, dy)."""
    x = rng.standard_normal((n, dx))
    noise = rng.standard_normal((n, dy))
    y = noise.copy()
    m = min(dx, dy)
    y[:, :m] = rho * x[:, :m] + np.sqrt(1 - rho**2) * noise[:, :m]
    return x, y


def ksg1_raw_from_sklearn_searches(x, y, k):
    """The quantity _compute_mi_cc computes, before its max(0, .), with the same searches."""
    n = x.shape[0]
    xy = np.hstack((x, y))
    radius = NearestNeighbors(metric="chebyshev", n_neighbors=k).fit(xy).kneighbors()[0][:, -1]
    radius = np.nextafter(radius, 0)
    nx = KDTree(x, metric="chebyshev").query_radius(x, radius, count_only=True) - 1.0
    ny = KDTree(y, metric="chebyshev").query_radius(y, radius, count_only=True) - 1.0
    return digamma(n) + digamma(k) - np.mean(digamma(nx + 1)) - np.mean(digamma(ny + 1))


def ksg_scipy(x, y, k, variant):
    n = x.shape[0]
    xy = np.hstack((x, y))
    dist, idx = cKDTree(xy).query(xy, k=k + 1, p=np.inf)
    dist, idx = dist[:, 1:], idx[:, 1:]
    tx, ty = cKDTree(x), cKDTree(y)
    if variant == 1:
        eps = np.nextafter(dist[:, -1], 0)  # strict count = count within the next float down
        nx = np.array([len(tx.query_ball_point(x[i], eps[i], p=np.inf)) - 1 for i in range(n)])
        ny = np.array([len(ty.query_ball_point(y[i], eps[i], p=np.inf)) - 1 for i in range(n)])
        return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))
    ex = np.array([np.max(np.abs(x[idx[i]] - x[i]).max(axis=1)) for i in range(n)])
    ey = np.array([np.max(np.abs(y[idx[i]] - y[i]).max(axis=1)) for i in range(n)])
    nx = np.array([len(tx.query_ball_point(x[i], ex[i], p=np.inf)) - 1 for i in range(n)])
    ny = np.array([len(ty.query_ball_point(y[i], ey[i], p=np.inf)) - 1 for i in range(n)])
    return digamma(k) - 1.0 / k + digamma(n) - np.mean(digamma(nx) + digamma(ny))


def kl_entropy_scipy(x, k):
    n, d = x.shape
    rho = cKDTree(x).query(x, k=k + 1, p=2)[0][:, -1]
    log_vd = (d / 2) * np.log(np.pi) - gammaln(d / 2 + 1)
    return digamma(n) - digamma(k) + log_vd + d * np.mean(np.log(rho))


def main():
    out = {
        "generator": "tests/golden/make_knn_golden.py",
        "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
        "ksg1_sklearn": [],
        "ksg_scipy": [],
        "entropy_scipy": [],
    }
    for seed, n, rho, k, offset in [(1, 500, 0.6, 3, 0.0), (2, 2000, 0.9, 3, 0.0), (3, 1000, 0.5, 5, 0.0),
                                    (4, 800, 0.8, 1, 1e4), (13, 1500, 0.0, 3, 0.0)]:
        rng = np.random.default_rng(seed)
        x, y = correlated_gaussian(rng, n, rho)
        x += offset
        out["ksg1_sklearn"].append({
            "seed": seed, "n": n, "rho": rho, "k": k, "offset": offset,
            "x": x[:, 0].tolist(), "y": y[:, 0].tolist(),
            "clipped": float(_compute_mi_cc(x[:, 0], y[:, 0], k)),
            "raw": float(ksg1_raw_from_sklearn_searches(x, y, k)),
        })
    for seed, n, rho, dx, dy, k in [(11, 600, 0.7, 2, 3, 3), (12, 400, 0.4, 3, 1, 4), (13, 700, 0.9, 1, 1, 2)]:
        rng = np.random.default_rng(seed)
        x, y = correlated_gaussian(rng, n, rho, dx, dy)
        out["ksg_scipy"].append({
            "seed": seed, "n": n, "rho": rho, "k": k, "dx": dx, "dy": dy,
            "x": x.ravel().tolist(), "y": y.ravel().tolist(),
            "ksg1": float(ksg_scipy(x, y, k, 1)), "ksg2": float(ksg_scipy(x, y, k, 2)),
        })
    for seed, n, d, k in [(21, 1000, 1, 3), (22, 800, 3, 4), (23, 500, 6, 1)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d)) * np.linspace(0.5, 2.0, d)
        out["entropy_scipy"].append({
            "seed": seed, "n": n, "d": d, "k": k, "x": x.ravel().tolist(), "entropy": float(kl_entropy_scipy(x, k)),
        })
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "knn-estimators.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
