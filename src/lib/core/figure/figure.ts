/**
 * The briefing figure: before | after | change side by side, with the site outlines and names on
 * every panel, a scale bar and a north arrow, a legend, the two dates and a caption — drawn on a
 * DOM-free canvas and encoded with fast-png, so the worker and the CLI produce the same PNG bytes
 * for the same inputs and text.
 */
import { encode } from 'fast-png';
import { pixelAreaM2 } from '../io/geo';
import { throwIfAborted, type RasterSource, type RunContext } from '../raster';
import { decimationFactor, type RenderedImage } from '../render/image';
import { CHANGE_RGB } from '../render/mask';
import { DEFAULT_DISPLAY, displayBands, type DisplaySettings } from '../render/display';
import { renderPreview } from '../render/preview';
import type { PixelSite } from '../sites/site';
import type { BandStore } from '../store';
import { Canvas, type Rgba } from './canvas';
import { drawText, loadTypefaces, textWidth, wrapText, type Typefaces } from './font';
import { maskOverview, muted } from './overview';
import { formatLength, niceLength } from './scale-bar';

/** Widest figure: 4000 px is a full page at 400 dpi. */
export const MAX_FIGURE_WIDTH = 4000;
export const MIN_FIGURE_WIDTH = 600;
export const DEFAULT_FIGURE_WIDTH = 2400;

export interface FigureText {
  title: string;
  /** Date (or any label) of each image; null: "date not given". */
  beforeDate: string | null;
  afterDate: string | null;
  /** What the change panel shows, e.g. "IR-MAD, Kittler–Illingworth threshold". */
  method: string;
  caption: string;
}

export interface FigureInput {
  before: RasterSource;
  after: RasterSource;
  /** The change mask on before's grid (1 change, 0 no change, 255 nodata). */
  mask: BandStore<Uint8Array>;
  sites: readonly PixelSite[];
  text: FigureText;
  /** Figure width in pixels (MIN_FIGURE_WIDTH … MAX_FIGURE_WIDTH). */
  width: number;
  /** Bands and stretch of each image, as the viewer shows them (default: the default bands, 2–98 %). */
  display?: DisplaySettings;
}

