"""Known values for the change-object tests, from an independent implementation.

scipy.ndimage.label with the full 3x3 structure (8-connectivity) labels a seeded random change
mask (1 change, 0 no change, 255 nodata); scipy numbers labels in raster order of each object's
first pixel, as Sitewatch does, so the objects compare id by id. The mask itself is committed in
the JSON (rows of '0', '1', 'N' for 255), so the TypeScript test needs no shared random generator.

Magnitude and direction class are formulas of (col, row) that the test recomputes:
  magnitude = float32(sin(0.37 col) + cos(0.21 row) + 2)    direction class = (7 col + 3 row) % 5

Run: python3 tests/reference/objects.py > tests/reference/objects.json
"""
import json

import numpy as np
from scipy import ndimage

WIDTH, HEIGHT, SEED = 72, 56, 20240611
MIN_PIXELS = 4


def main():
    rng = np.random.default_rng(SEED)
    u = rng.random((HEIGHT, WIDTH))
    mask = np.where(u < 0.38, 1, np.where(u > 0.95, 255, 0)).astype(np.uint8)
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH]
    magnitude = (np.sin(0.37 * cols) + np.cos(0.21 * rows) + 2).astype(np.float32).astype(np.float64)
    direction = (7 * cols + 3 * rows) % 5

    change = mask == 1
    labels, n = ndimage.label(change, structure=np.ones((3, 3), dtype=int))
    ids = np.arange(1, n + 1)
    areas = ndimage.sum_labels(change, labels, ids)
    centres = ndimage.center_of_mass(change, labels, ids)
    boxes = ndimage.find_objects(labels)
    means = ndimage.mean(magnitude, labels, ids)
    maxima = ndimage.maximum(magnitude, labels, ids)
    objects = []
    for k in range(n):
        counts = np.bincount(direction[labels == k + 1], minlength=5)
        rs, cs = boxes[k]
        objects.append({
            "id": k + 1,
            "areaPx": int(areas[k]),
            # GDAL pixel convention: the centre of pixel (c, r) is (c + 0.5, r + 0.5).
            "centroidPx": [float(centres[k][1]) + 0.5, float(centres[k][0]) + 0.5],
            "bbox": [cs.start, rs.start, cs.stop, rs.stop],
            "meanMagnitude": float(means[k]),
            "maxMagnitude": float(maxima[k]),
            "directionClass": int(np.argmax(counts)),
        })
    kept = np.isin(labels, ids[areas >= MIN_PIXELS])
    cleaned = np.where(change & ~kept, 0, mask)
    print(json.dumps({
        "source": "scipy.ndimage.label, structure=ones((3, 3)); tests/reference/objects.py",
        "tolerance": 1e-9,
        "width": WIDTH,
        "height": HEIGHT,
        "mask": ["".join("N" if v == 255 else str(v) for v in row) for row in mask],
        "objects": objects,
        "minPixels": MIN_PIXELS,
        "removedObjects": int(np.sum(areas < MIN_PIXELS)),
        "cleanedChangePixels": int(np.sum(cleaned == 1)),
        "cleanedNodataPixels": int(np.sum(cleaned == 255)),
    }, separators=(",", ":")))


if __name__ == "__main__":
    main()
