/**
 * Where the man-made features go: the road network, the fields along the river, and the two border
 * crossings of the Albukamal/al-Qa'im case — an old crossing that stays as it is and a new one built
 * on bare ground between the two dates. Positions are fractions of the image and sizes are metres
 * (shrunk to fit small images), and the parts of a site are placed as fractions of the site, so a
 * 200 × 150 test scene holds the same two sites as the 6.4 km demo.
 */

import { blend, features, outline, paint, rect, road, shade, shadow, type Box, type Feature } from './features';
import * as M from './materials';
import { between, Sfc32 } from './prng';
import type { River } from './terrain';

export interface Site {
  name: string;
  kind: 'new-crossing' | 'old-crossing';
  /** [x0, y0, x1, y1] in pixels, ends exclusive. */
  bbox: [number, number, number, number];
}

export interface Layout {
  /** Drawn on both images: the land as it already was. */
  existing: Feature[];
  /** Drawn on the after image only: the construction at the new crossing. */
  construction: Feature[];
  sites: Site[];
}

type Point = readonly [number, number];
/** A building as fractions of its site [u0, v0, u1, v1] with its height in metres. */
type Building = readonly [number, number, number, number, number];

const LAYOUT_STREAM = 31;

/** Ground offset of a shadow per metre of building height: sun in the south-east at 50° elevation. */
const SHADOW_PER_M = 0.593;

const OLD_BUILDINGS: readonly Building[] = [
  [0.12, 0.18, 0.36, 0.36, 6],
  [0.12, 0.5, 0.3, 0.8, 5],
  [0.64, 0.2, 0.88, 0.4, 7],
  [0.66, 0.56, 0.86, 0.78, 5]
];
/** The new crossing's hangars, of several sizes, on the yard and beside it. */
const HANGARS: readonly Building[] = [
  [0.1, 0.22, 0.28, 0.42, 14],
  [0.4, 0.22, 0.56, 0.34, 10],
  [0.1, 0.56, 0.22, 0.78, 12],
  [0.74, 0.16, 0.92, 0.44, 15],
  [0.74, 0.54, 0.88, 0.7, 9]
];
const HANGAR_ROOFS = [M.ROOF_WHITE, M.ROOF_GREY, M.ROOF_BLUE, M.ROOF_WHITE, M.ROOF_GREY];
/** Foundations poured for further hangars: flat slabs, no shadow yet. */
const SLABS: readonly Box[] = [
  [0.42, 0.56, 0.6, 0.76],
  [0.74, 0.78, 0.9, 0.9]
];

/** An integer pixel box of size w × h centred on (cx, cy), at least one pixel each way. */
function siteBox(cx: number, cy: number, w: number, h: number): [number, number, number, number] {
  const x0 = Math.round(cx - w / 2);
  const y0 = Math.round(cy - h / 2);
  return [x0, y0, x0 + Math.max(1, Math.round(w)), y0 + Math.max(1, Math.round(h))];
}

/** The part [u0, v0, u1, v1] of a site, as fractions of its box. */
function part(site: Box, u0: number, v0: number, u1: number, v1: number): Box {
  const [x0, y0, x1, y1] = site;
  const w = x1 - x0;
  const h = y1 - y0;
  return [x0 + u0 * w, y0 + v0 * h, x0 + u1 * w, y0 + v1 * h];
}

function overlaps(a: Box, b: Box): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/** The y of a polyline whose points run west to east, at x. */
function yAt(line: readonly Point[], x: number): number {
  let s = 1;
  while (s < line.length - 1 && line[s][0] < x) s++;
  const [ax, ay] = line[s - 1];
  const [bx, by] = line[s];
  return ay + ((x - ax) / (bx - ax)) * (by - ay);
}