const INK: Rgba = [28, 32, 38, 255];
const MUTED_INK: Rgba = [92, 99, 110, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const PLATE: Rgba = [255, 255, 255, 225];
const DARK_PLATE: Rgba = [15, 18, 24, 190];
const SITE: Rgba = [255, 214, 0, 255];
const HALO: Rgba = [0, 0, 0, 170];
const CHANGE: Rgba = [...CHANGE_RGB, 255];
const FRAME: Rgba = [180, 186, 194, 255];

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The figure as PNG bytes, with its size. */
export async function renderFigure(input: FigureInput, ctx: RunContext = {}): Promise<{ png: Uint8Array; width: number; height: number }> {
  const W = Math.round(Math.min(MAX_FIGURE_WIDTH, Math.max(MIN_FIGURE_WIDTH, input.width)));
  const info = input.before.info;
  const fonts = await loadTypefaces();
  const u = W / 1600;
  const margin = Math.round(28 * u);
  const gap = Math.round(16 * u);
  const pw = Math.floor((W - 2 * margin - 2 * gap) / 3);
  const ph = Math.round((pw * info.height) / info.width);

  const factor = decimationFactor(info.width, info.height, pw);
  const maxSize = Math.max(info.width, info.height) / factor;
  const display = input.display ?? DEFAULT_DISPLAY;
  const [before, after] = await Promise.all(
    ([input.before, input.after] as const).map((source, k) => {
      const d = k === 0 ? display.before : display.after;
      return renderPreview(source, { maxSize, bands: displayBands(d, source.info), stretch: d.stretch, signal: ctx.signal });
    })
  );
  const change = await maskOverview(input.mask, factor, ctx);
  throwIfAborted(ctx.signal);

  const titleSize = 30 * u;
  const labelSize = 19 * u;
  const textSize = 16 * u;
  const captionLines = input.text.caption ? wrapText(fonts.regular, input.text.caption, textSize, W - 2 * margin) : [];
  const titleLines = wrapText(fonts.bold, input.text.title, titleSize, W - 2 * margin);
  const top = margin + titleLines.length * titleSize * 1.25 + 8 * u;
  const panelsY = Math.round(top + labelSize * 1.2 + textSize * 1.5 + 6 * u);
  const legendY = panelsY + ph + 22 * u;
  const captionY = legendY + 34 * u;
  const H = Math.round(captionY + Math.max(0, captionLines.length - 1) * textSize * 1.45 + margin);

  const canvas = new Canvas(W, H, WHITE);
  titleLines.forEach((line, i) => drawText(canvas, fonts.bold, line, margin, margin + titleSize * (0.95 + 1.25 * i), titleSize, INK));

  const panels: Panel[] = [0, 1, 2].map((k) => ({ x: margin + k * (pw + gap), y: panelsY, w: pw, h: ph }));
  const labels: [string, string][] = [
    ['Before', input.text.beforeDate ?? 'date not given'],
    ['After', input.text.afterDate ?? 'date not given'],
    ['Change', input.text.method]
  ];
  const images: RenderedImage[] = [before, after, muted(after)];
  panels.forEach((p, k) => {
    drawText(canvas, fonts.bold, labels[k][0], p.x, top + labelSize, labelSize, INK);
    drawText(canvas, fonts.regular, labels[k][1], p.x, top + labelSize * 1.2 + textSize * 1.1, textSize, MUTED_INK);
    canvas.fillRect(p.x - 1, p.y - 1, p.w + 2, p.h + 2, FRAME);
    canvas.fillRect(p.x, p.y, p.w, p.h, [236, 238, 241, 255]);
    canvas.clip = [p.x, p.y, p.x + p.w, p.y + p.h];
    canvas.drawImage(images[k], p.x, p.y, p.w, p.h);
    if (k === 2) canvas.drawImage(change, p.x, p.y, p.w, p.h);
    drawSites(canvas, fonts, input.sites, p, info.width, info.height, u);
    canvas.clip = null;
  });

  const last = panels[2];
  const geo = info.geo;
  const metresPerPixel = geo && pixelAreaM2(geo) !== null ? Math.sqrt(pixelAreaM2(geo)!) : null;
  drawScaleBar(canvas, fonts, last, metresPerPixel === null ? null : (metresPerPixel * info.width) / last.w, info.width / last.w, u);
  if (geo && geo.transform[2] === 0 && geo.transform[4] === 0) drawNorthArrow(canvas, fonts, last, u);

  // Legend.
  let lx = margin;
  const ly = legendY;
  canvas.fillRect(lx, ly - 14 * u, 18 * u, 18 * u, CHANGE);
  lx += 26 * u;
  lx += drawText(canvas, fonts.regular, 'Change', lx, ly, textSize, INK) + 28 * u;
  canvas.strokePolyline([lx, ly - 5 * u, lx + 26 * u, ly - 5 * u], 3.5 * u + 2, HALO, false);
  canvas.strokePolyline([lx, ly - 5 * u, lx + 26 * u, ly - 5 * u], 3.5 * u, SITE, false);
  lx += 34 * u;
  lx += drawText(canvas, fonts.regular, 'Site', lx, ly, textSize, INK) + 28 * u;
  const grid = geo ? `${geo.crsName} · ${formatPixel(geo.transform, metresPerPixel !== null)} pixels` : 'not georeferenced (pixel grid)';
  drawText(canvas, fonts.regular, `${info.width} × ${info.height} px · ${grid}`, W - margin, ly, textSize * 0.9, MUTED_INK, 'right');

  captionLines.forEach((line, i) => drawText(canvas, fonts.regular, line, margin, captionY + i * textSize * 1.45, textSize, INK));
  return { png: encode({ width: W, height: H, data: canvas.rgba, channels: 4, depth: 8 }), width: W, height: H };
}

function formatPixel(t: readonly number[], metres: boolean): string {
  const x = Math.abs(t[1]);
  const y = Math.abs(t[5]);
  const f = (v: number) => String(Number(v.toPrecision(4))) + (metres ? ' m' : '');
  return x === y ? f(x) : `${f(x)} × ${f(y)}`;
}

/** Site outlines with a dark halo, and each name on a dark plate at the site's top-left corner. */
function drawSites(canvas: Canvas, fonts: Typefaces, sites: readonly PixelSite[], p: Panel, width: number, height: number, u: number): void {
  const sx = p.w / width;
  const sy = p.h / height;
  const line = Math.max(1.5, 2.6 * u);
  for (const site of sites) {
    for (const ring of site.rings) {
      const pts: number[] = [];
      for (let k = 0; k < ring.length; k += 2) pts.push(p.x + ring[k] * sx, p.y + ring[k + 1] * sy);
      canvas.strokePolyline(pts, line + 2 * Math.max(1, u), HALO, true);
      canvas.strokePolyline(pts, line, SITE, true);
    }
  }
  const size = 14 * u;
  for (const site of sites) {
    const w = textWidth(fonts.bold, site.name, size) + 10 * u;
    const x = Math.min(p.x + p.w - w - 2, Math.max(p.x + 2, p.x + site.bounds[0] * sx));
    const y = Math.min(p.y + p.h - size * 1.5 - 2, Math.max(p.y + 2, p.y + site.bounds[1] * sy - size * 1.6));
    canvas.fillRect(x, y, w, size * 1.45, DARK_PLATE);
    drawText(canvas, fonts.bold, site.name, x + 5 * u, y + size * 1.08, size, WHITE);
  }
}

/** A black-and-white bar of a nice length at the panel's bottom left; in pixels when the ground size is unknown. */
function drawScaleBar(canvas: Canvas, fonts: Typefaces, p: Panel, metresPerFigurePixel: number | null, imagePixelsPerFigurePixel: number, u: number): void {
  const unitPerPx = metresPerFigurePixel ?? imagePixelsPerFigurePixel;
  const length = niceLength(unitPerPx * p.w * 0.28);
  if (length <= 0) return;
  const barW = length / unitPerPx;
  const label = metresPerFigurePixel === null ? `${length} px` : formatLength(length);
  const size = 14 * u;
  const pad = 8 * u;
  const x = p.x + 12 * u;
  const y = p.y + p.h - 12 * u - 2 * pad - size - 8 * u;
  const labelHalf = textWidth(fonts.bold, label, size * 0.9) / 2;
  canvas.fillRect(x, y, barW + 2 * pad + labelHalf, 2 * pad + size + 8 * u, PLATE);
  const barY = y + pad + size + 2 * u;
  const quarter = barW / 4;
  for (let k = 0; k < 4; k++) canvas.fillRect(x + pad + k * quarter, barY, quarter, 6 * u, k % 2 === 0 ? INK : WHITE);
  canvas.strokePolyline([x + pad, barY, x + pad + barW, barY, x + pad + barW, barY + 6 * u, x + pad, barY + 6 * u], Math.max(1, u), INK, true);
  drawText(canvas, fonts.regular, '0', x + pad, barY - 4 * u, size * 0.9, INK, 'centre');
  drawText(canvas, fonts.bold, label, x + pad + barW, barY - 4 * u, size * 0.9, INK, 'centre');
}

/** A north arrow at the panel's top right (the grid is north-up). */
function drawNorthArrow(canvas: Canvas, fonts: Typefaces, p: Panel, u: number): void {
  const cx = p.x + p.w - 30 * u;
  const cy = p.y + 44 * u;
  const h = 22 * u;
  canvas.fillRect(cx - 20 * u, cy - h - 28 * u, 40 * u, 2 * h + 36 * u, PLATE);
  canvas.fillPolygon([[cx, cy - h, cx + 10 * u, cy + h, cx, cy + h * 0.55]], INK);
  canvas.fillPolygon([[cx, cy - h, cx, cy + h * 0.55, cx - 10 * u, cy + h]], [120, 126, 136, 255]);
  drawText(canvas, fonts.bold, 'N', cx, cy - h - 6 * u, 16 * u, INK, 'centre');
}
