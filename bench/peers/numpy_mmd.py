#!/usr/bin/python3
"""Peer side of bench/mmd-vs-numpy.mjs: unbiased Gaussian-kernel MMD^2 in numpy float64.

The usual numpy implementation: Gram blocks from squared distances |a|^2 + |b|^2 - 2 a.b
(BLAS), exp, block sums; blocks of 2,048 rows keep memory at 2,048 x (n + m) doubles.
stdin: JSON {"x": [...], "y": [...], "d": int, "sigma": float}
stdout: JSON {"value": float, "seconds": float, "numpy": version}
"""
import json
import sys
import time

import numpy as np

BLOCK = 2048


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


job = json.load(sys.stdin)
d = job["d"]
x = np.asarray(job["x"], dtype=np.float64).reshape(-1, d)
y = np.asarray(job["y"], dtype=np.float64).reshape(-1, d)
n, m, sigma = len(x), len(y), job["sigma"]
t = time.perf_counter()
value = (kernel_sum(x, x, sigma, True) / (n * (n - 1)) + kernel_sum(y, y, sigma, True) / (m * (m - 1))
         - 2.0 * kernel_sum(x, y, sigma, False) / (n * m))
seconds = time.perf_counter() - t
print(json.dumps({"value": float(value), "seconds": seconds, "numpy": np.__version__}))
