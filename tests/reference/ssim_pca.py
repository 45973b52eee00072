"""Independent reference numbers for the SSIM, PCA-k-means, spectral-index and CVA-direction
change statistics.
Run: python3 tests/reference/ssim_pca.py  (numpy ≥ 1.26, scipy ≥ 1.11; writes ssim_pca.json beside
this file). The pairs are integer arithmetic only, so tests/reference/ssim-pca-fixture.ts rebuilds
them bit for bit for the tests in tests/algorithm.

SSIM: scipy.ndimage.gaussian_filter(sigma=1.5, truncate=3.5, mode='reflect') for every local
statistic, as skimage.metrics.structural_similarity(gaussian_weights=True,
use_sample_covariance=False) does, with nodata handled by normalized convolution.
PCA-k-means: numpy blocks + covariance + numpy.linalg.eigh + a plain Lloyd loop (Celik 2009).
Spectral indices and CVA direction: vectorised numpy on a small six-band pair (`index_pair`).
"""
import json
import math
from pathlib import Path

import numpy as np
from scipy.ndimage import gaussian_filter

W, H = 40, 32
STRIDE = 3  # the JSON keeps the values of pixels i = y·W + x with i % STRIDE == 0


def hash32(i, seed):
    x = (i * 0x9E3779B1 + seed * 0x85EBCA77 + 0x165667B1) & 0xFFFFFFFF
    x ^= x >> 15
    x = (x * 0x2C1B3C6D) & 0xFFFFFFFF
    x ^= x >> 12
    x = (x * 0x297A2D39) & 0xFFFFFFFF
    x ^= x >> 15
    return x


def noise(i, seed):
    return hash32(i, seed) % 11 - 5


def synthetic_pair():
    """Two bands: a ramp texture; in the after image a shifted block (brightness change) and a
    checkerboard block (structural change)."""
    before = np.zeros((2, H, W))
    after = np.zeros((2, H, W))
    for b in range(2):
        for y in range(H):
            for x in range(W):
                i = y * W + x
                base = 60 + 30 * b + (3 * x + 5 * y) % 40
                after_base = base
                if 6 <= y < 16 and 8 <= x < 20:
                    after_base = base + (70 if b == 0 else -35)
                if 18 <= y < 28 and 24 <= x < 36:
                    after_base = 100 + 30 * b + ((x + y) % 2) * 60
                before[b, y, x] = min(255, max(0, base + noise(i, 1 + b)))
                after[b, y, x] = min(255, max(0, after_base + noise(i, 11 + b)))
    return before, after


def with_nodata(before, after):
    before, after = before.copy(), after.copy()
    for y, x in [(3, 4), (20, 30), (31, 39)]:
        before[0, y, x] = np.nan
    after[1, 10, 10] = np.nan
    return before, after


def f32(a):
    return a.astype(np.float32).astype(np.float64)

def filt(img):
    return gaussian_filter(img, sigma=1.5, truncate=3.5, mode='reflect')


def ssim_change(before, after, L):
    valid = np.all(np.isfinite(before), axis=0) & np.all(np.isfinite(after), axis=0)
    m = valid.astype(np.float64)
    wsum = filt(m)
    c1, c2 = (0.01 * L) ** 2, (0.03 * L) ** 2
    acc = np.zeros((H, W))
    for a, b in zip(before, after):
        x = np.where(valid, a, 0.0)
        y = np.where(valid, b, 0.0)
        mx, my = filt(x) / wsum, filt(y) / wsum
        vx = filt(x * x) / wsum - mx * mx
        vy = filt(y * y) / wsum - my * my
        cxy = filt(x * y) / wsum - mx * my
        acc += 1 - ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    out = acc / len(before)
    out[~valid] = np.nan
    return out


def ssim_plain(a, b, L):
    """Textbook SSIM map without any nodata handling: the clean case must agree."""
    c1, c2 = (0.01 * L) ** 2, (0.03 * L) ** 2
    mx, my = filt(a), filt(b)
    vx, vy, cxy = filt(a * a) - mx * mx, filt(b * b) - my * my, filt(a * b) - mx * my
    return ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))


