/**
 * The sites on the map: their outlines and names above the images, drawing a new one (rectangle,
 * polygon or freehand with OpenLayers' Draw), editing vertices (Modify) and zooming to one. The
 * sites arrive in the image's CRS; a pixel frame (no georeferencing) flips rows to y up.
 */
import type Map from 'ol/Map';
import Feature from 'ol/Feature';
import Polygon from 'ol/geom/Polygon';
import MultiPolygon from 'ol/geom/MultiPolygon';
import Draw, { createBox } from 'ol/interaction/Draw';
import Modify from 'ol/interaction/Modify';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import type { ViewFrame } from '$lib/state/frame';
import type { PolygonRings } from '$lib/core/sites/site';

export type DrawKind = 'rectangle' | 'polygon' | 'freehand';

export interface ShownSite {
  id: number;
  name: string;
  polygons: PolygonRings[];
}

/** Image CRS ⇄ frame: the same for a georeferenced image; (col, row) ⇄ (x, height − y) for pixels. */
export function siteFrameConverters(frame: ViewFrame, pixelsHigh: number) {
  const flip = frame.kind === 'pixel';
  const convert = (p: number[]): [number, number] => (flip ? [p[0], pixelsHigh - p[1]] : [p[0], p[1]]);
  return { toFrame: convert, fromFrame: convert };
}

const SITE_COLOUR = '#ffd600';

function siteStyle(feature: FeatureLike): Style[] {
  const name = feature.get('name') as string;
  return [
    new Style({ stroke: new Stroke({ color: 'rgba(0,0,0,0.7)', width: 4.5 }), fill: new Fill({ color: 'rgba(255,214,0,0.06)' }) }),
    new Style({
      stroke: new Stroke({ color: SITE_COLOUR, width: 2 }),
      text: new Text({
        text: name,
        font: '600 12px system-ui, sans-serif',
        fill: new Fill({ color: '#fff' }),
        backgroundFill: new Fill({ color: 'rgba(15,18,24,0.8)' }),
        padding: [2, 4, 2, 4],
        overflow: true,
        placement: 'point'
      })
    })
  ];
}

export class SiteLayer {
  readonly #source = new VectorSource<Feature<MultiPolygon>>();
  readonly #layer = new VectorLayer({ source: this.#source, style: siteStyle, updateWhileInteracting: true, zIndex: 20 });
  #draw: Draw | null = null;
  #modify: Modify | null = null;
  #convert: ReturnType<typeof siteFrameConverters> | null = null;

  constructor(private readonly map: Map) {
    map.addLayer(this.#layer);
  }

  setFrame(frame: ViewFrame, pixelsHigh: number): void {
    this.#convert = siteFrameConverters(frame, pixelsHigh);
  }

  setSites(sites: readonly ShownSite[]): void {
    const c = this.#convert;
    this.#source.clear();
    if (!c) return;
    this.#source.addFeatures(
      sites.map((s) => {
        const f = new Feature({ geometry: new MultiPolygon(s.polygons.map((p) => p.map((ring) => ring.map(c.toFrame)))), name: s.name });
        f.setId(s.id);
        return f;
      })
    );
  }

  /** Starts drawing a site; `onDrawn` gets its outer ring in the image's CRS. Ends any edit. */
  draw(kind: DrawKind, onDrawn: (polygons: PolygonRings[]) => void): void {
    this.stop();
    const draw =
      kind === 'rectangle' ? new Draw({ type: 'Circle', geometryFunction: createBox() }) : new Draw({ type: 'Polygon', freehand: kind === 'freehand' });
    draw.on('drawend', (e) => {
      const c = this.#convert;
      const geometry = e.feature.getGeometry() as Polygon;
      if (c) onDrawn([geometry.getCoordinates().map((ring) => ring.map(c.fromFrame))]);
    });
    this.#draw = draw;
    this.map.addInteraction(draw);
  }

  /** Lets the analyst move the sites' vertices; `onEdited` gets a site's new polygons. */
  edit(onEdited: (id: number, polygons: PolygonRings[]) => void): void {
    this.stop();
    const modify = new Modify({ source: this.#source });
    modify.on('modifyend', (e) => {
      const c = this.#convert;
      if (!c) return;
      for (const f of e.features.getArray()) {
        const g = f.getGeometry() as MultiPolygon;
        onEdited(
          f.getId() as number,
          g.getCoordinates().map((p) => p.map((ring) => ring.map(c.fromFrame)))
        );
      }
    });
    this.#modify = modify;
    this.map.addInteraction(modify);
  }

  stop(): void {
    if (this.#draw) this.map.removeInteraction(this.#draw);
    if (this.#modify) this.map.removeInteraction(this.#modify);
    this.#draw = this.#modify = null;
  }

  zoomTo(id: number): void {
    const f = this.#source.getFeatureById(id);
    const size = this.map.getSize();
    if (!f || !size) return;
    this.map.getView().fit(f.getGeometry()!.getExtent(), { size, padding: [40, 40, 40, 40], duration: 250, maxZoom: undefined });
  }

  destroy(): void {
    this.stop();
    this.map.removeLayer(this.#layer);
  }
}
