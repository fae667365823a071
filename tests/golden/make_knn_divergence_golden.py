#!/usr/bin/python3
"""Golden values for the kNN divergences, Rényi/Tsallis entropies and conditional MI.

Run:  /usr/bin/python3 tests/golden/make_knn_divergence_golden.py   (Debian python3-scipy)
Writes tests/golden/knn-divergences.json; the tests read it and never need Python.

No packaged peer implements these estimators, so each is computed here from its
published formula with scipy's cKDTree neighbour distances and scipy.special
(digamma, gammaln, logsumexp), independently of the TypeScript code:
- KL: Wang, Kulkarni & Verdu 2009 (orders k in p, l in q); cross-entropy: Leonenko,
  Pronzato & Savani 2008; alpha-integral, Renyi, Tsallis, Bhattacharyya, Hellinger:
  Poczos & Schneider 2011; L2: Poczos, Xiong & Schneider 2011; JS: Kozachenko-Leonenko
  entropies of p, q and the pooled sample with weights n/(n+m), m/(n+m).
- nn-ratio: Noshad, Moon, Yasaei Sekeh & Hero 2017 (counts of p and q points among the
  k nearest pooled neighbours of each q point; one k, and the ensemble over k with the
  weights that cancel the 1/k bias term).
- Renyi / Tsallis entropy: Leonenko, Pronzato & Savani 2008.
- Conditional MI: Frenzel & Pompe 2007 (max-norm, strict counts).
"""
import json
import os

import numpy as np
import scipy
from scipy.spatial import cKDTree
from scipy.special import digamma, gammaln, logsumexp


def kth(query, ref, k, self_excluded):
    dist = cKDTree(ref).query(query, k=k + (1 if self_excluded else 0), p=2)[0]
    return dist[:, -1] if dist.ndim == 2 else dist


def log_vd(d):
    return (d / 2) * np.log(np.pi) - gammaln(d / 2 + 1)


def kl_entropy(x, k):
    n, d = x.shape
    return digamma(n) - digamma(k) + log_vd(d) + d * np.mean(np.log(kth(x, x, k, True)))


def divergences(p, q, k, l, alpha):
    n, d = p.shape
    m = q.shape[0]
    rho, nu = kth(p, p, k, True), kth(p, q, l, False)
    out = {
        "kl": d * np.mean(np.log(nu / rho)) + np.log(m / (n - 1)) + digamma(k) - digamma(l),
        "cross_entropy": np.log(m) + log_vd(d) - digamma(l) + d * np.mean(np.log(nu)),
    }
    nu_k = kth(p, q, k, False)

    def log_integral(a):
        log_b = 2 * gammaln(k) - gammaln(k - a + 1) - gammaln(k + a - 1)
        t = (1 - a) * (np.log((n - 1) / m) + d * (np.log(rho) - np.log(nu_k))) + log_b
        return logsumexp(t) - np.log(n)

    out["renyi"] = log_integral(alpha) / (alpha - 1)
    out["tsallis"] = (np.exp(log_integral(alpha)) - 1) / (alpha - 1)
    out["bhattacharyya"] = -log_integral(0.5)
    out["hellinger"] = 1 - np.exp(log_integral(0.5))
    vd = np.exp(log_vd(d))
    dens = lambda r, count: np.mean((k - 1) / (count * vd * r**d))
    pp = dens(rho, n - 1)
    qq = dens(kth(q, q, k, True), m - 1)
    pq = 0.5 * (dens(nu_k, m) + dens(kth(q, p, k, False), n))
    out["l2"] = pp - 2 * pq + qq
    w = n / (n + m)
    out["js"] = kl_entropy(np.vstack([p, q]), k) - w * kl_entropy(p, k) - (1 - w) * kl_entropy(q, k)
    return {key: float(v) for key, v in out.items()}


