#!/usr/bin/python3
"""Peer side of bench/ksg-vs-sklearn.mjs: times scikit-learn's _compute_mi_cc.

stdin: JSON {"x": [...], "y": [...], "k": int, "repeats": int}
stdout: JSON {"value": float, "seconds": [float, ...], "sklearn": version}
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_selection._mutual_info import _compute_mi_cc

job = json.load(sys.stdin)
x = np.asarray(job["x"], dtype=np.float64)
y = np.asarray(job["y"], dtype=np.float64)
seconds = []
for _ in range(job["repeats"]):
    t = time.perf_counter()
    value = _compute_mi_cc(x, y, job["k"])
    seconds.append(time.perf_counter() - t)
print(json.dumps({"value": float(value), "seconds": seconds, "sklearn": sklearn.__version__}))
