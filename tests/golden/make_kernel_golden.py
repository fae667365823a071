#!/usr/bin/python3
"""Golden values for the kernel statistics (mmd, energyDistance, hsic), from full n x n
Gram matrices in numpy float64 on seeded data.

Run:  /usr/bin/python3 tests/golden/make_kernel_golden.py   (Debian python3-numpy, -scipy, -sklearn)
Writes tests/golden/kernel-statistics.json; the tests read it and never need Python.

- Kernels as DESIGN.md section 2 / engine/gram-kernel.ts: gaussian exp(-|x-y|^2/(2 s^2)),
  laplacian = sklearn.metrics.pairwise.laplacian_kernel(gamma = 1/s) (L1 distance),
  inverse multiquadric (1 + |x-y|^2/s^2)^(-1/2), linear x.y, polynomial =
  sklearn's polynomial_kernel(gamma = 1/s^2, coef0, degree); a list of s is a sum of kernels.
  Squared distances are sums of squared differences of the raw (uncentred) data. The
  linear kernel's MMD and HSIC do not change under a common shift of the data (exactly),
  but on data offset by 10^3 its raw Gram entries (~10^6) lose the answer to cancellation
  in float64 (the unbiased HSIC by 6e-4), so the linear cases are evaluated on centred data.
- 'median' bandwidth = np.median(scipy.spatial.distance.pdist(z)); past 1,000 rows, of the
  seeded subsample infogpu draws: Threefry-2x32-20 and the cycle-walking Feistel
  permutation of engine/random.ts and engine/random-permutation.ts, ported below.
- p-values: the same seeded permutations, each null computed from scratch on the
  permuted data: (1 + #{null >= observed}) / (1 + P).
- energy distance: V- and U-statistics; scipy.stats.energy_distance(u, v)**2 for 1-D.
"""
import json
import os

import numpy as np
import scipy
import sklearn
from scipy.spatial.distance import pdist
from scipy.stats import energy_distance
from sklearn.metrics.pairwise import laplacian_kernel, polynomial_kernel

MASK = 0xFFFFFFFF
ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24]
PERMUTATION_STREAM = 0x10000
MEDIAN_STREAM = 0x38000


def threefry2x32(k0, k1, c0, c1):
    ks = [k0 & MASK, k1 & MASK, (0x1BD11BDA ^ k0 ^ k1) & MASK]
    x0, x1 = (c0 + ks[0]) & MASK, (c1 + ks[1]) & MASK
    for r in range(20):
        x0 = (x0 + x1) & MASK
        rot = ROTATIONS[r % 8]
        x1 = (((x1 << rot) | (x1 >> (32 - rot))) & MASK) ^ x0
        if r % 4 == 3:
            s = (r + 1) // 4
            x0 = (x0 + ks[s % 3]) & MASK
            x1 = (x1 + ks[(s + 1) % 3] + s) & MASK
    return x0, x1


def feistel_table(n, seed, stream):
    bits = 1
    while 4**bits < n:
        bits += 1
    mask = (1 << bits) - 1

    def encrypt(v):
        left, right = v >> bits, v & mask
        for rnd in range(4):
            f = threefry2x32(seed, stream, right, rnd)[0] & mask
            left, right = right, left ^ f
        return (left << bits) | right

    out = []
    for i in range(n):
        v = encrypt(i)
        while v >= n:
            v = encrypt(v)
        out.append(v)
    return np.array(out)


def median_bandwidth(z, seed, variable):
    if z.shape[0] > 1000:
        rows = np.sort(feistel_table(z.shape[0], seed, MEDIAN_STREAM + variable)[:1000])
        z = z[rows]
    return float(np.median(pdist(z)))


def sqdist(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1)


def gram(kind, a, b, sigmas, degree=3, coef0=1.0):
    if kind == "linear":
        return a @ b.T
    if kind == "distance":
        return np.sqrt(sqdist(a, b))
    out = np.zeros((a.shape[0], b.shape[0]))
    for s in sigmas:
        if kind == "gaussian":
            out += np.exp(-sqdist(a, b) / (2 * s * s))
        elif kind == "laplacian":
            out += laplacian_kernel(a, b, gamma=1.0 / s)
        elif kind == "inverse-multiquadric":
            out += 1.0 / np.sqrt(1.0 + sqdist(a, b) / (s * s))
        elif kind == "polynomial":
            out += polynomial_kernel(a, b, degree=degree, gamma=1.0 / (s * s), coef0=coef0)
    return out


def off_diagonal_sum(k):
    return k.sum() - np.trace(k)


