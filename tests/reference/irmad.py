#!/usr/bin/env python3
"""Independent IR-MAD reference (numpy + scipy) for tests/algorithm/irmad.test.ts.

Nielsen (2007), doi:10.1109/TIP.2006.888195, with the conventions of Canty's iMad.py (ascending
canonical correlations, sign of a: correlations with the X bands sum positive, sign of b:
a'S12 b > 0, stop when max |delta rho| < tolerance). Textbook form: no regularisation. The
generalized eigenproblems are solved by scipy.linalg.eigh, the chi-square tail by scipy.stats.

  python3 tests/reference/irmad.py                  writes tests/reference/irmad.json (synthetic pair)
  python3 tests/reference/irmad.py BEFORE AFTER     prints the result for two rasters read by GDAL

The synthetic pair is a formula that tests/reference/irmad-fixture.ts evaluates identically
(integer hashing, IEEE float64 arithmetic in the same order, then rounding to float32).
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy import linalg, stats

MAX_ITERATIONS = 50
TOLERANCE = 1e-3

WIDTH, HEIGHT, BANDS = 64, 48, 4
SPECTRA = [[40, 35, 30, 90], [60, 58, 62, 70], [25, 30, 20, 15], [80, 85, 95, 100], [50, 45, 55, 40]]
GAIN = [1.2, 0.9, 1.1, 0.8]
OFFSET = [5, -3, 8, 12]
NOISE = [2.0, 3.0, 4.0, 5.0]
SAMPLES = [(0, 0), (10, 5), (45, 12), (50, 20), (60, 40), (30, 30), (20, 47), (63, 47), (5, 30), (21, 0)]


def lowbias32(i):
    x = np.asarray(i, dtype=np.uint32)
    x = x ^ (x >> np.uint32(16))
    x = x * np.uint32(0x7FEB352D)
    x = x ^ (x >> np.uint32(15))
    x = x * np.uint32(0x846CA68B)
    return x ^ (x >> np.uint32(16))


def uniform(i):
    return (lowbias32(i) >> np.uint32(8)).astype(np.float64) / 16777216.0


def noise(i):
    i = np.asarray(i, dtype=np.uint32) * np.uint32(4)
    return ((uniform(i) + uniform(i + np.uint32(1))) + uniform(i + np.uint32(2))) + uniform(i + np.uint32(3)) - 2.0


def synthetic_pair():
    """(before, after) as float32 arrays of shape (BANDS, HEIGHT, WIDTH), NaN = nodata."""
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.uint32)
    cls = lowbias32(np.uint32(1000000) + (y >> np.uint32(3)) * np.uint32(8) + (x >> np.uint32(3))) % np.uint32(5)
    changed = (x >= 40) & (x < 56) & (y >= 8) & (y < 24)
    cls_after = np.where(changed, (cls + np.uint32(2)) % np.uint32(5), cls)
    light = (x + y).astype(np.float64) / 4.0
    spectra = np.array(SPECTRA, dtype=np.float64)
    pixel = y * np.uint32(WIDTH) + x
    before = np.empty((BANDS, HEIGHT, WIDTH), np.float32)
    after = np.empty((BANDS, HEIGHT, WIDTH), np.float32)
    for k in range(BANDS):
        nb = noise(pixel * np.uint32(16) + np.uint32(k))
        na = noise(pixel * np.uint32(16) + np.uint32(8 + k))
        before[k] = (spectra[cls, k] + light) + NOISE[k] * nb
        after[k] = ((spectra[cls_after, k] + light) * GAIN[k] + OFFSET[k]) + (NOISE[k] * 1.5) * na
    before[2][(x * 7 + y * 13) % 61 == 0] = np.nan
    after[0][(x * 3 + y * 5) % 53 == 0] = np.nan
    return before, after


def irmad(before, after, max_iterations=MAX_ITERATIONS, tolerance=TOLERANCE):
    """IR-MAD on (N, H, W) arrays; returns the fit and per-pixel Z, MADs, pNoChange (NaN = nodata)."""
    n = before.shape[0]
    shape = before.shape[1:]
    X = before.reshape(n, -1).astype(np.float64)
    Y = after.reshape(n, -1).astype(np.float64)
    valid = np.isfinite(X).all(0) & np.isfinite(Y).all(0)
    X, Y = X[:, valid], Y[:, valid]
    w = np.ones(X.shape[1])
    old = np.zeros(n)
    rho_first = None
    for iteration in range(1, max_iterations + 1):
        mean_x = np.average(X, axis=1, weights=w)
        mean_y = np.average(Y, axis=1, weights=w)
        D = np.vstack([X - mean_x[:, None], Y - mean_y[:, None]])
        S = (D * w) @ D.T / w.sum()
        s11, s22, s12 = S[:n, :n], S[n:, n:], S[:n, n:]
        c1 = s12 @ np.linalg.solve(s22, s12.T)
        c2 = s12.T @ np.linalg.solve(s11, s12)
        _, A = linalg.eigh((c1 + c1.T) / 2, s11)
        mu2, B = linalg.eigh((c2 + c2.T) / 2, s22)
        rho = np.sqrt(np.clip(mu2, 0, 1))
        corr_sum = ((s11 @ A) / np.sqrt(np.diag(s11))[:, None]).sum(0)
        A = A * np.where(corr_sum < 0, -1.0, 1.0)
        B = B * np.where(np.diag(A.T @ s12 @ B) < 0, -1.0, 1.0)
        sigma = np.sqrt(2 * (1 - rho))
        mads = A.T @ (X - mean_x[:, None]) - B.T @ (Y - mean_y[:, None])
        z = ((mads / sigma[:, None]) ** 2).sum(0)
        w = stats.chi2.sf(z, n)
        delta = np.abs(rho - old).max()
        old = rho
        if rho_first is None:
            rho_first = rho
        if delta < tolerance:
            break

    def image(values):
        out = np.full(valid.shape, np.nan)
        out[valid] = values
        return out.reshape(shape)

    fit = {'rhoFirst': rho_first.tolist(), 'rho': rho.tolist(), 'iterations': iteration, 'converged': bool(delta < tolerance)}
    return fit, image(z), [image(m) for m in mads], image(w)


def read_gdal(path):
    """All bands of a raster as float64 (N, H, W), declared nodata as NaN (gdal_translate to raw ENVI)."""
    info = json.loads(subprocess.check_output(['gdalinfo', '-json', path]))
    width, height = info['size']
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, 'pair.raw')
        subprocess.check_call(['gdal_translate', '-q', '-of', 'ENVI', '-ot', 'Float64', '-co', 'INTERLEAVE=BSQ', path, raw])
        data = np.fromfile(raw, dtype='<f8').reshape(len(info['bands']), height, width)
    for k, band in enumerate(info['bands']):
        if 'noDataValue' in band:
            data[k][data[k] == float(band['noDataValue'])] = np.nan
    return data


def main():
    if len(sys.argv) == 3:
        fit, *_ = irmad(read_gdal(sys.argv[1]), read_gdal(sys.argv[2]))
        print(json.dumps(fit))
        return
    before, after = synthetic_pair()
    fit, z, mads, p = irmad(before, after)
    nan_to_none = lambda v: None if np.isnan(v) else float(v)
    result = {
        'source': 'tests/reference/irmad.py (numpy %s, scipy.linalg.eigh, scipy.stats.chi2)' % np.__version__,
        'fixture': {
            'width': WIDTH, 'height': HEIGHT, 'bands': BANDS,
            'beforeSum': float(np.nansum(before.astype(np.float64))),
            'afterSum': float(np.nansum(after.astype(np.float64))),
            'nodataPixels': int((np.isnan(before).any(0) | np.isnan(after).any(0)).sum()),
        },
        'maxIterations': MAX_ITERATIONS,
        'tolerance': TOLERANCE,
        **fit,
        'pixels': [
            {'x': x, 'y': y, 'z': nan_to_none(z[y, x]), 'pNoChange': nan_to_none(p[y, x]), 'mads': [nan_to_none(m[y, x]) for m in mads]}
            for x, y in SAMPLES
        ],
    }
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'irmad.json')
    with open(out, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')
    print(json.dumps({k: result[k] for k in ('rhoFirst', 'rho', 'iterations', 'converged')}))


if __name__ == '__main__':
    main()
