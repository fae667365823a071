#!/usr/bin/python3
"""Golden values for the kernel information measures, from full numpy float64 matrices.

Run:  /usr/bin/python3 tests/golden/make_kernel_information_golden.py   (Debian python3-scipy)
Writes tests/golden/kernel-information.json; the tests read it and never need Python.

- Cauchy-Schwarz divergence (Principe 2010): information potentials over all pairs with
  exp(-d^2 / (4 sigma^2)); sigma = median of scipy pdist of the pooled sample.
- KDE entropies: leave-one-out Gaussian KDE Shannon entropy; Renyi-2 entropy of the KDE;
  sigma by Silverman's rule (n (d+2)/4)^(-1/(d+4)) * sqrt(mean column variance, ddof 1).
- Matrix-based Renyi entropy and MI (Sanchez Giraldo et al. 2015) from numpy.linalg.eigvalsh.
- Diffusion spectral entropy / MI (Liao et al. 2023) from eigvalsh of D^-1/2 K D^-1/2.
- InfoNCE, NWJ and DV bounds (Poole et al. 2019) from the full n x n critic matrix with
  scipy.special.logsumexp (products over all n^2 pairs).
"""
import json
import os

import numpy as np
import scipy
from scipy.spatial.distance import cdist, pdist
from scipy.special import logsumexp


def gauss(a, b, sigma):
    return np.exp(-cdist(a, b, "sqeuclidean") / (2 * sigma**2))


def cauchy_schwarz(p, q):
    sigma = np.median(pdist(np.vstack([p, q])))
    s = np.sqrt(2) * sigma
    v = lambda a, b: gauss(a, b, s).mean()
    return sigma, np.log(v(p, p)) + np.log(v(q, q)) - 2 * np.log(v(p, q))


def silverman(x):
    n, d = x.shape
    return (n * (d + 2) / 4) ** (-1 / (d + 4)) * np.sqrt(np.mean(np.var(x, axis=0, ddof=1)))


def kde_entropies(x):
    n, d = x.shape
    sigma = silverman(x)
    k = gauss(x, x, sigma)
    np.fill_diagonal(k, 0)
    loo = k.sum(axis=1) / ((n - 1) * (2 * np.pi * sigma**2) ** (d / 2))
    potential = gauss(x, x, np.sqrt(2) * sigma).mean() / (4 * np.pi * sigma**2) ** (d / 2)
    return sigma, -np.mean(np.log(loo)), -np.log(potential)


def matrix_entropy_of(k, alpha):
    lam = np.linalg.eigvalsh(k / np.trace(k))
    lam = lam[lam > 0]
    return -np.sum(lam * np.log(lam)) if alpha == 1 else np.log(np.sum(lam**alpha)) / (1 - alpha)


def dse(x, sigma, t):
    k = gauss(x, x, sigma)
    d = k.sum(axis=1)
    lam = np.abs(np.linalg.eigvalsh(k / np.sqrt(np.outer(d, d)))) ** t
    lam = lam / lam.sum()
    lam = lam[lam > 0]
    return -np.sum(lam * np.log(lam))


def bounds(x, y, critic, tau):
    n = x.shape[0]
    if critic == "cosine":
        xn = x / np.linalg.norm(x, axis=1, keepdims=True)
        yn = y / np.linalg.norm(y, axis=1, keepdims=True)
        f = xn @ yn.T / tau
    else:
        f = -cdist(x, y, "sqeuclidean") / (2 * tau)
    diag = np.mean(np.diag(f))
    infonce = np.log(n) + np.mean(np.diag(f) - logsumexp(f, axis=1))
    log_mean = logsumexp(f) - 2 * np.log(n)
    return {"infonce": infonce, "nwj": diag - np.exp(log_mean - 1), "dv": diag - log_mean}


def main():
    out = {"generator": "tests/golden/make_kernel_information_golden.py",
           "versions": {"scipy": scipy.__version__, "numpy": np.__version__},
           "cauchy_schwarz": [], "kde": [], "matrix": [], "diffusion": [], "bounds": []}
    for seed, n, m, d, shift in [(101, 300, 250, 2, 0.7), (102, 400, 400, 1, 0.0), (103, 200, 300, 3, 1.5)]:
        rng = np.random.default_rng(seed)
        p = rng.standard_normal((n, d))
        q = rng.standard_normal((m, d)) * 1.2 + shift
        sigma, cs = cauchy_schwarz(p, q)
        out["cauchy_schwarz"].append({"seed": seed, "n": n, "m": m, "d": d, "p": p.ravel().tolist(), "q": q.ravel().tolist(), "sigma": sigma, "value": cs})
    for seed, n, d in [(111, 500, 1), (112, 400, 3)]:
        x = np.random.default_rng(seed).standard_normal((n, d)) * np.linspace(1, 2, d)
        sigma, loo, h2 = kde_entropies(x)
        out["kde"].append({"seed": seed, "n": n, "d": d, "x": x.ravel().tolist(), "sigma": sigma, "kde": loo, "renyi_quadratic": h2})
    for seed, n, dx, dy in [(121, 300, 2, 1), (122, 200, 3, 2)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, dx))
        y = x[:, :dy] * 0.8 + 0.6 * rng.standard_normal((n, dy))
        sx, sy = np.median(pdist(x)), np.median(pdist(y))
        kx, ky = gauss(x, x, sx), gauss(y, y, sy)
        entry = {"seed": seed, "n": n, "dx": dx, "dy": dy, "x": x.ravel().tolist(), "y": y.ravel().tolist(), "sigma_x": sx, "sigma_y": sy}
        for alpha in [1, 2, 3]:
            entry[f"entropy_{alpha}"] = matrix_entropy_of(kx, alpha)
            entry[f"mi_{alpha}"] = matrix_entropy_of(kx, alpha) + matrix_entropy_of(ky, alpha) - matrix_entropy_of(kx * ky, alpha)
        out["matrix"].append(entry)
    for seed, n, d, classes in [(131, 240, 3, 3)]:
        rng = np.random.default_rng(seed)
        labels = rng.integers(0, classes, n)
        x = rng.standard_normal((n, d)) + labels[:, None] * 1.5
        sigma = np.median(pdist(x))
        entry = {"seed": seed, "n": n, "d": d, "x": x.ravel().tolist(), "labels": labels.tolist(), "sigma": sigma}
        for t in [1, 3]:
            h = dse(x, sigma, t)
            cond = sum(np.mean(labels == c) * dse(x[labels == c], sigma, t) for c in range(classes))
            entry[f"dse_{t}"] = h
            entry[f"dsmi_{t}"] = h - cond
        out["diffusion"].append(entry)
    for seed, n, d, critic, tau in [(141, 300, 4, "cosine", 0.2), (142, 250, 2, "gaussian", 0.5), (143, 200, 8, "cosine", 1.0)]:
        rng = np.random.default_rng(seed)
        x = rng.standard_normal((n, d))
        y = x + 0.5 * rng.standard_normal((n, d))
        out["bounds"].append({"seed": seed, "n": n, "d": d, "critic": critic, "temperature": tau,
                              "x": x.ravel().tolist(), "y": y.ravel().tolist(), **{k: float(v) for k, v in bounds(x, y, critic, tau).items()}})
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernel-information.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
