#!/usr/bin/python3
"""Golden values for tests/sinkhorn.test.ts: entropic OT from POT, exact OT, closed forms.

Run: /usr/bin/python3 tests/golden/make_sinkhorn_golden.py  (writes sinkhorn.json beside it)

- "pot": POT's log-domain Sinkhorn (ot.sinkhorn, method='sinkhorn_log', stopThr=1e-13) with
  M = ||x - y||^2 / 2 (p = 2) or ||x - y|| (p = 1) and reg = eps = blur^p. From its plan G:
  transportCost = <G, M>, otEps = <G, M> + eps * KL(G || a b^T), and the debiased
  S_eps = OT(a, b) - OT(a, a)/2 - OT(b, b)/2 from three solves. The plan itself is kept.
- "emd": ot.emd2 (exact OT, M = ||x - y||^2 / 2) for the eps -> 0 sanity check.
- "gaussian": the closed form of entropic OT between 1-D Gaussians (Janati et al. 2020,
  Thm. 1; Mallasto et al. 2021) for the cost ||x - y||^2 / 2 (half of their cost ||x - y||^2
  with 2 sigma^2 = 2 eps), on quantile points x_i = m + s * Phi^-1((i + 1/2) / n); POT on the
  same points gives the discretisation error, which the test's tolerance covers.
- "anneal": GeomLoss's annealing-only estimate (its sinkhorn_loop: epsilon schedule,
  symmetric averaged updates, last extrapolation), re-implemented here in float64 numpy
  because GeomLoss needs PyTorch, which is not installable here.
"""
import json
import os

import numpy as np
import ot
from scipy.special import logsumexp
from scipy.stats import norm

STOP = 1e-13


def cost(x, y, p):
    d = np.sqrt(((x[:, None, :] - y[None, :, :]) ** 2).sum(-1))
    return d**2 / 2 if p == 2 else d


def entropic(a, b, M, eps):
    G = ot.sinkhorn(a, b, M, eps, method="sinkhorn_log", stopThr=STOP, numItermax=200000)
    nz = G > 0
    kl = (G[nz] * np.log(G[nz] / np.outer(a, b)[nz])).sum() - G.sum() + 1
    transport = float((G * M).sum())
    return G, transport, transport + eps * float(kl)


def pot_case(name, x, y, a, b, p, blur):
    eps = blur**p
    G, transport, ot_ab = entropic(a, b, cost(x, y, p), eps)
    _, _, ot_aa = entropic(a, a, cost(x, x, p), eps)
    _, _, ot_bb = entropic(b, b, cost(y, y, p), eps)
    return {
        "name": name,
        "x": x.ravel().tolist(),
        "y": y.ravel().tolist(),
        "rows": [len(x), len(y)],
        "cols": x.shape[1],
        "a": a.tolist(),
        "b": b.tolist(),
        "p": p,
        "blur": blur,
        "eps": eps,
        "otEps": ot_ab,
        "transportCost": transport,
        "divergence": ot_ab - ot_aa / 2 - ot_bb / 2,
        "plan": G.ravel().tolist(),
        "planMarginalError": float(np.abs(G.sum(1) - a).sum() + np.abs(G.sum(0) - b).sum()),
    }


def janati_half(m1, s1, m2, s2, eps):
    """Entropic OT between N(m1, s1^2) and N(m2, s2^2) for the cost |x - y|^2 / 2."""
    A, B, sig2 = s1**2, s2**2, eps
    D = np.sqrt(4 * A * B + sig2**2)
    full = (m1 - m2) ** 2 + A + B - D + sig2 * (1 - np.log(2 * sig2)) + sig2 * np.log(D + sig2)
    return full / 2


def gaussian_case(n, m1, s1, m2, s2, blur):
    eps = blur**2
    q = (np.arange(n) + 0.5) / n
    x = (m1 + s1 * norm.ppf(q))[:, None]
    y = (m2 + s2 * norm.ppf(q))[:, None]
    u = np.full(n, 1.0 / n)
    _, _, ot_ab = entropic(u, u, cost(x, y, 2), eps)
    _, _, ot_aa = entropic(u, u, cost(x, x, 2), eps)
    _, _, ot_bb = entropic(u, u, cost(y, y, 2), eps)
    closed_ab = janati_half(m1, s1, m2, s2, eps)
    closed_div = closed_ab - janati_half(m1, s1, m1, s1, eps) / 2 - janati_half(m2, s2, m2, s2, eps) / 2
    return {
        "n": n,
        "x": x.ravel().tolist(),
        "y": y.ravel().tolist(),
        "means": [m1, m2],
        "sds": [s1, s2],
        "blur": blur,
        "eps": eps,
        "closedOtEps": float(closed_ab),
        "closedDivergence": float(closed_div),
        "potOtEps": ot_ab,
        "potDivergence": ot_ab - ot_aa / 2 - ot_bb / 2,
    }