def difference(before, after, kind):
    delta = after - before
    d = np.sqrt((delta ** 2).sum(axis=0)) if kind == 'cva' else np.abs(delta).mean(axis=0)
    return np.where(np.isfinite(d), d, np.nan)


def pca_kmeans(before, after, h=5, components=None, kind='absdiff', sample_size=65536):
    d = difference(before, after, kind)
    blocks = [d[by * h:(by + 1) * h, bx * h:(bx + 1) * h].ravel() for by in range(H // h) for bx in range(W // h)]
    blocks = np.array([v for v in blocks if np.all(np.isfinite(v))])
    psi = blocks.mean(axis=0)
    cov = (blocks - psi).T @ (blocks - psi) / len(blocks)
    values, vectors = np.linalg.eigh(cov)
    values, vectors = values[::-1], vectors[:, ::-1]
    if components is None:
        total = sum(max(0.0, v) for v in values)
        held, components = 0.0, 0
        while components < len(values) and held < 0.9 * total:
            held += max(0.0, values[components])
            components += 1
    axes = vectors[:, :components]
    r = (h - 1) // 2
    padded = np.pad(d, r, mode='symmetric')  # = scipy.ndimage mode 'reflect'
    windows = np.lib.stride_tricks.sliding_window_view(padded, (h, h)).reshape(H, W, h * h)
    centred = np.nan_to_num(windows - psi, nan=0.0)
    features = centred @ axes
    step = max(1, math.ceil(math.sqrt(W * H / sample_size)))
    grid = np.zeros((H, W), bool)
    grid[::step, ::step] = True
    pick = grid & np.isfinite(d)
    F, D = features[pick], d[pick]
    c = [F[np.argmin(D)].copy(), F[np.argmax(D)].copy()]
    assign = np.zeros(len(F), int)
    iterations, changed = 0, True
    while changed and iterations < 100:
        k = np.where(((F - c[0]) ** 2).sum(axis=1) <= ((F - c[1]) ** 2).sum(axis=1), 0, 1)
        changed = iterations == 0 or bool(np.any(k != assign))
        assign = k
        for j in (0, 1):
            if np.any(assign == j):
                c[j] = F[assign == j].mean(axis=0)
        iterations += 1
    sizes = [int(np.sum(assign == 0)), int(np.sum(assign == 1))]
    means = [D[assign == j].mean() if sizes[j] else np.nan for j in (0, 1)]
    change = 0 if sizes[0] and sizes[1] and means[0] > means[1] else 1
    margin = np.linalg.norm(features - c[1 - change], axis=2) - np.linalg.norm(features - c[change], axis=2)
    margin[~np.isfinite(d)] = np.nan
    return {
        'blocks': len(blocks),
        'components': int(components),
        'eigenvalues': [float(v) for v in values[:4]],
        'sampleStep': step,
        'samples': int(len(F)),
        'iterations': iterations,
        'clusterSizes': [sizes[1 - change], sizes[change]],
        'centroidDistance': float(np.linalg.norm(c[0] - c[1])),
        'changedPixels': int(np.sum(margin > 0)),
        'margin': listed(margin, STRIDE),
    }


def listed(a, stride=1):
    return [None if not np.isfinite(v) else float(f'{v:.9g}') for v in a.ravel()[::stride]]


IW, IH = 8, 6


def index_pair():
    """Six bands in Landsat TM order (blue, green, red, NIR, SWIR1, SWIR2), values 20–219; pixel 0
    has red = NIR = 0 before (undefined NDVI), pixel 1 has SWIR1 = NIR = 0 after (undefined NDBI),
    pixel 2 is nodata in band 3 after; pixel 3 doubles, pixel 4 halves and pixel 5 keeps every band
    (brightening, darkening and no change with exactly the same NDVI)."""
    before = np.zeros((6, IH, IW))
    after = np.zeros((6, IH, IW))
    for b in range(6):
        for i in range(IW * IH):
            before[b].flat[i] = 20 + hash32(i, 100 + b) % 200
            after[b].flat[i] = 20 + hash32(i, 200 + b) % 200
    before[2].flat[0] = before[3].flat[0] = 0
    after[4].flat[1] = after[3].flat[1] = 0
    after[2].flat[2] = np.nan
    for i, factor in [(3, 2.0), (4, 0.5), (5, 1.0)]:
        after[:, 0, i] = before[:, 0, i] * factor
    return before, after


def nd(x, y):
    s = x + y
    with np.errstate(invalid='ignore', divide='ignore'):
        return np.where((s == 0) | ~np.isfinite(s), np.nan, (x - y) / s)


def indices(before, after):
    blue, green, red, nir, swir1 = 0, 1, 2, 3, 4
    ndvi = lambda v: nd(v[nir], v[red])
    ndbi = lambda v: nd(v[swir1], v[nir])
    bright = lambda v: v[[blue, green, red]].mean(axis=0)
    delta = after - before
    valid = np.all(np.isfinite(delta), axis=0)
    norm_a, norm_b = np.sqrt((before ** 2).sum(axis=0)), np.sqrt((after ** 2).sum(axis=0))
    cos = np.clip((before * after).sum(axis=0) / (norm_a * norm_b), -1, 1)
    veg_loss = ndvi(before) - ndvi(after) > 0
    rising, falling = (delta > 0).sum(axis=0), (delta < 0).sum(axis=0)
    direction = np.where((rising > 0) & (falling == 0), 1, np.where((falling > 0) & (rising == 0), 2, 0))

    def classes(built):
        c = np.where(veg_loss & built, 3, np.where(veg_loss, 4, direction)).astype(float)
        c[~valid] = np.nan
        return c

    return {
        'width': IW,
        'height': IH,
        'ndvi': listed(ndvi(after) - ndvi(before)),
        'ndwi': listed(nd(after[green], after[nir]) - nd(before[green], before[nir])),
        'ndbi': listed(ndbi(after) - ndbi(before)),
        'builtupSwir': listed(ndbi(after) - ndbi(before) + ndvi(before) - ndvi(after)),
        'builtupVnir': listed(ndvi(before) - ndvi(after) + nd(bright(after), bright(before))),
        'cvaMagnitude': listed(np.where(valid, np.sqrt((delta ** 2).sum(axis=0)), np.nan)),
        'cvaAngle': listed(np.where(valid, np.arccos(cos), np.nan)),
        'classSwir': listed(classes(ndbi(after) > ndbi(before))),
        'classVnir': listed(classes(delta[[blue, green, red]].sum(axis=0) > 0)),
    }


def main():
    before, after = synthetic_pair()
    nb, na = with_nodata(before, after)
    fb, fa = f32(nb * 0.01), f32(na * 0.01)
    L_float = float(max(np.nanmax(fb), np.nanmax(fa)) - min(np.nanmin(fb), np.nanmin(fa)))
    clean = ssim_change(before, after, 255.0)
    plain = np.mean([1 - ssim_plain(a, b, 255.0) for a, b in zip(before, after)], axis=0)
    assert np.allclose(clean, plain, rtol=0, atol=1e-12), 'normalized convolution must reduce to plain SSIM'
    out = {
        'about': 'tests/reference/ssim_pca.py; synthetic 40×32 two-band pair; values of pixels i % 3 == 0',
        'width': W,
        'height': H,
        'stride': STRIDE,
        'ssimUint8': {'L': 255.0, 'mean': float(np.mean(clean)), 'magnitude': listed(clean, STRIDE)},
        'ssimFloatNodata': {'L': L_float, 'magnitude': listed(ssim_change(fb, fa, L_float), STRIDE)},
        'pcaAbsdiff': pca_kmeans(before, after),
        'pcaCvaNodataSampled': pca_kmeans(nb, na, components=3, kind='cva', sample_size=300),
        'indices': indices(*index_pair()),
    }
    Path(__file__).with_name('ssim_pca.json').write_text(json.dumps(out) + '\n')


if __name__ == '__main__':
    main()
