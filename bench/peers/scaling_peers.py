#!/usr/bin/python3
"""Peer side of bench/scaling.mjs: times one primitive of a Python peer, `repeats` times.

stdin: JSON {"op": str, "x": [...], "y": [...], "n": int, "m": int, "d": int, "k": int,
             "sigma": float, "reg": float, "stopThr": float, "repeats": int}
ops:
  knn-ckdtree   scipy cKDTree(x).query(x, k + 1) (the point itself is the first neighbour)
  knn-faiss     FAISS IndexFlatL2 search, k + 1 (exact brute force; for reference)
  ksg           scikit-learn _compute_mi_cc(x, y, k) (1 + 1 dimensions)
  mi-regression scikit-learn mutual_info_regression(x, y, n_neighbors=k, random_state=0): the public
                call (it also scales x and adds small noise, so its value differs slightly)
  mmd           unbiased Gaussian MMD^2 in numpy float64, blocked Gram sums (BLAS distances)
  sinkhorn-log  POT sinkhorn(method='sinkhorn_log'), M = ||x - y||^2 / 2 built inside the timing
  sinkhorn      POT sinkhorn (kernel domain), same
stdout: JSON {"seconds": [float, ...], "value": float, "iterations": int, "marginalError": float,
              "versions": {...}}
"""
import json
import os
import sys
import time

import numpy as np

BLOCK = 2048
job = json.load(sys.stdin)
op, d = job["op"], job["d"]
x = np.asarray(job["x"], dtype=np.float64).reshape(-1, d)
y = np.asarray(job.get("y") or [], dtype=np.float64).reshape(-1, d) if job.get("y") else None
versions = {"numpy": np.__version__}
extra = {}


def kernel_sum(a, b, sigma, skip_diagonal):
    total = 0.0
    b2 = (b * b).sum(1)
    for start in range(0, len(a), BLOCK):
        block = a[start:start + BLOCK]
        sq = np.maximum((block * block).sum(1)[:, None] + b2[None, :] - 2.0 * block @ b.T, 0.0)
        k = np.exp(-sq / (2.0 * sigma * sigma))
        if skip_diagonal:
            rows = np.arange(len(block))
            k[rows, start + rows] = 0.0
        total += k.sum()
    return total


if op == "knn-ckdtree":
    import scipy
    from scipy.spatial import cKDTree
    versions["scipy"] = scipy.__version__

    def run():
        dist, _ = cKDTree(x).query(x, job["k"] + 1)
        return float(dist[:, -1].sum())
elif op == "knn-faiss":
    import faiss
    versions["faiss"] = faiss.__version__
    xf = np.ascontiguousarray(x, dtype=np.float32)

    def run():
        index = faiss.IndexFlatL2(d)
        index.add(xf)
        dist, _ = index.search(xf, job["k"] + 1)
        return float(np.sqrt(np.maximum(dist[:, -1], 0)).sum())
elif op == "ksg":
    import sklearn
    from sklearn.feature_selection._mutual_info import _compute_mi_cc
    versions["sklearn"] = sklearn.__version__

    def run():
        return float(_compute_mi_cc(x[:, 0], y[:, 0], job["k"]))
elif op == "mi-regression":
    import sklearn
    from sklearn.feature_selection import mutual_info_regression
    versions["sklearn"] = sklearn.__version__

    def run():
        return float(mutual_info_regression(x, y[:, 0], n_neighbors=job["k"], random_state=0)[0])
elif op == "mmd":
    sigma = job["sigma"]

    def run():
        n, m = len(x), len(y)
        return (kernel_sum(x, x, sigma, True) / (n * (n - 1)) + kernel_sum(y, y, sigma, True) / (m * (m - 1))
                - 2.0 * kernel_sum(x, y, sigma, False) / (n * m))
elif op in ("sinkhorn-log", "sinkhorn"):
    import ot
    versions["pot"] = ot.__version__
    a, b = np.full(len(x), 1.0 / len(x)), np.full(len(y), 1.0 / len(y))
    method = "sinkhorn_log" if op == "sinkhorn-log" else "sinkhorn"

    def run():
        M = ot.dist(x, y) / 2
        G, log = ot.sinkhorn(a, b, M, job["reg"], method=method, stopThr=job["stopThr"], numItermax=100000, log=True)
        extra["iterations"] = int(log["niter"])
        extra["marginalError"] = max(float(np.abs(G.sum(1) - a).sum()), float(np.abs(G.sum(0) - b).sum()))
        return float((G * M).sum())
else:
    raise SystemExit(f"unknown op {op}")

seconds = []
value = None
for _ in range(job["repeats"]):
    t = time.perf_counter()
    value = run()
    seconds.append(time.perf_counter() - t)
print(json.dumps({"seconds": seconds, "value": value, "versions": versions, **extra}))
