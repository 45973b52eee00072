/**
 * Change-object outlines as OpenLayers features in the viewer's frame. The worker sends them in
 * pixel coordinates (flattened, see ObjectOutlines); here each vertex is placed in the frame —
 * a loop over outline vertices, never over pixels.
 */
import Feature, { type FeatureLike } from 'ol/Feature';
import MultiPolygon from 'ol/geom/MultiPolygon';
import { Fill, Stroke, Style } from 'ol/style';
import type { ViewFrame } from '$lib/state/frame';
import type { ObjectOutlines } from '$lib/worker/api';

/** Pixel (column, row; y down) → frame coordinates, as the viewer draws the before image. */
export function pixelToFrame(frame: ViewFrame, pixelsWide: number, pixelsHigh: number): (col: number, row: number) => [number, number] {
  const [x0, y0, x1, y1] = frame.extent;
  const sx = (x1 - x0) / pixelsWide;
  const sy = (y1 - y0) / pixelsHigh;
  return (col, row) => [x0 + col * sx, y1 - row * sy];
}

export function outlineFeatures(o: ObjectOutlines, toFrame: (col: number, row: number) => [number, number]): Feature<MultiPolygon>[] {
  const features: Feature<MultiPolygon>[] = [];
  let polygon = 0;
  let ring = 0;
  for (let i = 0; i < o.ids.length; i++) {
    const start = ring === 0 ? 0 : o.ringEnds[ring - 1];
    const endss: number[][] = [];
    for (; polygon < o.objectEnds[i]; polygon++) {
      const ends: number[] = [];
      for (; ring < o.polygonEnds[polygon]; ring++) ends.push(o.ringEnds[ring] - start);
      endss.push(ends);
    }
    const end = ring === 0 ? 0 : o.ringEnds[ring - 1];
    const flat = new Array<number>(end - start);
    for (let k = start; k < end; k += 2) {
      const [x, y] = toFrame(o.coordinates[k], o.coordinates[k + 1]);
      flat[k - start] = x;
      flat[k - start + 1] = y;
    }
    const geometry = new MultiPolygon(flat, 'XY', endss);
    const [x0, y0, x1, y1] = geometry.getExtent();
    const f = new Feature({ geometry, span: Math.max(x1 - x0, y1 - y0) });
    f.setId(o.ids[i]);
    features.push(f);
  }
  return features;
}

// A transparent fill keeps the inside clickable; the dark under-stroke keeps the line readable on any ground.
const fill = new Fill({ color: 'rgba(0,0,0,0)' });
const OUTLINE_STYLE = [
  new Style({ stroke: new Stroke({ color: 'rgba(0,0,0,0.65)', width: 3 }), fill }),
  new Style({ stroke: new Stroke({ color: 'rgba(255,255,255,0.95)', width: 1.25 }) })
];
/** Outlines narrower than this many screen pixels are left out: at an overview they would only hide the mask. */
const MIN_OUTLINE_SCREEN_PX = 4;

/** The outline style at a view resolution (frame units per screen pixel). */
export function outlineStyle(feature: FeatureLike, resolution: number): Style[] | undefined {
  return (feature.get('span') as number) / resolution < MIN_OUTLINE_SCREEN_PX ? undefined : OUTLINE_STYLE;
}

export const SELECTED_STYLE = [
  new Style({ stroke: new Stroke({ color: 'rgba(0,0,0,0.8)', width: 5 }), fill, zIndex: 10 }),
  new Style({ stroke: new Stroke({ color: '#00e5ff', width: 2.5 }), zIndex: 11 })
];
