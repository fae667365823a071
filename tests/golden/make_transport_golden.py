#!/usr/bin/python3
"""Golden values for tests/wasserstein1d.test.ts, tests/sliced-wasserstein.test.ts,
tests/discrete-sinkhorn.test.ts and the unbalanced cases of tests/sinkhorn-unbalanced.test.ts.

Run: /usr/bin/python3 tests/golden/make_transport_golden.py  (writes transport.json beside it)

- "wasserstein1d": scipy.stats.wasserstein_distance (p = 1, with and without weights,
  unequal sizes) and POT's ot.wasserstein_1d (which returns W_p^p; stored as W_p).
- "sliced": POT's ot.sliced_wasserstein_distance given explicit unit directions (its
  `projections`, d x P, with n_projections = P), exported here so the test passes the same directions; and one
  value with 20,000 POT directions, for a statistical comparison with our seeded directions.
- "discrete": POT's ot.sinkhorn2 (method='sinkhorn_log', stopThr=1e-13) per histogram pair
  under one cost matrix: transportCost = <G, C>, otEps = <G, C> + eps * KL(G || a b^T) from its
  plan; ot.emd2 for the eps -> 0 check.
- "unbalanced": POT's ot.sinkhorn_unbalanced (plain scaling, stopThr=1e-14). POT solves
  min <G, M> + reg * sum G (log G - 1) + reg_m * (KL(G1 | a) + KL(G^T 1 | b)) (its update
  u = (a / Kv)^(reg_m / (reg_m + reg)) is the fixed point of that objective); with
  M = C - eps * log(a_i b_j) this is, up to a constant, GeomLoss's problem
  min <G, C> + eps * KL(G || a b^T) + rho * (KL(G1 | a) + KL(G^T 1 | b)), generalised KL.
  From POT's plan we evaluate that objective exactly (otEps), for (a, b), (a, a), (b, b),
  and S = OT(a, b) - OT(a, a)/2 - OT(b, b)/2. Cost C = ||x - y||^2 / 2, eps = blur^2, rho = reach^2.
"""
import json
import os

import numpy as np
import ot
from scipy.stats import wasserstein_distance

rng = np.random.default_rng(20261123)


def w1d_cases():
    out = []
    x = rng.normal(size=37)
    y = rng.normal(0.4, 1.3, size=53)
    out.append({"name": "p = 1, n != m", "x": x.tolist(), "y": y.tolist(), "p": 1, "value": float(wasserstein_distance(x, y))})
    a = rng.uniform(0.1, 1.0, size=37)
    a /= a.sum()
    b = rng.uniform(0.1, 1.0, size=53)
    b /= b.sum()
    out.append({"name": "p = 1, weighted", "x": x.tolist(), "y": y.tolist(), "a": a.tolist(), "b": b.tolist(), "p": 1, "value": float(wasserstein_distance(x, y, a, b))})
    for p in (2, 3):
        out.append({"name": f"p = {p}, n != m (POT)", "x": x.tolist(), "y": y.tolist(), "p": p, "value": float(ot.wasserstein_1d(x, y, p=p) ** (1 / p))})
    out.append({"name": "p = 2, weighted (POT)", "x": x.tolist(), "y": y.tolist(), "a": a.tolist(), "b": b.tolist(), "p": 2, "value": float(ot.wasserstein_1d(x, y, a, b, p=2) ** 0.5)})
    ties = np.array([0.0, 0.0, 1.0, 1.0, 1.0, 2.0])
    other = np.array([0.5, 1.0, 1.0, 3.0])
    out.append({"name": "p = 1, ties", "x": ties.tolist(), "y": other.tolist(), "p": 1, "value": float(wasserstein_distance(ties, other))})
    return out


def sliced_cases():
    out = []
    d = 3
    X = rng.normal(size=(120, d))
    Y = rng.normal(size=(90, d)) @ np.diag([1.5, 0.7, 1.0]) + np.array([0.5, -0.2, 0.1])
    dirs = rng.normal(size=(40, d))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    for p in (1, 2):
        # POT 0.8.2 divides by n_projections even when `projections` is given: pass both.
        value = ot.sliced_wasserstein_distance(X, Y, n_projections=len(dirs), projections=dirs.T, p=p)
        out.append({"name": f"given directions, p = {p}", "x": X.ravel().tolist(), "y": Y.ravel().tolist(), "rows": [len(X), len(Y)], "cols": d, "directions": dirs.ravel().tolist(), "p": p, "value": float(value)})
    many = ot.sliced_wasserstein_distance(X, Y, n_projections=20000, p=2, seed=7)
    out.append({"name": "20,000 POT directions, p = 2", "x": X.ravel().tolist(), "y": Y.ravel().tolist(), "rows": [len(X), len(Y)], "cols": d, "p": 2, "value": float(many)})
    return out


