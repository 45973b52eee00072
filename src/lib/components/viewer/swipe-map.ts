/**
 * OpenLayers glue for the viewer: one map, four static image layers (before, after, magnitude,
 * mask) in the before image's frame. The before layer is clipped left of a swipe divider and the
 * after-side layers right of it, so both dates share one pan/zoom and each side shows only its
 * own date. Only bitmaps are drawn here; pixels are never touched.
 */
import Map from 'ol/Map';
import View from 'ol/View';
import { defaults as defaultControls, MousePosition, ScaleLine } from 'ol/control';
import ImageLayer from 'ol/layer/Image';
import Projection from 'ol/proj/Projection';
import type RenderEvent from 'ol/render/Event';
import { getRenderPixel } from 'ol/render';
import ImageSource from 'ol/source/Image';
import type { Extent, ViewFrame } from '$lib/state/frame';

export type LayerName = 'before' | 'after' | 'magnitude' | 'mask';
const ORDER: LayerName[] = ['before', 'after', 'magnitude', 'mask'];
/** Layers drawn only on the after side of the divider. */
const AFTER_SIDE = new Set<LayerName>(['after', 'magnitude', 'mask']);

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
  /** Keep the whole image in view as the layout settles, until the analyst pans or zooms. */
  #autoFit = true;

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
      maxResolution: pixelRes * Math.max(pixelsWide, pixelsHigh) / 64
    });
    this.#map.setView(view);
    this.fit();
    if (this.#scale) this.#map.removeControl(this.#scale);
    this.#scale = frame.units === 'm' ? new ScaleLine({ units: 'metric', bar: true, steps: 4, text: false, minWidth: 100 }) : null;
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
    if (!size) return;
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
