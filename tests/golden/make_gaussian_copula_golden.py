#!/usr/bin/python3
"""Golden values for mutualInformation(x, y, { method: 'gaussian-copula' }).

Run:  /usr/bin/python3 tests/golden/make_gaussian_copula_golden.py   (Debian python3-scipy)
Writes tests/golden/gaussian-copula.json; the tests read it and never need Python.

An independent implementation from scipy's building blocks, following Ince et al. 2017
(gcmi): normal scores norm.ppf(rankdata(column) / (n + 1)) (ties: mean rank), the
sample covariance (numpy.cov, divisor n - 1), log-determinants by numpy.linalg.slogdet,
and the Gaussian plug-in's bias removed with scipy.special.psi:
  b(d) = d*log(2/(n-1)) + sum_{i=1..d} psi((n-i)/2),  MI = plug-in - (b(dx) + b(dy) - b(dx+dy))/2.
"""
import json
import os

import numpy as np
import scipy
from scipy.special import psi
from scipy.stats import norm, rankdata


def normal_scores(m):
    n = m.shape[0]
    return np.column_stack([norm.ppf(rankdata(m[:, c]) / (n + 1)) for c in range(m.shape[1])])


def wishart_shift(d, n):
    return d * np.log(2 / (n - 1)) + sum(psi((n - i) / 2) for i in range(1, d + 1))


def gaussian_copula_mi(x, y):
    n, dx, dy = x.shape[0], x.shape[1], y.shape[1]
    z = np.hstack([normal_scores(x), normal_scores(y)])
    c = np.cov(z, rowvar=False)
    logdet = lambda a: np.linalg.slogdet(a)[1]
    plug_in = 0.5 * (logdet(c[:dx, :dx]) + logdet(c[dx:, dx:]) - logdet(c))
    return plug_in - 0.5 * (wishart_shift(dx, n) + wishart_shift(dy, n) - wishart_shift(dx + dy, n))


def main():
    rng = np.random.default_rng(20261123)
    cases = []
    # 1 x 1 Gaussian through monotone maps, 2 x 3 Gaussian, heavy tails, ties (rounded data).
    xy = rng.multivariate_normal([0, 0], [[1, 0.7], [0.7, 1]], size=400)
    cases.append({'name': 'monotone maps of a correlated Gaussian', 'x': np.exp(xy[:, :1]), 'y': xy[:, 1:] ** 3})
    cov = np.eye(5)
    cov[0, 2] = cov[2, 0] = 0.5
    cov[1, 4] = cov[4, 1] = -0.4
    cov[0, 1] = cov[1, 0] = 0.3
    z = rng.multivariate_normal(np.zeros(5), cov, size=300)
    cases.append({'name': '2 x 3 Gaussian', 'x': z[:, :2], 'y': z[:, 2:]})
    t = rng.standard_t(3, size=(250, 2))
    cases.append({'name': 'Student-t columns', 'x': t[:, :1], 'y': (t[:, :1] + t[:, 1:])})
    r = np.round(rng.normal(size=(200, 2)) @ np.array([[1, 0.5], [0, 1]]), 1)
    cases.append({'name': 'rounded (tied) values', 'x': r[:, :1], 'y': r[:, 1:]})
    out = {
        'generator': 'tests/golden/make_gaussian_copula_golden.py',
        'scipy': scipy.__version__,
        'numpy': np.__version__,
        'cases': [
            {'name': c['name'], 'x': c['x'].tolist(), 'y': c['y'].tolist(), 'mi': float(gaussian_copula_mi(c['x'], c['y']))}
            for c in cases
        ],
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'gaussian-copula.json')
    with open(path, 'w') as f:
        json.dump(out, f)
    for c in out['cases']:
        print(c['name'], c['mi'])


if __name__ == '__main__':
    main()
