/**
 * OpenLayers glue for the viewer: one map, static image layers (before, after, magnitude, mask,
 * direction classes, accuracy errors) in the before image's frame, and the change-object outlines
 * above them. The before layer is clipped left of a swipe divider and the after-side layers right
 * of it, so both dates share one pan/zoom and each side shows only its own date; the outlines run
 * across both, to compare what was there before with what is there after. Only bitmaps and
 * outline vertices are drawn here; pixels are never touched.
 */
import Map from 'ol/Map';
import View from 'ol/View';
import { defaults as defaultControls, MousePosition, ScaleLine } from 'ol/control';
import type Feature from 'ol/Feature';
import type MultiPolygon from 'ol/geom/MultiPolygon';
import ImageLayer from 'ol/layer/Image';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import Projection from 'ol/proj/Projection';
import type RenderEvent from 'ol/render/Event';
import { getRenderPixel } from 'ol/render';
import ImageSource from 'ol/source/Image';
import type { Extent, ViewFrame } from '$lib/state/frame';

import { outlineStyle, SELECTED_STYLE } from './outlines';

export type LayerName = 'before' | 'after' | 'magnitude' | 'mask' | 'direction' | 'errors' | 'difference';
const ORDER: LayerName[] = ['before', 'after', 'magnitude', 'mask', 'direction', 'errors', 'difference'];
/** Layers drawn only on the after side of the divider. */
const AFTER_SIDE = new Set<LayerName>(['after', 'magnitude', 'mask', 'direction', 'errors', 'difference']);
/** Smallest box zoomed to when showing an object, in image pixels: a one-pixel object still shows its surroundings. */
const MIN_FOCUS_PX = 40;

interface Placed {
  image: ImageBitmap;
  width: number;
  height: number;
  extent: Extent;
}

let projectionSeq = 0;

export class SwipeMap {
  readonly #map: Map;
  readonly #layers = new globalThis.Map<LayerName, ImageLayer<ImageSource>>();
  readonly #placed = new globalThis.Map<LayerName, Placed | null>();
  #projection: Projection | null = null;
  #frameKey = '';
  #frame: ViewFrame | null = null;
  #pixelsWide = 1;
  #pixelsHigh = 1;
  #scale: ScaleLine | null = null;
  /** Fraction of the map width, from the left, where the after side begins. */
  #swipe = 0.5;
  /** Both dates over the whole map (flicker, fade): no divider clips them. */
  #overlay = false;
  /** Keep the whole image in view as the layout settles, until the analyst pans or zooms. */
  #autoFit = true;
  readonly #outlines = new VectorSource<Feature<MultiPolygon>>();
  readonly #outlineLayer = new VectorLayer({ source: this.#outlines, style: outlineStyle, updateWhileInteracting: true });
  #selected: Feature<MultiPolygon> | null = null;
  #onResolution: ((metresOrUnitsPerPixel: number | null) => void) | null = null;