def nn_ratio(p, q, ks, alpha):
    n, m = p.shape[0], q.shape[0]
    pooled = np.vstack([p, q])
    idx = cKDTree(pooled).query(q, k=max(ks) + 1, p=2)[1][:, 1:]  # drop q_i itself (distance 0)
    g = {"kl": lambda t: np.where(t > 0, t * np.log(np.where(t > 0, t, 1)), 0.0),
         "js": lambda t: 0.5 * (np.where(t > 0, t * np.log(np.where(t > 0, 2 * t / (1 + t), 1)), 0.0) + np.log(2 / (1 + t))),
         "alpha": lambda t: t**alpha, "sqrt": np.sqrt}
    per_k = {}
    for k in ks:
        from_p = (idx[:, :k] < n).sum(axis=1)
        t = (m / n) * from_p / (k - from_p + 1)
        per_k[k] = {name: float(np.mean(f(t))) for name, f in g.items()}
    inv = 1.0 / np.array(ks, dtype=float)
    s1, s2 = inv.sum(), (inv**2).sum()
    w = (s2 - s1 * inv) / (len(ks) * s2 - s1**2)
    ens = {name: float(sum(w[i] * per_k[k][name] for i, k in enumerate(ks))) for name in g}

    def measures(G):
        return {"kl": G["kl"], "js": G["js"], "renyi": float(np.log(G["alpha"]) / (alpha - 1)),
                "tsallis": float((G["alpha"] - 1) / (alpha - 1)), "bhattacharyya": float(-np.log(G["sqrt"])),
                "hellinger": float(1 - G["sqrt"])}
    return {"single": measures(per_k[ks[-1]]), "ensemble": measures(ens)}


def renyi_entropy(x, k, alpha):
    n, d = x.shape
    rho = kth(x, x, k, True)
    t = (1 - alpha) * (np.log(n - 1) + log_vd(d) + d * np.log(rho)) + gammaln(k) - gammaln(k + 1 - alpha)
    log_i = logsumexp(t) - np.log(n)
    return {"renyi": float(log_i / (1 - alpha)), "tsallis": float((1 - np.exp(log_i)) / (alpha - 1))}


def cmi(x, y, z, k):
    n = x.shape[0]
    xzy = np.hstack([x, z, y])
    eps = cKDTree(xzy).query(xzy, k=k + 1, p=np.inf)[0][:, -1]
    eps = np.nextafter(eps, 0)  # strict count = count within the next float down

    def mean_psi(s):
        t = cKDTree(s)
        return np.mean([digamma(len(t.query_ball_point(s[i], eps[i], p=np.inf))) for i in range(n)])

    # query_ball_point counts i itself, so len = n_s + 1
    return float(digamma(k) - mean_psi(np.hstack([x, z])) - mean_psi(np.hstack([z, y])) + mean_psi(z))


def main():
    out = {"generator": "tests/golden/make_knn_divergence_golden.py",
           "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
           "divergences": [], "renyi_entropy": [], "cmi": []}
    for seed, n, m, d, shift, k, l, alpha in [(31, 600, 500, 1, 0.7, 3, 3, 2.0), (32, 400, 700, 2, 0.4, 4, 2, 0.7),
                                              (33, 500, 500, 3, 1.0, 5, 5, 1.5)]:
        rng = np.random.default_rng(seed)
        p = rng.standard_normal((n, d))
        q = rng.standard_normal((m, d)) * 1.3 + shift
        out["divergences"].append({"seed": seed, "n": n, "m": m, "d": d, "k": k, "l": l, "alpha": alpha,
                                   "p": p.ravel().tolist(), "q": q.ravel().tolist(), **divergences(p, q, k, l, alpha)})
        ks = sorted({max(1, int(np.ceil(i * np.sqrt(m) / 10))) for i in range(1, 11)})
        out["divergences"][-1]["nn_ratio"] = {"ensemble_ks": ks, **nn_ratio(p, q, ks, alpha)}
    for seed, n, d, k, alpha in [(41, 800, 1, 3, 2.0), (42, 600, 3, 4, 0.5), (43, 700, 2, 2, 2.5)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d))
        out["renyi_entropy"].append({"seed": seed, "n": n, "d": d, "k": k, "alpha": alpha, "x": x.ravel().tolist(),
                                     **renyi_entropy(x, k, alpha)})
    for seed, n, dx, dy, dz, k in [(51, 700, 1, 1, 1, 3), (52, 500, 2, 1, 2, 4)]:
        rng = np.random.default_rng(seed)
        z = rng.standard_normal((n, dz))
        x = z[:, :1] + 0.8 * rng.standard_normal((n, dx))
        y = 0.5 * x[:, :1] + z[:, -1:] + rng.standard_normal((n, dy))
        out["cmi"].append({"seed": seed, "n": n, "dx": dx, "dy": dy, "dz": dz, "k": k, "x": x.ravel().tolist(),
                           "y": y.ravel().tolist(), "z": z.ravel().tolist(), "cmi": cmi(x, y, z, k)})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "knn-divergences.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
