#!/usr/bin/python3
"""Peer side of bench/sinkhorn-vs-pot.mjs: POT's log-domain and kernel Sinkhorn, one run each.

stdin: JSON {"x": [...], "y": [...], "n": int, "m": int, "d": int, "reg": float, "stopThr": float}
       (row-major points; uniform weights; M = ||x - y||^2 / 2)
stdout: JSON {"pot": version, "runs": [{"method", "seconds", "iterations", "marginalError",
        "transportCost", "otEps"}]} where marginalError is the larger L1 violation of the
        plan's row and column sums, and otEps = <G, M> + reg * KL(G || a b^T).
"""
import json
import sys
import time

import numpy as np
import ot

job = json.load(sys.stdin)
n, m, d, reg = job["n"], job["m"], job["d"], job["reg"]
x = np.asarray(job["x"], dtype=np.float64).reshape(n, d)
y = np.asarray(job["y"], dtype=np.float64).reshape(m, d)
a, b = np.full(n, 1.0 / n), np.full(m, 1.0 / m)
runs = []
for method in ("sinkhorn_log", "sinkhorn"):
    t = time.perf_counter()
    M = ot.dist(x, y) / 2  # the cost matrix is part of the peer's work
    G, log = ot.sinkhorn(a, b, M, reg, method=method, stopThr=job["stopThr"], numItermax=100000, log=True)
    seconds = time.perf_counter() - t
    nz = G > 0
    kl = float((G[nz] * np.log(G[nz] / np.outer(a, b)[nz])).sum() - G.sum() + 1)
    transport = float((G * M).sum())
    error = max(float(np.abs(G.sum(1) - a).sum()), float(np.abs(G.sum(0) - b).sum()))
    runs.append({"method": method, "seconds": seconds, "iterations": int(log["niter"]), "marginalError": error, "transportCost": transport, "otEps": transport + reg * kl})
print(json.dumps({"pot": ot.__version__, "runs": runs}))
