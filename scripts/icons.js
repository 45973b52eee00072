#!/usr/bin/env node
/**
 * Rasterises the app icon (the same shapes as static/favicon.svg) into the PNG sizes a web app
 * manifest needs, with 4×4 supersampling. Hand-rolled because the icon is four primitives and a
 * vector renderer would be a large new dependency; PNG encoding is fast-png's.
 *
 *   node scripts/icons.js [dir=build]   → dir/icons/icon-{192,512}.png, dir/favicon.ico
 *
 * favicon.ico exists because Chromium asks for /favicon.ico before the client-rendered <head>
 * has added the SVG icon link, and a 404 there is console noise in every test.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';

export const ICON_SIZES = [192, 512];

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

/** Painter's order in a 64-unit box; keep in step with static/favicon.svg. */
const SHAPES = [
  { fill: hex('#12161c'), inside: (x, y) => inRoundRect(x, y, 0, 0, 64, 64, 12) },
  { fill: hex('#1f4e63'), inside: (x, y) => x >= 24 && x <= 54 && y >= 24 && y <= 54 },
  { fill: hex('#9fb3c8'), inside: (x, y) => inRect(x, y, 10, 10, 42, 42) && !inRect(x, y, 14, 14, 38, 38) },
  { fill: hex('#ff00c8'), inside: (x, y) => (x - 40) ** 2 + (y - 40) ** 2 <= 64 }
];

function inRect(x, y, x0, y0, x1, y1) {
  return x >= x0 && x <= x1 && y >= y0 && y <= y1;
}

function inRoundRect(x, y, x0, y0, w, h, r) {
  const cx = Math.min(Math.max(x, x0 + r), x0 + w - r);
  const cy = Math.min(Math.max(y, y0 + r), y0 + h - r);
  return inRect(x, y, x0, y0, x0 + w, y0 + h) && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** RGBA pixels of the icon at `size` × `size`. */
export function renderIcon(size, samples = 4) {
  const data = new Uint8Array(size * size * 4);
  const unit = 64 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * unit;
          const y = (py + (sy + 0.5) / samples) * unit;
          let hit = null;
          for (const s of SHAPES) if (s.inside(x, y)) hit = s.fill;
          if (hit) {
            acc[0] += hit[0];
            acc[1] += hit[1];
            acc[2] += hit[2];
            acc[3] += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (acc[3] > 0) for (let c = 0; c < 3; c++) data[o + c] = Math.round(acc[c] / acc[3]);
      data[o + 3] = Math.round((acc[3] / (samples * samples)) * 255);
    }
  }
  return data;
}

/** An .ico holding PNG images (allowed since Windows Vista; every current browser reads it). */
export function icoFromPngs(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const e = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, e);
    header.writeUInt8(size >= 256 ? 0 : size, e + 1);
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((im) => Buffer.from(im.png))]);
}

const pngOf = (size) => encode({ width: size, height: size, data: renderIcon(size), channels: 4, depth: 8 });

export async function writeIcons(dir) {
  const out = join(dir, 'icons');
  await mkdir(out, { recursive: true });
  for (const size of ICON_SIZES) await writeFile(join(out, `icon-${size}.png`), pngOf(size));
  await writeFile(join(dir, 'favicon.ico'), icoFromPngs([16, 32, 48].map((size) => ({ size, png: pngOf(size) }))));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeIcons(resolve(process.argv[2] ?? 'build'));
}
