import type { RasterInfo } from '../core/raster';

export type Extent = [number, number, number, number];

/** The coordinate frame the viewer shows: the before image's map frame, or plain pixels. */
export interface ViewFrame {
  kind: 'map' | 'pixel';
  /** [minX, minY, maxX, maxY] of the before image in frame units. */
  extent: Extent;
  /** Units of the frame: 'm' for a projected CRS in metres, 'degrees', or 'pixels'. */
  units: 'm' | 'degrees' | 'pixels';
  /** Metres per frame unit for a projected CRS (1 for metres, 0.3048 for feet), else null. */
  metresPerUnit: number | null;
  crsName: string | null;
}

/** Frame of an image: north-up map extent from its geotransform (rotation terms are not drawn). */
export function frameOf(info: RasterInfo): ViewFrame {
  const g = info.geo;
  if (!g) return { kind: 'pixel', extent: [0, 0, info.width, info.height], units: 'pixels', metresPerUnit: null, crsName: null };
  const t = g.transform;
  const xs = [t[0], t[0] + info.width * t[1]];
  const ys = [t[3], t[3] + info.height * t[5]];
  const metric = g.projected && g.linearUnitMetres !== null;
  return {
    kind: 'map',
    extent: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    units: metric ? 'm' : g.projected ? 'pixels' : 'degrees',
    metresPerUnit: metric ? g.linearUnitMetres : null,
    crsName: g.crsName
  };
}

/**
 * Where to draw an image in a frame: its own map extent when both are georeferenced, otherwise
 * the frame's extent (the pair is on one grid, which change detection checks before it runs).
 */
export function extentIn(frame: ViewFrame, info: RasterInfo): Extent {
  if (frame.kind === 'map' && info.geo) return frameOf(info).extent;
  if (frame.kind === 'pixel') return [0, 0, info.width, info.height];
  return frame.extent;
}

/** Ground size of one pixel in metres, [x, y], or null when the image is not in a metric CRS. */
export function pixelSizeMetres(info: RasterInfo): [number, number] | null {
  const g = info.geo;
  if (!g || !g.projected || g.linearUnitMetres === null) return null;
  return [Math.abs(g.transform[1]) * g.linearUnitMetres, Math.abs(g.transform[5]) * g.linearUnitMetres];
}
