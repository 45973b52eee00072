#!/usr/bin/env python3
"""Reference values for tests/algorithm/clean.test.ts, written to clean.json.

An implementation independent of the TypeScript and WASM ones, with scipy.ndimage:
binary_erosion / binary_dilation with the disk structuring element x² + y² <= r² (radius 1 is
generate_binary_structure(2, 1), the cross), composed into opening and closing, and the majority
vote as two box sums (ndimage.correlate) of the 1s and the 0s. Nodata (255) is "don't care":
erosion runs on (mask != 0) with border_value=1, dilation on (mask == 1) with border_value=0, the
vote leaves nodata out, and nodata pixels are 255 after every step. This is why binary_opening /
binary_closing / median_filter are not called on the nodata mask itself (they take one border
value for both halves and have no nodata); the script asserts instead that on the same mask
without nodata they agree with the compositions wherever the image border cannot reach.

The mask is generated from a seed with mulberry32, the same generator and drawing as
cleanFixtureMask in the test. Exact match is required (integers). Run from the repository root:
python3 tests/reference/clean.py   (numpy 2.4, scipy 1.17; the committed JSON was written with those).
"""
import hashlib
import json
from pathlib import Path

import numpy as np
import scipy
from scipy import ndimage

WIDTH, HEIGHT, SEED = 96, 80, 2024
CIRCLES = [(20, 18, 9), (62, 30, 6), (44, 60, 12), (85, 12, 3)]
SPECS = ['median:3', 'median:5', 'open:1', 'open:2', 'close:1', 'close:2', 'median:3,open:1,close:2', 'close:3,open:3']
M32 = 0xFFFFFFFF


def mulberry32(seed):
    state = seed & M32

    def rand():
        nonlocal state
        state = (state + 0x6D2B79F5) & M32
        t = ((state ^ (state >> 15)) * (1 | state)) & M32
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & M32)) & M32) ^ t
        return ((t ^ (t >> 14)) & M32) / 4294967296

    return rand


def fixture_mask():
    """Blobs of change (circles and a rectangle, 90 % filled) in 12 % speckle, 6 % random nodata, a nodata bar."""
    rand = mulberry32(SEED)
    m = np.zeros((HEIGHT, WIDTH), np.uint8)
    for y in range(HEIGHT):
        for x in range(WIDTH):
            u, v = rand(), rand()
            blob = any((x - cx) ** 2 + (y - cy) ** 2 <= r * r for cx, cy, r in CIRCLES) or (70 <= x < 92 and 50 <= y < 57)
            if u < 0.06 or (38 <= y < 41 and x < 30):
                m[y, x] = 255
            else:
                m[y, x] = 1 if v < (0.9 if blob else 0.12) else 0
    return m


def disk(r):
    y, x = np.ogrid[-r : r + 1, -r : r + 1]
    return x * x + y * y <= r * r


def erode(m, r):
    e = ndimage.binary_erosion(m != 0, structure=disk(r), border_value=1)
    return np.where(m == 255, 255, e).astype(np.uint8)


def dilate(m, r):
    d = ndimage.binary_dilation(m == 1, structure=disk(r), border_value=0)
    return np.where(m == 255, 255, d).astype(np.uint8)


def majority(m, size):
    box = np.ones((size, size), np.int32)
    ones = ndimage.correlate((m == 1).astype(np.int32), box, mode='constant', cval=0)
    zeros = ndimage.correlate((m == 0).astype(np.int32), box, mode='constant', cval=0)
    out = np.where(ones > zeros, 1, np.where(ones < zeros, 0, m))
    return np.where(m == 255, 255, out).astype(np.uint8)


def run(m, spec):
    for step in spec.split(','):
        op, arg = step.split(':')
        n = int(arg)
        if op == 'median':
            m = majority(m, n)
        elif op == 'open':
            m = dilate(erode(m, n), n)
        else:
            m = erode(dilate(m, n), n)
    return m


def check_against_named_filters(m):
    """Without nodata, the compositions equal scipy's own filters away from the border."""
    assert (disk(1) == ndimage.generate_binary_structure(2, 1)).all()
    plain = np.where(m == 255, 0, m)
    for r in (1, 2, 3):
        inner = (slice(2 * r, -2 * r),) * 2
        assert (run(plain, f'open:{r}')[inner] == ndimage.binary_opening(plain == 1, disk(r))[inner]).all()
        assert (run(plain, f'close:{r}')[inner] == ndimage.binary_closing(plain == 1, disk(r))[inner]).all()
    for size in (3, 5):
        inner = (slice(size // 2, -(size // 2)),) * 2
        assert (run(plain, f'median:{size}')[inner] == ndimage.median_filter(plain, size=size)[inner]).all()


def main():
    m = fixture_mask()
    check_against_named_filters(m)
    out = {
        'generator': f'tests/reference/clean.py (numpy {np.__version__}, scipy {scipy.__version__} ndimage)',
        'structuringElement': 'disk: x*x + y*y <= r*r',
        'width': WIDTH,
        'height': HEIGHT,
        'seed': SEED,
        'input': {'ones': int((m == 1).sum()), 'nodata': int((m == 255).sum()), 'sha256': hashlib.sha256(m.tobytes()).hexdigest()},
        'results': {},
    }
    for spec in SPECS:
        r = run(m, spec)
        out['results'][spec] = {'ones': int((r == 1).sum()), 'sha256': hashlib.sha256(r.tobytes()).hexdigest()}
    path = Path(__file__).with_name('clean.json')
    path.write_text(json.dumps(out, indent=2) + '\n')
    print(f'wrote {path}')


if __name__ == '__main__':
    main()
