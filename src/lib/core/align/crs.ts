/**
 * A raster's CRS as a proj4 definition: EPSG codes through the EPSG index (every projected and
 * geographic 2-D CRS of the epsg-index package, reduced at build time to code → proj4 by
 * scripts/build-epsg.js and loaded on first use), user-defined CRSs from their GeoKey parameters
 * (GeoTIFF 1.1, OGC 19-008r4, §7.5), and a clear error for anything else.
 */
import { readGeoKeys } from '../io/geo';
import { InputError, type GeoInfo } from '../raster';

export interface CrsDefinition {
  /** proj4 definition string. */
  proj4: string;
  /** Readable name, e.g. "WGS 84 / UTM zone 37N" or "user-defined Transverse Mercator". */
  name: string;
  /** EPSG code when the CRS is one, else null. */
  epsg: number | null;
}

type EpsgIndex = Record<string, { name: string; proj4: string }>;
let index: Promise<EpsgIndex> | null = null;

/** The EPSG index, loaded once (about 1.2 MB of JSON, 130 kB compressed). */
export function epsgIndex(): Promise<EpsgIndex> {
  index ??= import('./build/epsg-proj4.json').then((m) => (m.default ?? m) as EpsgIndex);
  return index;
}

const USER_DEFINED = 32767;
const GEOGRAPHIC_TYPE = 2048;
const GEOG_SEMI_MAJOR = 2057;
const GEOG_SEMI_MINOR = 2058;
const GEOG_INV_FLATTENING = 2059;
const GEOG_ELLIPSOID = 2056;
const PROJECTED_CS_TYPE = 3072;
const PROJECTION = 3074;
const PROJ_COORD_TRANS = 3075;
const PROJ_LINEAR_UNITS = 3076;
const PROJ_LINEAR_UNIT_SIZE = 3077;

/** GeoKey → proj4 parameter for the projection parameters, by the key's number. */
const PARAMETER_KEYS: Record<number, string> = {
  3078: 'lat_1',
  3079: 'lat_2',
  3080: 'lon_0',
  3081: 'lat_0',
  3082: 'x_0',
  3083: 'y_0',
  3084: 'lon_0',
  3085: 'lat_0',
  3086: 'x_0',
  3087: 'y_0',
  3088: 'lon_0',
  3089: 'lat_0',
  3090: 'x_0',
  3091: 'y_0',
  3092: 'k_0',
  3093: 'k_0',
  3094: 'alpha',
  3095: 'lon_0'
};

/** GeoTIFF coordinate transformation codes (ProjCoordTransGeoKey) → proj4 projection and name. */
const TRANSFORMATIONS: Record<number, { proj: string; name: string; extra?: string }> = {
  1: { proj: 'tmerc', name: 'Transverse Mercator' },
  7: { proj: 'merc', name: 'Mercator' },
  8: { proj: 'lcc', name: 'Lambert Conformal Conic (2SP)' },
  9: { proj: 'lcc', name: 'Lambert Conformal Conic (1SP)' },
  10: { proj: 'laea', name: 'Lambert Azimuthal Equal Area' },
  11: { proj: 'aea', name: 'Albers Equal Area' },
  14: { proj: 'stere', name: 'Stereographic' },
  15: { proj: 'stere', name: 'Polar Stereographic' },
  16: { proj: 'sterea', name: 'Oblique Stereographic' },
  17: { proj: 'eqc', name: 'Equirectangular' },
  28: { proj: 'eqc', name: 'Equirectangular' }
};

/** EPSG ellipsoid codes → proj4 ellipsoid names. */
const ELLIPSOIDS: Record<number, string> = { 7030: 'WGS84', 7019: 'GRS80', 7022: 'intl', 7008: 'clrk66', 7004: 'bessel', 7043: 'WGS72', 7024: 'krass' };

/** EPSG linear unit codes → proj4 unit parameters. */
const UNITS: Record<number, string> = { 9001: '+units=m', 9002: '+units=ft', 9003: '+units=us-ft' };

function num(keys: Map<number, number | number[] | string>, key: number): number | null {
  const v = keys.get(key);
  return typeof v === 'number' ? v : null;
}

/** The datum part (+datum/+ellps/+towgs84 …) of a geographic CRS given by the GeoKeys, or null. */
async function datumFromKeys(keys: Map<number, number | number[] | string>): Promise<string | null> {
  const gcs = num(keys, GEOGRAPHIC_TYPE);
  if (gcs !== null && gcs !== USER_DEFINED) {
    const entry = (await epsgIndex())[gcs];
    if (!entry) return null;
    return entry.proj4
      .split(' ')
      .filter((p) => !/^\+(proj|no_defs|type)\b/.test(p))
      .join(' ');
  }
  const ellipsoid = num(keys, GEOG_ELLIPSOID);
  if (ellipsoid !== null && ELLIPSOIDS[ellipsoid]) return `+ellps=${ELLIPSOIDS[ellipsoid]}`;
  const a = num(keys, GEOG_SEMI_MAJOR);
  const rf = num(keys, GEOG_INV_FLATTENING);
  const b = num(keys, GEOG_SEMI_MINOR);
  if (a !== null && rf !== null) return `+a=${a} +rf=${rf}`;
  if (a !== null && b !== null) return `+a=${a} +b=${b}`;
  return null;
}

