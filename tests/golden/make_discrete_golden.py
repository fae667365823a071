#!/usr/bin/python3
"""Golden values for row divergences and entropies from counts.

Run:  /usr/bin/python3 tests/golden/make_discrete_golden.py   (Debian python3-scipy)
Writes tests/golden/discrete.json; the tests read it and never need Python.

- rows: every measure in log space from scipy.special.log_softmax (so logits near 1e3,
  whose softmax underflows in float64, still give finite values); where the softmax does
  not underflow the script also checks them against scipy's own rel_entr (KL),
  jensenshannon (squared, base e) and entropy (cross-entropy = H(p) + KL).
- counts: scipy.stats.entropy (plugin); Miller-Madow, Grassberger 2003, Chao-Shen 2003
  and NSB (Nemenman, Shafee & Bialek 2002, integrated with scipy.integrate.quad over
  log beta) written here from the papers' formulas, independently of the TypeScript code.
"""
import json
import os

import numpy as np
import scipy
from scipy.integrate import quad
from scipy.spatial.distance import jensenshannon
from scipy.special import digamma, gammaln, log_softmax, logsumexp, polygamma, rel_entr, softmax
from scipy.stats import entropy


def row_measures(lp, lq, alpha):
    p, q = np.exp(lp), np.exp(lq)
    lm = np.logaddexp(lp, lq) - np.log(2)
    log_s = logsumexp(alpha * lp + (1 - alpha) * lq, axis=1)
    return {
        "kl": np.sum(p * (lp - lq), axis=1),
        "reverse-kl": np.sum(q * (lq - lp), axis=1),
        "js": 0.5 * np.sum(p * (lp - lm) + q * (lq - lm), axis=1),
        "tv": 0.5 * np.abs(p - q).sum(axis=1),
        "hellinger": 1 - np.exp(0.5 * (lp + lq)).sum(axis=1),
        "renyi": log_s / (alpha - 1),
        "tsallis": (np.exp(log_s) - 1) / (alpha - 1),
        "alpha": (1 - np.exp(log_s)) / (alpha * (1 - alpha)),
        "cross-entropy": -np.sum(p * lq, axis=1),
    }


def check_against_scipy(values, p, q):
    """Where the float64 softmax does not underflow, scipy's own functions agree."""
    assert np.allclose(values["kl"], rel_entr(p, q).sum(axis=1), rtol=1e-10, atol=1e-13)
    assert np.allclose(values["js"], jensenshannon(p, q, axis=1) ** 2, rtol=1e-8, atol=1e-13)
    assert np.allclose(values["cross-entropy"], entropy(p, axis=1) + rel_entr(p, q).sum(axis=1), rtol=1e-10)


def grassberger(n):
    N = n.sum()
    c = n[n > 0]
    G = digamma(c) + 0.5 * (-1.0) ** c * (digamma((c + 1) / 2) - digamma(c / 2))
    return np.log(N) - np.sum(c * G) / N


def chao_shen(n):
    N = n.sum()
    c = n[n > 0].astype(float)
    f1 = np.sum(c == 1)
    if f1 == N:
        f1 = N - 1
    C = 1 - f1 / N
    pa = C * c / N
    return -np.sum(pa * np.log(pa) / (1 - (1 - pa) ** N))


def nsb(n):
    K, N = len(n), n.sum()

    def log_w(lb):
        b = np.exp(lb)
        ll = gammaln(K * b) - gammaln(N + K * b) + np.sum(gammaln(n + b) - gammaln(b))
        dxi = K * polygamma(1, K * b + 1) - polygamma(1, b + 1)
        return ll + np.log(dxi) + lb

    def mean_h(lb):
        b = np.exp(lb)
        return digamma(N + K * b + 1) - np.sum((n + b) / (N + K * b) * digamma(n + b + 1))

    grid = np.linspace(np.log(1e-8), np.log(1e8), 2001)
    shift = max(log_w(g) for g in grid)
    peak = grid[int(np.argmax([log_w(g) for g in grid]))]
    w = lambda lb: np.exp(log_w(lb) - shift)
    pts = [peak]
    num = quad(lambda lb: w(lb) * mean_h(lb), grid[0], grid[-1], points=pts, limit=500, epsabs=0, epsrel=1e-12)[0]
    den = quad(w, grid[0], grid[-1], points=pts, limit=500, epsabs=0, epsrel=1e-12)[0]
    return num / den


def main():
    out = {"generator": "tests/golden/make_discrete_golden.py", "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
           "rows": [], "counts": []}
    for seed, rows, vocab, scale, temperature, alpha in [(81, 7, 50, 3.0, 1.0, 0.5), (82, 5, 1000, 1000.0, 2.0, 1.7), (83, 4, 300, 0.3, 0.5, 2.0)]:
        rng = np.random.default_rng(seed)
        zp = rng.standard_normal((rows, vocab)) * scale
        zq = zp + rng.standard_normal((rows, vocab)) * scale * 0.3
        lp, lq = log_softmax(zp / temperature, axis=1), log_softmax(zq / temperature, axis=1)
        p, q = softmax(zp / temperature, axis=1), softmax(zq / temperature, axis=1)
        values = row_measures(lp, lq, alpha)
        underflows = bool(np.any(p == 0) or np.any(q == 0))
        if not underflows:
            check_against_scipy(values, p, q)
        out["rows"].append({"seed": seed, "rows": rows, "vocab": vocab, "temperature": temperature, "alpha": alpha,
                            "softmax_underflows": underflows, "logits_p": zp.ravel().tolist(), "logits_q": zq.ravel().tolist(),
                            "probs_p": p.ravel().tolist(), "probs_q": q.ravel().tolist(),
                            "values": {k: v.tolist() for k, v in values.items()}})
    for seed, K, N in [(91, 10, 1000), (92, 200, 150), (93, 50, 40), (94, 3, 12)]:
        rng = np.random.default_rng(seed)
        probs = rng.dirichlet(np.full(K, 0.5))
        n = np.bincount(rng.choice(K, size=N, p=probs), minlength=K)
        N_ = n.sum()
        Kplus = np.sum(n > 0)
        out["counts"].append({"seed": seed, "counts": n.tolist(), "plugin": float(entropy(n)),
                              "miller-madow": float(entropy(n) + (Kplus - 1) / (2 * N_)),
                              "grassberger": float(grassberger(n)), "chao-shen": float(chao_shen(n)), "nsb": float(nsb(n))})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "discrete.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
