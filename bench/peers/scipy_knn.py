#!/usr/bin/python3
"""Peer side of bench/knn-vs-scipy.mjs: exact k nearest neighbours of every row among the
other rows (Euclidean), with scipy's cKDTree (float64) and FAISS IndexFlatL2 (float32,
BLAS inner products; reference only: it is not exact in float64).

stdin: JSON {"path": raw little-endian float64 file (rows x cols), "rows": int, "cols": int,
             "k": int, "repeats": int (cKDTree), "faissRepeats": int}
stdout: JSON {"scipy": {"seconds": [...], "indices": first rows' lists},
              "faiss": {"seconds": [...], "indices": ...}, "versions": {...}}
Both searches ask for k + 1 neighbours and drop each row itself (the first hit).
Single-threaded: OMP_NUM_THREADS / faiss.omp_set_num_threads(1) and cKDTree workers=1,
like one JavaScript thread.
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.spatial import cKDTree

job = json.load(sys.stdin)
rows, cols, k, repeats = job["rows"], job["cols"], job["k"], job["repeats"]
threads = job.get("threads", 1)
x = np.fromfile(job["path"], dtype="<f8").reshape(rows, cols)
out = {"versions": {"scipy": scipy.__version__, "numpy": np.__version__}}

seconds = []
for _ in range(repeats):
    t = time.perf_counter()
    tree = cKDTree(x)
    _, idx = tree.query(x, k=k + 1, workers=threads)
    seconds.append(time.perf_counter() - t)
out["scipy"] = {"seconds": seconds, "indices": idx[:, 1:].tolist()}

try:
    import faiss
    faiss.omp_set_num_threads(threads)
    x32 = np.ascontiguousarray(x, dtype=np.float32)
    seconds = []
    for _ in range(job.get("faissRepeats", repeats)):
        t = time.perf_counter()
        index = faiss.IndexFlatL2(cols)
        index.add(x32)
        _, idx = index.search(x32, k + 1)
        seconds.append(time.perf_counter() - t)
    out["faiss"] = {"seconds": seconds, "indices": idx[:, 1:].tolist()}
    out["versions"]["faiss"] = faiss.__version__
except ImportError:
    out["faiss"] = None

print(json.dumps(out))
