#!/usr/bin/python3
"""Peer side of bench/discrete-sinkhorn-vs-pot.mjs: POT's Sinkhorn on each histogram pair, in a loop.

stdin: JSON {"a": [...], "b": [...], "cost": [...], "pairs": T, "rows": K, "cols": L, "reg": float, "stopThr": float}
       (row-major: a is T x K, b is T x L, cost K x L)
stdout: JSON {"pot": version, "runs": [{"method", "seconds", "marginalError", "transportCosts"}]}:
        per method, the wall time of the T solves, the largest L1 violation of a plan's row or
        column sums over the pairs, and <G_t, C> per pair (= ot.sinkhorn2).
"""
import json
import sys
import time

import numpy as np
import ot

job = json.load(sys.stdin)
T, K, L, reg = job["pairs"], job["rows"], job["cols"], job["reg"]
A = np.asarray(job["a"], dtype=np.float64).reshape(T, K)
B = np.asarray(job["b"], dtype=np.float64).reshape(T, L)
C = np.asarray(job["cost"], dtype=np.float64).reshape(K, L)
runs = []
for method in ("sinkhorn_log", "sinkhorn"):
    t = time.perf_counter()
    plans = [ot.sinkhorn(A[i], B[i], C, reg, method=method, stopThr=job["stopThr"], numItermax=100000) for i in range(T)]
    seconds = time.perf_counter() - t
    error = max(max(float(np.abs(G.sum(1) - A[i]).sum()), float(np.abs(G.sum(0) - B[i]).sum())) for i, G in enumerate(plans))
    runs.append({"method": method, "seconds": seconds, "marginalError": error, "transportCosts": [float((G * C).sum()) for G in plans]})
print(json.dumps({"pot": ot.__version__, "runs": runs}))
