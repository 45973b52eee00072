/**
 * The figure's typeface: Inter (SIL Open Font License, via @fontsource/inter), parsed with
 * opentype.js and drawn as glyph outlines on the canvas, so text looks the same in the worker and
 * in Node. Glyphs are laid out one by one with the font's advance widths and kerning pairs (no
 * OpenType shaping: Latin labels need none).
 */
import opentype, { type Font } from 'opentype.js';
import type { Canvas, Rgba } from './canvas';

export type Weight = 'regular' | 'bold';

async function bytes(url: URL): Promise<ArrayBuffer> {
  if (url.protocol === 'file:') {
    const specifier = 'node:fs/promises';
    const fs: typeof import('node:fs/promises') = await import(/* @vite-ignore */ specifier);
    const b = await fs.readFile(url);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Cannot load the figure font ${url}: HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** A typeface as Fontsource ships it: the Latin subset first, Latin Extended for the other letters. */
export class Face {
  constructor(readonly subsets: readonly Font[]) {}

  /** The glyph of a character and the subset it comes from (the first that has it). */
  glyph(ch: string): { font: Font; glyph: opentype.Glyph } {
    for (const font of this.subsets) {
      const glyph = font.charToGlyph(ch);
      if (glyph.index !== 0) return { font, glyph };
    }
    return { font: this.subsets[0], glyph: this.subsets[0].charToGlyph(ch) };
  }
}

const faces = new Map<Weight, Promise<Face>>();

function subsetUrls(weight: Weight): URL[] {
  // Literal URLs, so Vite emits each font as an asset (inside the worker bundle too).
  return weight === 'bold'
    ? [
        new URL('../../../../node_modules/@fontsource/inter/files/inter-latin-600-normal.woff', import.meta.url),
        new URL('../../../../node_modules/@fontsource/inter/files/inter-latin-ext-600-normal.woff', import.meta.url)
      ]
    : [
        new URL('../../../../node_modules/@fontsource/inter/files/inter-latin-400-normal.woff', import.meta.url),
        new URL('../../../../node_modules/@fontsource/inter/files/inter-latin-ext-400-normal.woff', import.meta.url)
      ];
}

/** The face of a weight, loaded once. */
export function loadFace(weight: Weight): Promise<Face> {
  let face = faces.get(weight);
  if (!face) {
    face = Promise.all(subsetUrls(weight).map(async (url) => opentype.parse(await bytes(url)))).then((subsets) => new Face(subsets));
    faces.set(weight, face);
    face.catch(() => faces.delete(weight));
  }
  return face;
}

export interface Typefaces {
  regular: Face;
  bold: Face;
}

export async function loadTypefaces(): Promise<Typefaces> {
  const [regular, bold] = await Promise.all([loadFace('regular'), loadFace('bold')]);
  return { regular, bold };
}

/** Glyphs of `text` placed along the baseline from x: each with its font and pen position. */
function layout(face: Face, text: string, x: number, size: number): { font: Font; glyph: opentype.Glyph; x: number; end: number }[] {
  const out: { font: Font; glyph: opentype.Glyph; x: number; end: number }[] = [];
  let pen = x;
  let prev: { font: Font; glyph: opentype.Glyph } | null = null;
  for (const ch of text) {
    const g = face.glyph(ch);
    const scale = size / g.font.unitsPerEm;
    if (prev && prev.font === g.font) pen += g.font.getKerningValue(prev.glyph, g.glyph) * scale;
    const start = pen;
    pen += (g.glyph.advanceWidth ?? 0) * scale;
    out.push({ ...g, x: start, end: pen });
    prev = g;
  }
  return out;
}

/** Width of `text` at `size` pixels. */
export function textWidth(face: Face, text: string, size: number): number {
  const glyphs = layout(face, text, 0, size);
  return glyphs.length ? glyphs[glyphs.length - 1].end : 0;
}

/** Glyph outlines of `text` with its baseline starting at (x, y), as polygon rings (curves flattened). */
export function textRings(face: Face, text: string, x: number, y: number, size: number): number[][] {
  const rings: number[][] = [];
  for (const { glyph, x: gx } of layout(face, text, x, size)) {
    let ring: number[] = [];
    let cx = 0,
      cy = 0;
    for (const c of glyph.getPath(gx, y, size).commands) {
      if (c.type === 'M') {
        if (ring.length >= 6) rings.push(ring);
        ring = [c.x, c.y];
      } else if (c.type === 'L') ring.push(c.x, c.y);
      else if (c.type === 'Q' || c.type === 'C') {
        const steps = Math.max(4, Math.ceil(size / 4));
        for (let k = 1; k <= steps; k++) {
          const t = k / steps;
          const v = 1 - t;
          if (c.type === 'Q') ring.push(v * v * cx + 2 * v * t * c.x1 + t * t * c.x, v * v * cy + 2 * v * t * c.y1 + t * t * c.y);
          else
            ring.push(
              v * v * v * cx + 3 * v * v * t * c.x1 + 3 * v * t * t * c.x2 + t * t * t * c.x,
              v * v * v * cy + 3 * v * v * t * c.y1 + 3 * v * t * t * c.y2 + t * t * t * c.y
            );
        }
      } else if (c.type === 'Z') {
        if (ring.length >= 6) rings.push(ring);
        ring = [];
      }
      if (c.type !== 'Z') {
        cx = c.x;
        cy = c.y;
      }
    }
    if (ring.length >= 6) rings.push(ring);
  }
  return rings;
}

export type Align = 'left' | 'centre' | 'right';

/** Draws one line of text; (x, y) is the baseline at the left, centre or right end. Returns its width. */
export function drawText(canvas: Canvas, font: Face, text: string, x: number, y: number, size: number, colour: Rgba, align: Align = 'left'): number {
  const w = textWidth(font, text, size);
  const left = align === 'left' ? x : align === 'centre' ? x - w / 2 : x - w;
  canvas.fillPolygon(textRings(font, text, left, y, size), colour);
  return w;
}

/** Splits `text` into lines no wider than `maxWidth` at spaces. */
export function wrapText(font: Face, text: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(font, next, size) > maxWidth) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    lines.push(line);
  }
  return lines;
}
