#!/usr/bin/python3
"""
Writes the small masked rasters of tests/fixtures/masks with GDAL itself, as GDAL writes masks:
an internal mask (GDAL_TIFF_INTERNAL_MASK=YES) in a Deflate-tiled and a JPEG/YCbCr-tiled GeoTIFF,
and a `.msk` mask file beside a uint16 GeoTIFF (GDAL_TIFF_INTERNAL_MASK=NO). Seeded; the mask is
a slanted footprint with a hole (tests/io/mask.test.ts computes the same shape), and masked
pixels hold 250 (uint8) or 60000 (uint16) so that reading them as data shows.

Usage: /usr/bin/python3 scripts/gen-mask-fixtures.py   (Debian's python3 with GDAL and numpy)
"""
import os
import subprocess
import tempfile

import numpy as np
from osgeo import gdal, osr

gdal.UseExceptions()
OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures', 'masks')
W, H = 40, 30


def footprint():
    y, x = np.mgrid[0:H, 0:W]
    valid = (x + 0.5 * y > 6) & (x - 0.4 * y < 34) & (y < 27)
    valid &= ~((x >= 18) & (x < 23) & (y >= 10) & (y < 13))
    return valid


def source(path, dtype, bands, fill):
    rng = np.random.default_rng(20261203)
    valid = footprint()
    ds = gdal.GetDriverByName('GTiff').Create(path, W, H, bands + 1, dtype)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32637)
    ds.SetProjection(srs.ExportToWkt())
    ds.SetGeoTransform([712345.0, 10, 0, 3812345.0, 0, -10])
    y, x = np.mgrid[0:H, 0:W]
    for b in range(bands):
        # Smooth with a little noise (JPEG-friendly), 20-200; uint16 scales it to 1000-40000.
        data = np.clip(110 + 80 * np.sin(x / 6 + 2 * b) * np.cos(y / 5 - b) + rng.integers(-8, 9, (H, W)), 20, 200)
        if dtype != gdal.GDT_Byte:
            data = 1000 + (data - 20) * 216
        ds.GetRasterBand(b + 1).WriteArray(np.where(valid, np.round(data), fill))
    ds.GetRasterBand(bands + 1).WriteArray(np.where(valid, 255, 0).astype(np.uint8))
    ds = None


def translate(src, dst, bands, options, internal):
    args = ['gdal_translate', '-q', '--config', 'GDAL_TIFF_INTERNAL_MASK', 'YES' if internal else 'NO']
    for b in range(bands):
        args += ['-b', str(b + 1)]
    args += ['-mask', str(bands + 1), '-ot', 'UInt16' if 'uint16' in dst else 'Byte']
    for o in options:
        args += ['-co', o]
    subprocess.run(args + [src, os.path.join(OUT, dst)], check=True)


os.makedirs(OUT, exist_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    rgb = os.path.join(tmp, 'rgb.tif')
    grey16 = os.path.join(tmp, 'grey16.tif')
    # The alpha source band is written as Byte even for uint16 data; gdal_translate -mask reads it.
    source(rgb, gdal.GDT_Byte, 3, 250)
    source(grey16, gdal.GDT_UInt16, 1, 60000)
    tiled = ['TILED=YES', 'BLOCKXSIZE=16', 'BLOCKYSIZE=16']
    translate(rgb, 'internal-deflate.tif', 3, tiled + ['COMPRESS=DEFLATE'], True)
    translate(rgb, 'internal-jpeg.tif', 3, tiled + ['COMPRESS=JPEG', 'PHOTOMETRIC=YCBCR', 'JPEG_QUALITY=90'], True)
    translate(grey16, 'sidecar-uint16.tif', 1, ['COMPRESS=DEFLATE'], False)