def mmd2(kind, x, y, sigmas, estimator, degree=3, coef0=1.0):
    n, m = len(x), len(y)
    kxx, kyy, kxy = (gram(kind, a, b, sigmas, degree, coef0) for a, b in ((x, x), (y, y), (x, y)))
    if estimator == "biased":
        return kxx.sum() / n**2 + kyy.sum() / m**2 - 2 * kxy.sum() / (n * m)
    if estimator == "unbiased":
        return off_diagonal_sum(kxx) / (n * (n - 1)) + off_diagonal_sum(kyy) / (m * (m - 1)) - 2 * kxy.sum() / (n * m)
    half = min(n, m) // 2
    total = 0.0
    for i in range(half):
        a, b = 2 * i, 2 * i + 1
        total += kxx[a, b] + kyy[a, b] - kxy[a, b] - kxy[b, a]
    return total / half


def hsic(kind, x, y, sx, sy, estimator, degree=3, coef0=1.0):
    n = len(x)
    k = gram(kind, x, x, sx, degree, coef0)
    l = gram(kind, y, y, sy, degree, coef0)
    if estimator == "biased":
        h = np.eye(n) - np.ones((n, n)) / n
        return float(np.trace(k @ h @ l @ h)) / n**2
    np.fill_diagonal(k, 0.0)
    np.fill_diagonal(l, 0.0)
    one = np.ones(n)
    return float(np.trace(k @ l) + (one @ k @ one) * (one @ l @ one) / ((n - 1) * (n - 2)) - 2.0 / (n - 2) * (one @ k @ l @ one)) / (n * (n - 3))


def p_value(observed, nulls):
    return (1 + sum(1 for v in nulls if v >= observed)) / (1 + len(nulls))


def two_sample_p_value(statistic, x, y, permutations, seed):
    pooled = np.vstack((x, y))
    n = len(x)
    nulls = []
    for p in range(permutations):
        order = feistel_table(len(pooled), seed, PERMUTATION_STREAM + p)
        nulls.append(statistic(pooled[order[:n]], pooled[order[n:]]))
    return p_value(statistic(x, y), nulls)