def discrete_cases():
    out = []
    K, L, T = 7, 5, 6
    grid_a = np.linspace(0, 1, K)
    grid_b = np.linspace(0, 1, L) ** 1.3
    C = np.abs(grid_a[:, None] - grid_b[None, :]) + 0.1 * rng.uniform(size=(K, L))
    A = rng.dirichlet(np.ones(K), size=T)
    B = rng.dirichlet(np.ones(L) * 0.7, size=T)
    A[0, 2] = 0.0  # a zero bin
    A[0] /= A[0].sum()
    for eps in (0.05, 0.2):
        costs, values = [], []
        for t in range(T):
            G = ot.sinkhorn(A[t], B[t], C, eps, method="sinkhorn_log", stopThr=1e-13, numItermax=200000)
            nz = G > 0
            kl = (G[nz] * np.log(G[nz] / np.outer(A[t], B[t])[nz])).sum() - G.sum() + 1
            costs.append(float((G * C).sum()))
            values.append(float((G * C).sum() + eps * kl))
        sinkhorn2 = [float(ot.sinkhorn2(A[t], B[t], C, eps, method="sinkhorn_log", stopThr=1e-13, numItermax=200000)) for t in range(T)]
        out.append({"name": f"T = {T}, {K} x {L}, eps = {eps}", "a": A.ravel().tolist(), "b": B.ravel().tolist(), "cost": C.ravel().tolist(), "pairs": T, "rows": K, "cols": L, "eps": eps, "transportCosts": costs, "sinkhorn2": sinkhorn2, "values": values})
    emd = [float(ot.emd2(A[t], B[t], C)) for t in range(T)]
    out.append({"name": "emd2", "a": A.ravel().tolist(), "b": B.ravel().tolist(), "cost": C.ravel().tolist(), "pairs": T, "rows": K, "cols": L, "emd2": emd})
    return out


def gkl(p, q):
    nz = p > 0
    return float((p[nz] * np.log(p[nz] / q[nz])).sum() - p.sum() + q.sum())


def unbalanced_ot(a, b, C, eps, rho):
    M = C - eps * np.log(np.outer(a, b))
    G = ot.sinkhorn_unbalanced(a, b, M, eps, rho, method="sinkhorn", stopThr=1e-14, numItermax=200000)
    ab = np.outer(a, b)
    return float((G * C).sum() + eps * gkl(G.ravel(), ab.ravel()) + rho * gkl(G.sum(1), a) + rho * gkl(G.sum(0), b)), float((G * C).sum())


def sqcost(x, y):
    return ((x[:, None, :] - y[None, :, :]) ** 2).sum(-1) / 2


def unbalanced_cases():
    out = []
    x = rng.normal(size=(40, 2))
    y = rng.normal(size=(55, 2)) * 0.8 + np.array([0.6, 0.0])
    a = np.full(40, 1 / 40)
    b = rng.uniform(0.5, 1.5, size=55)
    b /= b.sum()
    for blur, reach in ((0.5, 1.0), (0.4, 0.3)):
        eps, rho = blur**2, reach**2
        ot_ab, transport = unbalanced_ot(a, b, sqcost(x, y), eps, rho)
        ot_aa, _ = unbalanced_ot(a, a, sqcost(x, x), eps, rho)
        ot_bb, _ = unbalanced_ot(b, b, sqcost(y, y), eps, rho)
        out.append({"name": f"blur {blur}, reach {reach}", "x": x.ravel().tolist(), "y": y.ravel().tolist(), "rows": [len(x), len(y)], "cols": 2, "a": a.tolist(), "b": b.tolist(), "blur": blur, "reach": reach, "otEps": ot_ab, "transportCost": transport, "value": ot_ab - ot_aa / 2 - ot_bb / 2})
    return out


golden = {"wasserstein1d": w1d_cases(), "sliced": sliced_cases(), "discrete": discrete_cases(), "unbalanced": unbalanced_cases(), "pot": ot.__version__}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "transport.json"), "w") as fh:
    json.dump(golden, fh)
