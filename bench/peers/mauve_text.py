#!/usr/bin/python3
"""Peer side of bench/mauve-vs-mauve-text.mjs: times mauve-text's compute_mauve on features.

mauve-text is not packaged for Debian and never committed here: put its source on
PYTHONPATH (see tests/golden/make_mauve_golden.py), with Debian's python3-faiss and
python3-sklearn.
stdin: JSON {"p": path, "q": path (row-major float64 files), "n", "m", "d", "seed"}
stdout: JSON {"value", "mauve_star", "num_buckets", "seconds", "versions"}
"""
import json
import sys
import time

import faiss
import numpy as np
import sklearn

import mauve

job = json.load(sys.stdin)
p = np.fromfile(job["p"], dtype=np.float64).reshape(job["n"], job["d"])
q = np.fromfile(job["q"], dtype=np.float64).reshape(job["m"], job["d"])
t = time.perf_counter()
out = mauve.compute_mauve(p_features=p, q_features=q, seed=job["seed"])
seconds = time.perf_counter() - t
print(json.dumps({
    "value": float(out.mauve),
    "mauve_star": float(out.mauve_star),
    "num_buckets": int(out.num_buckets),
    "seconds": seconds,
    "versions": {"numpy": np.__version__, "sklearn": sklearn.__version__, "faiss": faiss.__version__},
}))