def main():
    out = {
        "generator": "tests/golden/make_kernel_golden.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "mmd": [],
        "energy": [],
        "hsic": [],
        "median": [],
    }
    # MMD: (seed, n, m, d, shift, offset, kind, bandwidth spec, degree, coef0)
    mmd_cases = [
        (1, 300, 250, 2, 0.3, 0.0, "gaussian", "median", 3, 1.0),
        (2, 200, 260, 3, 0.5, 1e3, "gaussian", [0.5, 1.0, 2.0], 3, 1.0),
        (3, 240, 240, 2, 0.4, 1e3, "laplacian", [1.5], 3, 1.0),
        (4, 250, 180, 4, 0.2, 0.0, "inverse-multiquadric", "median", 3, 1.0),
        (5, 220, 200, 3, 0.3, 1e3, "linear", None, 3, 1.0),
        (6, 200, 210, 2, 0.3, 0.0, "polynomial", [1.7], 2, 0.5),
    ]
    for seed, n, m, d, shift, offset, kind, spec, degree, coef0 in mmd_cases:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d)) + offset
        y = 1.2 * rng.standard_normal((m, d)) + shift + offset
        z = np.vstack((x, y))
        sigmas = [] if spec is None else ([median_bandwidth(z, 0, 0)] if spec == "median" else spec)
        case = {
            "seed": seed, "n": n, "m": m, "d": d, "offset": offset, "kernel": kind, "bandwidth": spec,
            "degree": degree, "coef0": coef0, "sigmas": sigmas, "x": x.ravel().tolist(), "y": y.ravel().tolist(),
        }
        shift = z.mean(0) if kind == "linear" else 0.0
        for estimator in ("unbiased", "biased", "linear"):
            case[estimator] = float(mmd2(kind, x - shift, y - shift, sigmas, estimator, degree, coef0))
        out["mmd"].append(case)

    # MMD and energy distance p-values on near-null data: (seed, n, m, d, shift, P, random seed)
    for seed, n, m, d, shift, permutations, perm_seed in [(7, 60, 50, 2, 0.25, 40, 11)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d))
        y = rng.standard_normal((m, d)) + shift
        sigma = median_bandwidth(np.vstack((x, y)), perm_seed, 0)
        out["mmd"].append({
            "seed": seed, "n": n, "m": m, "d": d, "offset": 0.0, "kernel": "gaussian", "bandwidth": "median",
            "degree": 3, "coef0": 1.0, "sigmas": [sigma], "x": x.ravel().tolist(), "y": y.ravel().tolist(),
            "unbiased": float(mmd2("gaussian", x, y, [sigma], "unbiased")),
            "biased": float(mmd2("gaussian", x, y, [sigma], "biased")),
            "linear": float(mmd2("gaussian", x, y, [sigma], "linear")),
            "permutations": permutations, "permutation_seed": perm_seed,
            "p_values": {
                est: two_sample_p_value(lambda a, b, est=est: mmd2("gaussian", a, b, [sigma], est), x, y, permutations, perm_seed)
                for est in ("unbiased", "biased", "linear")
            },
        })

    # Energy distance: V and U statistics, (seed, n, m, d, shift, offset, permutations)
    for seed, n, m, d, shift, offset, permutations in [(8, 300, 240, 1, 0.3, 1e3, 0), (9, 200, 260, 3, 0.4, 0.0, 0), (10, 70, 60, 2, 0.2, 0.0, 30)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d)) + offset
        y = rng.standard_normal((m, d)) * 1.1 + shift + offset
        energy = {est: -mmd2("distance", x, y, [], est) for est in ("biased", "unbiased")}
        case = {"seed": seed, "n": n, "m": m, "d": d, "offset": offset, "x": x.ravel().tolist(), "y": y.ravel().tolist(), **energy}
        if d == 1:
            case["scipy_squared"] = float(energy_distance(x[:, 0], y[:, 0]) ** 2)
        if permutations > 0:
            case["permutations"] = permutations
            case["permutation_seed"] = 5
            case["p_value"] = two_sample_p_value(lambda a, b: -mmd2("distance", a, b, [], "biased"), x, y, permutations, 5)
        out["energy"].append(case)

    # HSIC: (seed, n, dx, dy, rho, offset, kind, sx spec, sy spec, permutations)
    hsic_cases = [
        (11, 300, 2, 1, 0.4, 0.0, "gaussian", "median", "median", 0),
        (12, 250, 3, 2, 0.3, 1e3, "gaussian", [0.8, 1.6], [1.0], 0),
        (13, 200, 1, 1, 0.5, 1e3, "linear", None, None, 0),
        (14, 220, 2, 2, 0.3, 0.0, "laplacian", [1.0], [2.0], 0),
        (15, 80, 2, 1, 0.15, 0.0, "gaussian", "median", "median", 40),
    ]
    for seed, n, dx, dy, rho, offset, kind, spec_x, spec_y, permutations in hsic_cases:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, dx))
        y = rng.standard_normal((n, dy)) * np.sqrt(1 - rho**2)
        y[:, 0] += rho * x[:, 0]
        x += offset
        y -= offset
        perm_seed = 3
        resolve = lambda spec, sample, variable: [] if spec is None else ([median_bandwidth(sample, perm_seed, variable)] if spec == "median" else spec)
        sx, sy = resolve(spec_x, x, 0), resolve(spec_y, y, 1)
        case = {
            "seed": seed, "n": n, "dx": dx, "dy": dy, "offset": offset, "kernel": kind, "bandwidth_x": spec_x, "bandwidth_y": spec_y,
            "sigmas_x": sx, "sigmas_y": sy, "x": x.ravel().tolist(), "y": y.ravel().tolist(),
            **{est: hsic(kind, *((x - x.mean(0), y - y.mean(0)) if kind == "linear" else (x, y)), sx, sy, est) for est in ("biased", "unbiased")},
        }
        if permutations > 0:
            case["permutations"] = permutations
            case["permutation_seed"] = perm_seed
            case["p_values"] = {}
            for est in ("biased", "unbiased"):
                observed = hsic(kind, x, y, sx, sy, est)
                nulls = [hsic(kind, x, y[feistel_table(n, perm_seed, PERMUTATION_STREAM + p)], sx, sy, est) for p in range(permutations)]
                case["p_values"][est] = p_value(observed, nulls)
        out["hsic"].append(case)

    # 'median' past 1,000 rows: the seeded subsample (seed, rows, d, random seed)
    for seed, rows, d, perm_seed in [(16, 1500, 2, 0), (17, 1200, 3, 9)]:
        rng = np.random.default_rng(seed)
        z = rng.standard_normal((rows, d))
        out["median"].append({"seed": seed, "rows": rows, "d": d, "random_seed": perm_seed, "z": z.ravel().tolist(), "median": median_bandwidth(z, perm_seed, 0)})

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel-statistics.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