def geomloss_anneal(x, y, a, b, p, blur, scaling, debias):
    """GeomLoss's sinkhorn_loop + sinkhorn_cost (balanced, single scale) in float64."""
    mins = np.minimum(x.min(0), y.min(0))
    maxs = np.maximum(x.max(0), y.max(0))
    diameter = max(float(np.linalg.norm(maxs - mins)), blur)
    eps_list = [diameter**p] + [float(np.exp(e)) for e in np.arange(p * np.log(diameter), p * np.log(blur), p * np.log(scaling))] + [blur**p]
    la, lb = np.log(a), np.log(b)
    Cxy, Cyx, Cxx, Cyy = cost(x, y, p), cost(y, x, p), cost(x, x, p), cost(y, y, p)

    def softmin(eps, C, h):
        return -eps * logsumexp(h[None, :] - C / eps, axis=1)

    eps = eps_list[0]
    g_ab, f_ba = softmin(eps, Cyx, la), softmin(eps, Cxy, lb)
    f_aa, g_bb = softmin(eps, Cxx, la), softmin(eps, Cyy, lb)
    for eps in eps_list:
        ft_ba, gt_ab = softmin(eps, Cxy, lb + g_ab / eps), softmin(eps, Cyx, la + f_ba / eps)
        ft_aa, gt_bb = softmin(eps, Cxx, la + f_aa / eps), softmin(eps, Cyy, lb + g_bb / eps)
        f_ba, g_ab = 0.5 * (f_ba + ft_ba), 0.5 * (g_ab + gt_ab)
        f_aa, g_bb = 0.5 * (f_aa + ft_aa), 0.5 * (g_bb + gt_bb)
    f_ba, g_ab = softmin(eps, Cxy, lb + g_ab / eps), softmin(eps, Cyx, la + f_ba / eps)
    f_aa, g_bb = softmin(eps, Cxx, la + f_aa / eps), softmin(eps, Cyy, lb + g_bb / eps)
    if debias:
        return float(a @ (f_ba - f_aa) + b @ (g_ab - g_bb)), len(eps_list)
    return float(a @ f_ba + b @ g_ab), len(eps_list)


def main():
    rng = np.random.default_rng(20261123)
    cases = []

    x = rng.normal(size=(60, 2))
    y = rng.normal(size=(50, 2)) * 0.8 + np.array([1.0, 0.5])
    cases.append(pot_case("2-D, uniform weights, blur 0.5", x, y, np.full(60, 1 / 60), np.full(50, 1 / 50), 2, 0.5))

    x3 = rng.normal(size=(40, 3))
    y3 = rng.normal(size=(30, 3)) + 0.7
    a3, b3 = rng.dirichlet(np.ones(40)), rng.dirichlet(np.ones(30))
    cases.append(pot_case("3-D, random weights, blur 0.3", x3, y3, a3, b3, 2, 0.3))

    x1 = rng.normal(size=(50, 1))
    y1 = rng.exponential(size=(45, 1))
    cases.append(pot_case("1-D, p = 1, blur 0.2", x1, y1, np.full(50, 1 / 50), np.full(45, 1 / 45), 1, 0.2))

    xe = rng.normal(size=(25, 2))
    ye = rng.normal(size=(25, 2)) + np.array([0.5, -0.5])
    u = np.full(25, 1 / 25)
    emd = {"x": xe.ravel().tolist(), "y": ye.ravel().tolist(), "rows": 25, "cols": 2, "value": float(ot.emd2(u, u, cost(xe, ye, 2)))}

    anneal = []
    for debias in (True, False):
        value, steps = geomloss_anneal(x, y, np.full(60, 1 / 60), np.full(50, 1 / 50), 2, 0.5, 0.5, debias)
        anneal.append({"debias": debias, "blur": 0.5, "scaling": 0.5, "value": value, "annealingSteps": steps})

    golden = {
        "generator": "tests/golden/make_sinkhorn_golden.py",
        "pot": ot.__version__,
        "numpy": np.__version__,
        "cases": cases,
        "emd": emd,
        "gaussian": [gaussian_case(1000, 0.0, 1.0, 1.0, 1.5, 0.7), gaussian_case(1000, 0.0, 1.0, 0.5, 0.6, 0.3)],
        "anneal": {"case": 0, "runs": anneal},
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sinkhorn.json")
    with open(out, "w") as f:
        json.dump(golden, f)
    print("wrote", out)


if __name__ == "__main__":
    main()
