#!/usr/bin/env python3
"""Reference values for tests/algorithm/{thresholds,chi-square}.test.ts, written to thresholds.json.

An implementation independent of the TypeScript one: scipy.stats.chi2 for the chi-square
distribution; Otsu, Kittler-Illingworth and 2-means written here with numpy, vectorised over all
splits and in magnitude units (bin centres min + (i + 1/2)·w), where the TypeScript code loops over
bin indices. Run from the repository root:  python3 tests/reference/thresholds.py
(numpy 2.4, scipy 1.17; the committed JSON was written with those).

Tolerances the tests apply: chi-square CDF and SF absolute 1e-10 (SF also relative 1e-9 below
1e-3), quantiles relative 1e-10; thresholds relative 1e-12 (the same bin edge must be chosen);
mean + k·sigma relative 1e-12.
"""
import json
from pathlib import Path

import numpy as np
from scipy.stats import chi2


def edge(lo, hi, n, k):
    """Upper edge of bin k, the same expression as binUpperEdge in otsu.ts."""
    return lo + ((k + 1) * (hi - lo)) / n


def split_stats(counts, lo, hi):
    n = len(counts)
    c = lo + (np.arange(n) + 0.5) * (hi - lo) / n
    n1 = np.cumsum(counts)[:-1]
    s1 = np.cumsum(counts * c)[:-1]
    q1 = np.cumsum(counts * c * c)[:-1]
    total, s, q = counts.sum(), (counts * c).sum(), (counts * c * c).sum()
    occupied = np.cumsum(counts > 0)[:-1]
    return n1, total - n1, s1, s - s1, q1, q - q1, occupied, (counts > 0).sum() - occupied


def best_split(score, valid, counts, maximise):
    """First best split, and the relative margin to the best split of a different partition."""
    s = np.where(valid, score if maximise else -score, -np.inf)
    k = int(np.argmax(s))
    distinct = s[(counts[:-1] > 0) & valid]  # one split per partition: its low class ends on an occupied bin
    top = np.sort(distinct)[::-1]
    margin = float((top[0] - top[1]) / abs(top[0])) if len(top) > 1 else float('inf')
    return k, margin


def otsu(counts, lo, hi):
    n1, n2, s1, s2, *_ = split_stats(counts, lo, hi)
    valid = (n1 > 0) & (n2 > 0)
    with np.errstate(divide='ignore', invalid='ignore'):
        score = n1 * n2 * (s1 / n1 - s2 / n2) ** 2
    return best_split(score, valid, counts, True)


def kittler_illingworth(counts, lo, hi):
    n1, n2, s1, s2, q1, q2, occ1, occ2 = split_stats(counts, lo, hi)
    valid = (occ1 >= 2) & (occ2 >= 2)  # non-empty classes with non-zero variance
    total = counts.sum()
    with np.errstate(divide='ignore', invalid='ignore'):
        v1 = q1 / n1 - (s1 / n1) ** 2
        v2 = q2 / n2 - (s2 / n2) ** 2
        p1, p2 = n1 / total, n2 / total
        j = 1 + 2 * (p1 * np.log(np.sqrt(v1)) + p2 * np.log(np.sqrt(v2))) - 2 * (p1 * np.log(p1) + p2 * np.log(p2))
    return best_split(j, valid, counts, False)


def kmeans(counts, lo, hi):
    n = len(counts)
    c = lo + (np.arange(n) + 0.5) * (hi - lo) / n
    occupied = np.flatnonzero(counts)
    m = np.array([c[occupied[0]], c[occupied[-1]]])
    labels = None
    while True:
        new = (np.abs(c - m[1]) < np.abs(c - m[0])).astype(int)  # ties to the low cluster
        new[counts == 0] = -1
        if labels is not None and np.array_equal(new, labels):
            break
        labels = new
        for j in (0, 1):
            if (labels == j).any():
                m[j] = np.average(c[labels == j], weights=counts[labels == j])
    return int(np.flatnonzero(labels == 0)[-1])


def histogram_case(name, values, bins):
    lo, hi = float(values.min()), float(values.max())
    counts = np.histogram(values, bins=bins, range=(lo, hi))[0]
    k_otsu, m_otsu = otsu(counts, lo, hi)
    k_ki, m_ki = kittler_illingworth(counts, lo, hi)
    k_km = kmeans(counts, lo, hi)
    assert min(m_otsu, m_ki) > 1e-9, f'{name}: a near-tie would make the reference fragile'
    return {
        'name': name, 'min': lo, 'max': hi, 'counts': counts.tolist(),
        'otsu': edge(lo, hi, bins, k_otsu), 'ki': edge(lo, hi, bins, k_ki), 'kmeans': edge(lo, hi, bins, k_km),
    }


def main():
    rng = np.random.default_rng(20240611)
    bimodal = np.abs(np.concatenate([rng.normal(10, 4, 45000), rng.normal(60, 8, 5000)]))
    skewed = np.concatenate([np.sqrt(rng.chisquare(3, 60000)) * 6, rng.lognormal(4, 0.3, 3000)])
    small = np.concatenate([rng.exponential(2, 4000), rng.normal(14, 1.5, 1500)])
    histograms = [
        histogram_case('bimodal normal, 1024 bins', bimodal, 1024),
        histogram_case('chi(3) no change + lognormal change, 1024 bins', skewed, 1024),
        histogram_case('exponential + normal, 64 bins', small, 64),
    ]

    dfs = [0.5, 1, 2, 3, 4, 5, 7, 10, 20, 50, 100, 300, 1000]
    xs = [1e-6, 0.01, 0.1, 0.5, 1, 2, 3.5, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]
    cdf = [{'x': x, 'df': df, 'cdf': float(chi2.cdf(x, df)), 'sf': float(chi2.sf(x, df))} for df in dfs for x in xs]
    ps = [1e-10, 1e-6, 1e-3, 0.01, 0.05, 0.3, 0.5, 0.7, 0.9, 0.95, 0.99, 0.999]
    quantiles = [{'p': p, 'df': df, 'x': float(chi2.ppf(p, df))} for df in dfs for p in ps]
    alphas = [1e-12, 1e-8, 1e-4, 0.01, 0.05, 0.5]
    upper = [{'alpha': a, 'df': df, 'x': float(chi2.isf(a, df))} for df in dfs for a in alphas]

    sigma = {
        'count': int(bimodal.size), 'sum': float(bimodal.sum()), 'sumSquares': float((bimodal * bimodal).sum()),
        'k': 2, 'threshold': float(bimodal.mean() + 2 * bimodal.std()),
    }
    out = {
        'generator': 'tests/reference/thresholds.py (numpy %s, scipy.stats.chi2)' % np.__version__,
        'histograms': histograms, 'chiSquareCdf': cdf, 'chiSquareQuantile': quantiles,
        'chiSquareUpperQuantile': upper, 'meanSigma': sigma,
    }
    path = Path(__file__).with_name('thresholds.json')
    path.write_text(json.dumps(out, separators=(',', ':')) + '\n')
    print(f'wrote {path} ({path.stat().st_size} bytes)')


if __name__ == '__main__':
    main()
