/**
 * Measuring on the map: a distance (line) or an area (polygon) drawn with OpenLayers' Draw, its
 * value written beside it. Geodesic on the WGS 84 sphere (ol/sphere) when the image converts to
 * longitude/latitude; in the frame's own units (metres of a projected CRS, or pixels) otherwise.
 */
import type Map from 'ol/Map';
import LineString from 'ol/geom/LineString';
import Polygon from 'ol/geom/Polygon';
import type { Geometry } from 'ol/geom';
import Draw from 'ol/interaction/Draw';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { getArea, getLength } from 'ol/sphere';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

export type MeasureKind = 'distance' | 'area';

/** How a frame coordinate becomes longitude/latitude, or null (then the frame's units are used). */
export type ToLonLat = ((p: [number, number]) => [number, number]) | null;

export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${(metres / 1000).toFixed(3)} km` : `${metres.toFixed(1)} m`;
}

export function formatArea(m2: number): string {
  if (m2 >= 1e6) return `${(m2 / 1e6).toFixed(3)} km²`;
  if (m2 >= 1e4) return `${(m2 / 1e4).toFixed(3)} ha`;
  return `${m2.toFixed(1)} m²`;
}

/** The measured value of a line or polygon as text. */
export function measureText(geometry: Geometry, toLonLat: ToLonLat, units: 'm' | 'degrees' | 'pixels', metresPerUnit: number | null): string {
  if (toLonLat) {
    const lonLat = (c: number[]) => toLonLat([c[0], c[1]]);
    if (geometry instanceof LineString) return formatDistance(getLength(new LineString(geometry.getCoordinates().map(lonLat)), { projection: 'EPSG:4326' }));
    if (geometry instanceof Polygon) return formatArea(getArea(new Polygon(geometry.getCoordinates().map((r) => r.map(lonLat))), { projection: 'EPSG:4326' }));
  }
  const planar = geometry instanceof LineString ? geometry.getLength() : geometry instanceof Polygon ? geometry.getArea() : 0;
  if (units === 'm' && metresPerUnit !== null) {
    return geometry instanceof LineString ? formatDistance(planar * metresPerUnit) : formatArea(planar * metresPerUnit ** 2);
  }
  const unit = units === 'degrees' ? '°' : ' px';
  return geometry instanceof LineString ? `${planar.toFixed(1)}${unit}` : `${planar.toFixed(1)}${unit}²`;
}

function style(feature: FeatureLike): Style[] {
  return [
    new Style({ stroke: new Stroke({ color: 'rgba(0,0,0,0.7)', width: 4 }), fill: new Fill({ color: 'rgba(0,229,255,0.12)' }) }),
    new Style({
      stroke: new Stroke({ color: '#00e5ff', width: 2, lineDash: [6, 4] }),
      text: new Text({
        text: feature.get('label') as string,
        font: '600 12px system-ui, sans-serif',
        fill: new Fill({ color: '#fff' }),
        backgroundFill: new Fill({ color: 'rgba(0,60,80,0.85)' }),
        padding: [2, 4, 2, 4],
        overflow: true,
        placement: 'point'
      })
    })
  ];
}

export class MeasureLayer {
  readonly #source = new VectorSource();
  readonly #layer = new VectorLayer({ source: this.#source, style, zIndex: 30 });
  #draw: Draw | null = null;

  constructor(private readonly map: Map) {
    map.addLayer(this.#layer);
  }

  /** Starts measuring; every finished line or polygon stays with its value until cleared. `onMeasured` gets the text. */
  start(kind: MeasureKind, label: (g: Geometry) => string, onMeasured?: (text: string) => void): void {
    this.stop();
    const draw = new Draw({ source: this.#source, type: kind === 'distance' ? 'LineString' : 'Polygon' });
    draw.on('drawend', (e) => {
      const text = label(e.feature.getGeometry()!);
      e.feature.set('label', text);
      onMeasured?.(text);
    });
    this.#draw = draw;
    this.map.addInteraction(draw);
  }

  stop(): void {
    if (this.#draw) this.map.removeInteraction(this.#draw);
    this.#draw = null;
  }

  clear(): void {
    this.#source.clear();
  }

  destroy(): void {
    this.stop();
    this.map.removeLayer(this.#layer);
  }
}
