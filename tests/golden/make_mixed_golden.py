#!/usr/bin/python3
"""Golden values for the discrete, mixed and multivariate information estimators.

Run:  /usr/bin/python3 tests/golden/make_mixed_golden.py   (Debian python3-sklearn, python3-scipy)
Writes tests/golden/mixed-information.json; the tests read it and never need Python.

- ross: scikit-learn's own `_compute_mi_cd` (clips at 0; cases have MI well above 0),
  and `mutual_info_classif` on several columns (it rescales and adds 1e-10 noise).
- discrete: scikit-learn's `mutual_info_score`.
- mixed: Mixed-KSG of Gao, Kannan, Oh & Viswanath 2017 as their reference code computes
  it (digamma of counts that include the point; exact ties for rho = 0), from scipy cKDTree.
- total / dual total correlation: the KSG construction with one joint max-norm radius
  and strict counts in each variable and each complement, from scipy cKDTree.
- transfer entropy: Frenzel-Pompe CMI over delay embeddings, from scipy cKDTree.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.spatial import cKDTree
from scipy.special import digamma
from sklearn.feature_selection import mutual_info_classif
from sklearn.feature_selection._mutual_info import _compute_mi_cd
from sklearn.metrics import mutual_info_score


def strict_counts(s, eps):
    """#{j != i : ||s_j - s_i||_inf < eps_i} (query_ball_point counts i itself)."""
    t = cKDTree(s)
    r = np.nextafter(eps, 0)
    return np.array([len(t.query_ball_point(s[i], r[i], p=np.inf)) - 1 for i in range(len(s))])


def inclusive_counts(s, radius):
    t = cKDTree(s)
    return np.array([len(t.query_ball_point(s[i], radius[i], p=np.inf)) - 1 for i in range(len(s))])


def mixed_mi(x, y, k):
    n = x.shape[0]
    xy = np.hstack([x, y])
    rho = cKDTree(xy).query(xy, k=k + 1, p=np.inf)[0][:, -1]
    tied = rho == 0
    safe = np.where(tied, 1.0, rho)
    strict = lambda s: strict_counts(s, safe) + 1  # includes the point, as the reference code
    same = lambda s: inclusive_counts(s, np.zeros(n)) + 1
    xi = np.where(tied, digamma(same(xy)) - digamma(same(x)) - digamma(same(y)),
                  digamma(k) - digamma(strict(x)) - digamma(strict(y)))
    return float(np.log(n) + np.mean(xi))


def tc_dtc(variables, k):
    n, m = variables[0].shape[0], len(variables)
    joint = np.hstack(variables)
    eps = cKDTree(joint).query(joint, k=k + 1, p=np.inf)[0][:, -1]
    marg = sum(np.mean(digamma(strict_counts(v, eps) + 1)) for v in variables)
    comp = sum(np.mean(digamma(strict_counts(np.hstack(variables[:j] + variables[j + 1:]), eps) + 1)) for j in range(m))
    return float((m - 1) * digamma(n) + digamma(k) - marg), float(digamma(n) + (m - 1) * digamma(k) - comp)


def cmi(x, y, z, k):
    xzy = np.hstack([x, z, y])
    eps = cKDTree(xzy).query(xzy, k=k + 1, p=np.inf)[0][:, -1]
    psi = lambda s: np.mean(digamma(strict_counts(s, eps) + 1))
    return float(digamma(k) - psi(np.hstack([x, z])) - psi(np.hstack([z, y])) + psi(z))


def transfer_entropy(src, tgt, lag, hs, ht, k):
    t0 = max(ht, lag + hs - 1)
    T = len(tgt)
    fut = tgt[t0:T, None]
    tpast = np.column_stack([tgt[t0 - h:T - h] for h in range(1, ht + 1)])
    spast = np.column_stack([src[t0 - (lag + h):T - (lag + h)] for h in range(hs)])
    return cmi(fut, spast, tpast, k)


def main():
    out = {"generator": "tests/golden/make_mixed_golden.py",
           "versions": {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__},
           "ross": [], "classif": [], "discrete": [], "mixed": [], "multivariate": [], "transfer": []}
    for seed, n, classes, k in [(61, 600, 3, 3), (62, 1000, 2, 5), (63, 400, 5, 2)]:
        rng = np.random.default_rng(seed)
        labels = rng.integers(0, classes, n)
        labels[0] = classes + 7  # one label that occurs once: scikit-learn drops that row
        x = rng.standard_normal(n) + 0.8 * labels
        out["ross"].append({"seed": seed, "n": n, "k": k, "x": x.tolist(), "labels": labels.tolist(),
                            "clipped": float(_compute_mi_cd(x, labels, k))})
    rng = np.random.default_rng(64)
    n = 500
    labels = rng.integers(0, 3, n)
    X = np.column_stack([rng.standard_normal(n) + labels, rng.standard_normal(n) * 3 + 10, np.sin(labels) + 0.3 * rng.standard_normal(n)])
    out["classif"].append({"seed": 64, "n": n, "cols": 3, "k": 3, "X": X.ravel().tolist(), "labels": labels.tolist(),
                           "values": mutual_info_classif(X, labels, n_neighbors=3, random_state=0).tolist()})
    for seed, n, a, b in [(65, 1000, 4, 3), (66, 300, 7, 5)]:
        rng = np.random.default_rng(seed)
        x = rng.integers(0, a, n)
        y = (x + rng.integers(0, b, n)) % b
        out["discrete"].append({"seed": seed, "n": n, "x": x.tolist(), "y": y.tolist(), "mi": float(mutual_info_score(x, y))})
    for seed, n, k in [(67, 800, 3), (68, 600, 5)]:
        rng = np.random.default_rng(seed)
        x = rng.integers(0, 4, n).astype(float)[:, None]
        y = np.where(rng.random(n) < 0.3, 0.0, x[:, 0] + rng.uniform(0, 2, n))[:, None]  # zero-inflated
        out["mixed"].append({"seed": seed, "n": n, "k": k, "x": x.ravel().tolist(), "y": y.ravel().tolist(), "mi": mixed_mi(x, y, k)})
    for seed, n, dims, k in [(69, 500, [1, 1, 1], 3), (70, 400, [2, 1, 2, 1], 4)]:
        rng = np.random.default_rng(seed)
        common = rng.standard_normal((n, 1))
        variables = [common * 0.7 + rng.standard_normal((n, d)) for d in dims]
        tc, dtc = tc_dtc(variables, k)
        out["multivariate"].append({"seed": seed, "n": n, "dims": dims, "k": k, "vars": [v.ravel().tolist() for v in variables],
                                    "tc": tc, "dtc": dtc})
    for seed, T, lag, hs, ht, k in [(71, 700, 1, 1, 1, 3), (72, 600, 2, 2, 3, 4)]:
        rng = np.random.default_rng(seed)
        src = rng.standard_normal(T)
        tgt = np.zeros(T)
        for t in range(2, T):
            tgt[t] = 0.5 * tgt[t - 1] + 0.6 * src[t - lag] + 0.5 * rng.standard_normal()
        out["transfer"].append({"seed": seed, "T": T, "lag": lag, "hs": hs, "ht": ht, "k": k, "source": src.tolist(),
                                "target": tgt.tolist(), "te": transfer_entropy(src, tgt, lag, hs, ht, k)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mixed-information.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
