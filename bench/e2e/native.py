"""The native baseline of the end-to-end benchmark: GDAL read, numpy CVA, Otsu, scipy.ndimage
labelling, the same outputs written the same way as `sitewatch change --method cva --threshold otsu`.

    /usr/bin/python3 bench/e2e/native.py BEFORE AFTER OUTDIR LAYOUT

LAYOUT is how the CLI writes its GeoTIFFs: `raw` (uncompressed strips, class as Float32) or
`deflate-tiled` (Deflate, 256 × 256 tiles, floating-point predictor, class as UInt8). Prints one
JSON line: stage timings (ms), object count and peak RSS (KiB).
"""

import csv
import json
import resource
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr
from scipy import ndimage

gdal.UseExceptions()
MAX_OBJECTS = 100_000
BINS = 1024


def creation_options(layout, dtype):
    if layout == "raw":
        return []
    options = ["COMPRESS=DEFLATE", "TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256"]
    return options + (["PREDICTOR=3"] if dtype == gdal.GDT_Float32 else [])


def create(path, like, dtype, nodata, layout):
    ds = gdal.GetDriverByName("GTiff").Create(path, like.RasterXSize, like.RasterYSize, 1, dtype, creation_options(layout, dtype))
    ds.SetGeoTransform(like.GetGeoTransform())
    ds.SetProjection(like.GetProjection())
    ds.GetRasterBand(1).SetNoDataValue(nodata)
    return ds


def otsu(magnitude):
    valid = magnitude[~np.isnan(magnitude)]
    lo, hi = float(valid.min()), float(valid.max())
    counts, _ = np.histogram(valid, bins=BINS, range=(lo, hi))
    k = np.arange(BINS, dtype=np.float64)
    w0 = np.cumsum(counts)[:-1].astype(np.float64)
    sum0 = np.cumsum(k * counts)[:-1]
    total, sum_all = w0[-1] + counts[-1], (k * counts).sum()
    w1 = total - w0
    with np.errstate(divide="ignore", invalid="ignore"):
        score = w0 * w1 * (sum0 / w0 - (sum_all - sum0) / w1) ** 2
    score[(w0 == 0) | (w1 == 0)] = 0
    best = int(np.argmax(score))
    return hi if score[best] <= 0 else lo + (best + 1) * (hi - lo) / BINS


def main(before_path, after_path, out, layout):
    t = {}
    clock = time.perf_counter()

    def lap(stage):
        nonlocal clock
        now = time.perf_counter()
        t[stage] = round((now - clock) * 1000)
        clock = now

    before, after = gdal.Open(before_path), gdal.Open(after_path)
    width, height, bands = before.RasterXSize, before.RasterYSize, before.RasterCount
    rows = before.GetRasterBand(1).GetBlockSize()[1]
    rows = max(rows, (1 << 21) // width // rows * rows)
    magnitude = np.empty((height, width), np.float32)
    class_type = gdal.GDT_Float32 if layout == "raw" else gdal.GDT_Byte
    angle_ds = create(f"{out}/angle.tif", before, gdal.GDT_Float32, float("nan"), layout)
    class_ds = create(f"{out}/class.tif", before, class_type, float("nan") if layout == "raw" else 255, layout)
    for y in range(0, height, rows):
        n = min(rows, height - y)
        a = before.ReadAsArray(0, y, width, n).astype(np.float32).reshape(bands, n, width)
        b = after.ReadAsArray(0, y, width, n).astype(np.float32).reshape(bands, n, width)
        # Band by band in float32: exact for 8-bit data (255² · bands < 2²⁴), like the CLI's f64 sums.
        square = np.zeros((n, width), np.float32)
        dot, na, nb = np.zeros_like(square), np.zeros_like(square), np.zeros_like(square)
        rising, falling = np.zeros((n, width), bool), np.zeros((n, width), bool)
        for k in range(bands):
            d = b[k] - a[k]
            square += d * d
            dot += a[k] * b[k]
            na += a[k] * a[k]
            nb += b[k] * b[k]
            rising |= d > 0
            falling |= d < 0
        magnitude[y : y + n] = np.sqrt(square)
        with np.errstate(divide="ignore", invalid="ignore"):
            angle = np.arccos(np.clip(dot / np.sqrt(na * nb), -1, 1))
        angle[(na == 0) | (nb == 0)] = np.nan
        cls = np.where(rising & ~falling, 1, np.where(falling & ~rising, 2, 0)).astype(np.uint8 if class_type == gdal.GDT_Byte else np.float32)
        angle_ds.GetRasterBand(1).WriteArray(angle, 0, y)
        class_ds.GetRasterBand(1).WriteArray(cls, 0, y)
    angle_ds = class_ds = None
    lap("read+cva+direction")

    threshold = otsu(magnitude)
    nodata = np.isnan(magnitude)
    change = magnitude > threshold
    mask = change.astype(np.uint8)
    mask[nodata] = 255
    lap("threshold")

    ds = create(f"{out}/magnitude.tif", before, gdal.GDT_Float32, float("nan"), layout)
    ds.GetRasterBand(1).WriteArray(magnitude)
    ds = None
    mask_ds = create(f"{out}/mask.tif", before, gdal.GDT_Byte, 255, layout)
    mask_ds.GetRasterBand(1).WriteArray(mask)
    lap("write")

    labels, count = ndimage.label(change, structure=np.ones((3, 3), bool))
    if count <= MAX_OBJECTS:
        index = np.arange(1, count + 1)
        area = ndimage.sum_labels(change, labels, index)
        mean = ndimage.mean(magnitude, labels, index)
        peak = ndimage.maximum(magnitude, labels, index)
        centroid = ndimage.center_of_mass(change, labels, index)
        boxes = ndimage.find_objects(labels)
        with open(f"{out}/objects.csv", "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["id", "area_px", "x0", "y0", "x1", "y1", "cx", "cy", "mean", "max"])
            for i in range(count):
                s = boxes[i]
                w.writerow([i + 1, int(area[i]), s[1].start, s[0].start, s[1].stop, s[0].stop, centroid[i][1], centroid[i][0], mean[i], peak[i]])
        srs = osr.SpatialReference()
        srs.ImportFromWkt(before.GetProjection())
        vector = ogr.GetDriverByName("GeoJSON").CreateDataSource(f"{out}/objects-crs.geojson")
        layer = vector.CreateLayer("objects", srs)
        layer.CreateField(ogr.FieldDefn("change", ogr.OFTInteger))
        band = mask_ds.GetRasterBand(1)
        gdal.Polygonize(band, band, layer, 0, ["8CONNECTED=8"])
        vector = None
    mask_ds = None
    lap("objects")
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print("NATIVE " + json.dumps({"timingsMs": t, "objects": int(count), "threshold": threshold, "maxRssKiB": usage}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