/** A user-defined projected CRS from its GeoKey parameters, or a reason it cannot be read. */
async function userDefinedProjected(keys: Map<number, number | number[] | string>): Promise<CrsDefinition | string> {
  const datum = await datumFromKeys(keys);
  if (!datum) return 'its datum or ellipsoid is not given in a form this app reads';
  const unitCode = num(keys, PROJ_LINEAR_UNITS);
  const unitSize = num(keys, PROJ_LINEAR_UNIT_SIZE);
  const units = unitCode === USER_DEFINED && unitSize ? `+to_meter=${unitSize}` : (UNITS[unitCode ?? 9001] ?? null);
  if (!units) return `its linear unit (EPSG ${unitCode}) is not supported`;
  const projection = num(keys, PROJECTION);
  // EPSG conversion codes 16001–16060 / 16101–16160 are UTM north / south zones.
  if (projection !== null && ((projection > 16000 && projection <= 16060) || (projection > 16100 && projection <= 16160))) {
    const zone = projection % 100;
    const south = projection > 16100;
    return {
      proj4: `+proj=utm +zone=${zone}${south ? ' +south' : ''} ${datum} ${units} +no_defs`,
      name: `user-defined UTM zone ${zone}${south ? 'S' : 'N'}`,
      epsg: null
    };
  }
  const ct = num(keys, PROJ_COORD_TRANS);
  const transformation = ct !== null ? TRANSFORMATIONS[ct] : undefined;
  if (!transformation) return ct === null ? 'it names no projection' : `its projection (GeoTIFF coordinate transformation ${ct}) is not supported`;
  const params = new Map<string, number>();
  for (const [key, p] of Object.entries(PARAMETER_KEYS)) {
    const v = num(keys, Number(key));
    if (v !== null && !params.has(p)) params.set(p, v);
  }
  if (ct === 15 && !params.has('lat_0')) params.set('lat_0', (params.get('lat_ts') ?? 90) >= 0 ? 90 : -90);
  if (ct === 15 && params.has('lat_1')) params.set('lat_ts', params.get('lat_1')!);
  if (ct === 9 && params.has('lat_0') && !params.has('lat_1')) params.set('lat_1', params.get('lat_0')!);
  const text = [...params].map(([k, v]) => `+${k}=${v}`).join(' ');
  return { proj4: `+proj=${transformation.proj} ${text} ${datum} ${units} +no_defs`, name: `user-defined ${transformation.name}`, epsg: null };
}

/**
 * The proj4 definition of a raster's CRS. Throws an InputError naming `file` and the CRS when the
 * CRS is neither in the EPSG index nor a user-defined CRS whose parameters this app reads.
 */
export async function crsDefinition(geo: GeoInfo, file: string): Promise<CrsDefinition> {
  if (geo.epsg !== null) {
    const entry = (await epsgIndex())[geo.epsg];
    if (entry) return { proj4: entry.proj4, name: entry.name, epsg: geo.epsg };
    throw new InputError(
      file,
      `its CRS (EPSG:${geo.epsg}, ${geo.crsName}) is not a projected or geographic CRS in the EPSG index, so it cannot be reprojected`
    );
  }
  const keys = readGeoKeys({
    geoKeyDirectory: geo.geoKeys.directory,
    geoDoubleParams: geo.geoKeys.doubleParams ?? undefined,
    geoAsciiParams: geo.geoKeys.asciiParams ?? undefined
  });
  if (keys.size === 0) throw new InputError(file, 'its CRS cannot be reprojected: the file names no CRS');
  if (num(keys, PROJECTED_CS_TYPE) === USER_DEFINED || geo.projected) {
    const def = await userDefinedProjected(keys);
    if (typeof def !== 'string') return def;
    throw new InputError(file, `its user-defined CRS (${geo.crsName}) cannot be reprojected: ${def}`);
  }
  const datum = await datumFromKeys(keys);
  if (datum) return { proj4: `+proj=longlat ${datum} +no_defs`, name: `user-defined geographic (${geo.crsName})`, epsg: null };
  throw new InputError(
    file,
    `its user-defined geographic CRS (${geo.crsName}) cannot be reprojected: its datum or ellipsoid is not given in a form this app reads`
  );
}