export function planLayout(width: number, height: number, pixelSizeM: number, river: River, seed: number): Layout {
  const rng = new Sfc32(seed, LAYOUT_STREAM);
  const jitter = (amount: number) => between(rng, -amount, amount);
  const px = (metres: number) => metres / pixelSizeM;
  /** A size in metres, shrunk to `fraction` of `span` pixels when the image is small. */
  const fit = (metres: number, fraction: number, span: number) => Math.min(px(metres), fraction * span);
  const lineWidth = (metres: number) => Math.max(1, px(metres));
  const shadowOf = (box: Box, heightM: number): Feature => {
    const d = -SHADOW_PER_M * px(heightM);
    return { shape: shadow(box, d, d), brush: shade(M.SHADOW) };
  };
  const buildings = (site: Box, list: readonly Building[], roof: (k: number) => M.Spectrum, wobble: number): Feature[] => {
    const boxes = list.map(([u0, v0, u1, v1, h]) => ({
      box: part(site, u0 + jitter(wobble), v0 + jitter(wobble), u1 + jitter(wobble), v1 + jitter(wobble)),
      h: h * (1 + jitter(wobble * 20))
    }));
    // All shadows first: a roof is never darkened by a neighbour's shadow.
    return [...boxes.map(({ box, h }) => shadowOf(box, h)), ...boxes.map(({ box }, k) => ({ shape: rect(box), brush: paint(roof(k)) }))];
  };

  const highway: Point[] = [0, 0.25, 0.5, 0.75, 1].map((f) => [(f * 1.04 - 0.02) * width, (0.33 + jitter(0.03)) * height]);
  const oldSite = siteBox(0.22 * width, 0.6 * height, fit(320, 0.18, width), fit(240, 0.22, height));
  const newSite = siteBox(0.68 * width, 0.58 * height, fit(1200, 0.3, width), fit(760, 0.32, height));

  const oldX = (oldSite[0] + oldSite[2]) / 2;
  const oldRoad: Point[] = [
    [0.22 * width, yAt(highway, 0.22 * width)],
    [oldX, oldSite[1]],
    [oldX, oldSite[3]],
    [oldX + jitter(0.03) * width, 1.02 * height]
  ];
  const trackX = 0.5 * width;
  const track: Point[] = [
    [trackX, yAt(highway, trackX)],
    [trackX + (0.06 + jitter(0.02)) * width, 0.15 * height],
    [trackX + 0.1 * width, -0.02 * height]
  ];

  // Irrigated plots along the north bank, kept off both sites.
  const fields: Feature[] = [];
  const count = Math.max(1, Math.round((width * pixelSizeM) / 900));
  const gap = fit(30, 0.02, height);
  for (let k = 0; k < count; k++) {
    const fw = fit(between(rng, 140, 260), 0.08, width);
    const fh = fit(between(rng, 90, 160), 0.05, height);
    const x0 = Math.max(0, ((k + 0.5 + jitter(0.3)) / count) * width - fw / 2);
    const x1 = Math.min(width, x0 + fw);
    let bank = Infinity;
    for (let x = Math.floor(x0); x < Math.ceil(x1); x++) bank = Math.min(bank, river.centreY[x] - river.halfWidth);
    const box: Box = [x0, bank - gap - fh, x1, bank - gap];
    if (overlaps(box, oldSite) || overlaps(box, newSite)) continue;
    fields.push({ shape: rect(box), brush: blend(M.CROP, between(rng, 0.55, 0.95)) });
  }

  const existing: Feature[] = [
    ...fields,
    // The old crossing: a walled compound with a weathered yard astride its road, a customs canopy over the lane.
    { shape: rect(part(oldSite, 0.08, 0.12, 0.92, 0.88)), brush: blend(M.OLD_CONCRETE, 0.85) },
    ...features(outline(oldSite, lineWidth(3)), paint(M.WALL)),
    ...features(road(highway, lineWidth(12)), paint(M.ASPHALT)),
    ...features(road(oldRoad, lineWidth(10)), paint(M.ASPHALT)),
    ...features(road(track, lineWidth(5)), paint(M.DIRT_TRACK)),
    ...buildings(oldSite, OLD_BUILDINGS, () => M.OLD_ROOF, 0.01),
    ...buildings(oldSite, [[0.36, 0.44, 0.64, 0.56, 6]], () => M.CANOPY_ROOF, 0),
    // A field where the new crossing will be built: its clearing is part of the change.
    { shape: rect(part(newSite, 0.6, 0.6, 0.97, 0.96)), brush: blend(M.CROP, 0.8) }
  ];

  const [nx0, , nx1, ny1] = newSite;
  const gateX = nx0 + 0.36 * (nx1 - nx0);
  const exitX = nx0 + 0.5 * (nx1 - nx0);
  const yard = part(newSite, 0.06, 0.14, 0.66, 0.86);
  const construction: Feature[] = [
    { shape: rect(newSite), brush: paint(M.GRADED_EARTH) },
    ...features(outline(newSite, lineWidth(2)), paint(M.WALL)),
    { shape: rect(yard), brush: paint(M.NEW_CONCRETE) },
    // A new road from the highway through the north gate onto the yard, and one leaving south towards the border.
    ...features(
      road(
        [
          [gateX, yAt(highway, gateX)],
          [gateX, yard[1]]
        ],
        lineWidth(14)
      ),
      paint(M.FRESH_ASPHALT)
    ),
    ...features(
      road(
        [
          [exitX, yard[3]],
          [exitX, ny1],
          [exitX + jitter(0.01) * width, ny1 + fit(300, 0.05, height)]
        ],
        lineWidth(14)
      ),
      paint(M.FRESH_ASPHALT)
    ),
    ...SLABS.map(([u0, v0, u1, v1]) => ({ shape: rect(part(newSite, u0, v0, u1, v1)), brush: paint(M.SLAB) })),
    ...buildings(newSite, HANGARS, (k) => HANGAR_ROOFS[k], 0.01),
    // Secured entrances: checkpoint canopies across both roads at the fence.
    ...buildings(
      newSite,
      [
        [0.3, 0.05, 0.42, 0.1, 6],
        [0.44, 0.9, 0.56, 0.95, 6]
      ],
      () => M.CANOPY_ROOF,
      0
    )
  ];

  return {
    existing,
    construction,
    sites: [
      { name: 'Old crossing', kind: 'old-crossing', bbox: oldSite },
      { name: 'New crossing', kind: 'new-crossing', bbox: newSite }
    ]
  };
}