  constructor(target: HTMLElement, mouseTarget?: HTMLElement) {
    this.#map = new Map({
      target,
      controls: defaultControls({ attribution: false, rotate: false }),
      layers: []
    });
    for (const name of ORDER) {
      const layer = new ImageLayer<ImageSource>({ properties: { name } });
      const side = AFTER_SIDE.has(name) ? 'right' : 'left';
      layer.on('prerender', (e) => this.#clip(e as RenderEvent, side));
      layer.on('postrender', (e) => ((e as RenderEvent).context as CanvasRenderingContext2D | undefined)?.restore());
      this.#layers.set(name, layer);
      this.#map.addLayer(layer);
    }
    this.#map.addLayer(this.#outlineLayer);
    this.#map.on('change:size', () => this.#autoFit && this.fit());
    const viewport = this.#map.getViewport();
    for (const type of ['pointerdown', 'wheel', 'keydown']) viewport?.addEventListener(type, () => (this.#autoFit = false), { passive: true });
    this.#map.addControl(
      new MousePosition({
        target: mouseTarget,
        className: 'sw-mouse',
        placeholder: '&nbsp;',
        coordinateFormat: (c) => (c ? this.#formatCoordinate(c[0], c[1]) : '')
      })
    );
  }

  /** The OpenLayers map, for the layers and interactions that live beside this one (sites, measuring). */
  get olMap(): Map {
    return this.#map;
  }

  /** Shows a new frame (new image geometry); re-fits the view only when the frame really changed. */
  setFrame(frame: ViewFrame, pixelsWide: number, pixelsHigh: number): void {
    const key = JSON.stringify([frame, pixelsWide, pixelsHigh]);
    if (key === this.#frameKey) return;
    this.#frameKey = key;
    this.#frame = frame;
    this.#pixelsWide = pixelsWide;
    this.#pixelsHigh = pixelsHigh;
    this.#projection = new Projection({
      code: `sitewatch:${++projectionSeq}`,
      units: frame.units,
      extent: frame.extent,
      metersPerUnit: frame.metresPerUnit ?? undefined
    });
    const pixelRes = (frame.extent[2] - frame.extent[0]) / pixelsWide;
    const view = new View({
      projection: this.#projection,
      extent: grow(frame.extent, 0.5),
      constrainOnlyCenter: true,
      showFullExtent: true,
      minResolution: pixelRes / 32,
      maxResolution: (pixelRes * Math.max(pixelsWide, pixelsHigh)) / 64
    });
    this.#map.setView(view);
    view.on('change:resolution', () => this.#onResolution?.(view.getResolution() ?? null));
    this.fit();
    this.#onResolution?.(view.getResolution() ?? null);
    if (this.#scale) this.#map.removeControl(this.#scale);
    // Two steps, labelled at 0, half and full length, at least 45 px apart: "500 m" and "1000 m" never touch.
    this.#scale = frame.units === 'm' ? new ScaleLine({ units: 'metric', bar: true, steps: 2, text: false, minWidth: 90 }) : null;
    if (this.#scale) this.#map.addControl(this.#scale);
    for (const name of ORDER) this.#apply(name);
  }

  /** Fits the whole image; waits for the map's first real size (a fit on a 0 × 0 map is meaningless). */
  fit(): void {
    if (!this.#frame) return;
    this.#autoFit = true;
    const size = this.#map.getSize();
    if (!size || size[0] === 0 || size[1] === 0) return;
    this.#map.getView().fit(this.#frame.extent, { size, padding: [12, 12, 12, 12] });
  }

  /** Zooms to a box of image pixels [col0, row0, col1, row1] (grown to at least MIN_FOCUS_PX). */
  zoomToPixels(bbox: readonly [number, number, number, number]): void {
    const f = this.#frame;
    const size = this.#map.getSize();
    if (!f || !size) return;
    this.#autoFit = false;
    const [c0, r0, c1, r1] = bbox;
    const grow = (a: number, b: number) => {
      const pad = Math.max(0, (MIN_FOCUS_PX - (b - a)) / 2);
      return [a - pad, b + pad];
    };
    const [a0, a1] = grow(c0, c1);
    const [b0, b1] = grow(r0, r1);
    const [x0, y0, x1, y1] = f.extent;
    const sx = (x1 - x0) / this.#pixelsWide;
    const sy = (y1 - y0) / this.#pixelsHigh;
    const extent: Extent = [x0 + a0 * sx, y1 - b1 * sy, x0 + a1 * sx, y1 - b0 * sy];
    this.#map.getView().fit(extent, { size, padding: [30, 30, 30, 30], duration: 250 });
  }

  /** Replaces the outlines (features in frame coordinates); `selected` keeps its highlight if still there. */
  setOutlines(features: Feature<MultiPolygon>[]): void {
    this.#outlines.clear(true);
    this.#outlines.addFeatures(features);
    this.#selected = null;
  }

  setSelected(id: number | null): void {
    this.#selected?.setStyle(undefined);
    this.#selected = id === null ? null : (this.#outlines.getFeatureById(id) ?? null);
    this.#selected?.setStyle(SELECTED_STYLE);
  }

  setOutlinesVisible(visible: boolean): void {
    this.#outlineLayer.setVisible(visible);
  }

  /** Calls `pick` with the id of the outline under a click (nothing when there is none). */
  onPick(pick: (id: number) => void): void {
    this.#map.on('singleclick', (e) => {
      if (!this.#outlineLayer.getVisible()) return;
      const hit = this.#map.forEachFeatureAtPixel(e.pixel, (feature) => feature.getId(), { hitTolerance: 3, layerFilter: (l) => l === this.#outlineLayer });
      if (typeof hit === 'number') pick(hit);
    });
  }

  /** Tells `listener` the view's resolution (frame units per screen pixel) whenever it changes. */
  onResolution(listener: (unitsPerPixel: number | null) => void): void {
    this.#onResolution = listener;
    listener(this.#map.getView()?.getResolution() ?? null);
  }

  setLayer(name: LayerName, placed: Placed | null): void {
    this.#placed.set(name, placed);
    this.#apply(name);
  }

  setVisible(name: LayerName, visible: boolean): void {
    this.#layers.get(name)!.setVisible(visible);
  }

  setOpacity(name: LayerName, opacity: number): void {
    this.#layers.get(name)!.setOpacity(opacity);
  }

  /** Swipe (each side clipped at the divider) or overlay (every layer over the whole map). */
  setOverlay(overlay: boolean): void {
    this.#overlay = overlay;
    this.#map.render();
  }

  setSwipe(fraction: number): void {
    this.#swipe = Math.min(1, Math.max(0, fraction));
    this.#map.render();
  }

  destroy(): void {
    this.#map.setTarget(undefined);
    this.#map.dispose();
  }

  #apply(name: LayerName): void {
    const layer = this.#layers.get(name)!;
    const placed = this.#placed.get(name);
    if (!placed || !this.#projection) {
      layer.setSource(null);
      return;
    }
    const { image, width, height, extent } = placed;
    const resolution: [number, number] = [(extent[2] - extent[0]) / width, (extent[3] - extent[1]) / height];
    layer.setExtent(extent);
    layer.setSource(
      new ImageSource({
        projection: this.#projection,
        // Nearest neighbour: an analyst zooming in wants to see the pixels, not a blur.
        interpolate: false,
        loader: () => ({ image, extent, resolution, pixelRatio: 1 })
      })
    );
  }

  #clip(e: RenderEvent, side: 'left' | 'right'): void {
    const ctx = e.context as CanvasRenderingContext2D | undefined;
    if (!ctx) return;
    ctx.save(); // balanced by the postrender restore, whatever happens below
    const size = this.#map.getSize();
    if (!size || this.#overlay) return;
    const x = size[0] * this.#swipe;
    const [x0, x1] = side === 'left' ? [0, x] : [x, size[0]];
    const tl = getRenderPixel(e, [x0, 0]);
    const tr = getRenderPixel(e, [x1, 0]);
    const bl = getRenderPixel(e, [x0, size[1]]);
    const br = getRenderPixel(e, [x1, size[1]]);
    ctx.beginPath();
    ctx.moveTo(tl[0], tl[1]);
    ctx.lineTo(bl[0], bl[1]);
    ctx.lineTo(br[0], br[1]);
    ctx.lineTo(tr[0], tr[1]);
    ctx.closePath();
    ctx.clip();
  }

  /** Map coordinates plus the before image's column/row under the cursor. */
  #formatCoordinate(x: number, y: number): string {
    const f = this.#frame;
    if (!f) return '';
    const [x0, y0, x1, y1] = f.extent;
    const col = Math.floor(((x - x0) / (x1 - x0)) * this.#pixelsWide);
    const row = Math.floor(((y1 - y) / (y1 - y0)) * this.#pixelsHigh);
    const inside = col >= 0 && row >= 0 && col < this.#pixelsWide && row < this.#pixelsHigh;
    const px = inside ? `col ${col}, row ${row}` : 'outside the image';
    if (f.kind === 'pixel') return px;
    const unit = f.units === 'm' ? ' m' : f.units === 'degrees' ? '°' : '';
    const digits = f.units === 'degrees' ? 6 : 1;
    return `x ${x.toFixed(digits)}${unit}  y ${y.toFixed(digits)}${unit} · ${px}`;
  }
}

function grow(e: Extent, fraction: number): Extent {
  const dx = (e[2] - e[0]) * fraction;
  const dy = (e[3] - e[1]) * fraction;
  return [e[0] - dx, e[1] - dy, e[2] + dx, e[3] + dy];
}
