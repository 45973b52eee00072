import { describe, expect, it } from 'vitest';
import { DEMO_SCENE, MIN_SCENE_SIZE, generateScene, type Scene, type SceneOptions, type Site } from '../../src/lib/core/scene/scene';

const SMALL: SceneOptions = { seed: 7, width: 200, height: 150, bands: 3, pixelSizeM: 4, noiseSigma: 3 };

function site(scene: Scene, kind: Site['kind']): Site {
  const found = scene.sites.find((s) => s.kind === kind);
  if (!found) throw new Error(`no ${kind} site`);
  return found;
}

function changedIn(scene: Scene, [x0, y0, x1, y1]: Site['bbox']): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) n += scene.truth[y * scene.width + x];
  return n;
}

function fraction(truth: Uint8Array): number {
  return truth.reduce((s, v) => s + v, 0) / truth.length;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** FNV-1a over every byte of the scene: pins the output so that drift on any machine shows. */
function checksum(scene: Scene): string {
  let h = 0x811c9dc5;
  for (const a of [...scene.before, ...scene.after, scene.truth]) {
    for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a[i], 0x01000193);
  }
  return (h >>> 0).toString(16);
}

describe('generateScene', () => {
  const demo = generateScene(DEMO_SCENE);

  it('gives identical bytes for the same options, and a different scene for another seed', () => {
    const a = generateScene(SMALL);
    const b = generateScene(SMALL);
    expect(checksum(a)).toBe(checksum(b));
    expect({ ...a, before: [], after: [], truth: [] }).toEqual({ ...b, before: [], after: [], truth: [] });
    const other = generateScene({ ...SMALL, seed: SMALL.seed + 1 });
    expect(sameBytes(other.before[0], a.before[0])).toBe(false);
    expect(sameBytes(other.after[0], a.after[0])).toBe(false);
  });

  it('reproduces the pinned bytes on every machine', () => {
    expect(checksum(generateScene(SMALL))).toBe(PINNED_SMALL);
  });

  it('shapes the demo as documented: 4 named bands, one u8 array per band, truth of 0/1', () => {
    expect(demo.bandNames).toEqual(['blue', 'green', 'red', 'nir']);
    const n = DEMO_SCENE.width * DEMO_SCENE.height;
    for (const band of [...demo.before, ...demo.after]) expect(band).toHaveLength(n);
    expect(demo.truth).toHaveLength(n);
    expect(demo.truth.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('marks 2–6 % of the demo as changed', () => {
    const f = fraction(demo.truth);
    expect(f).toBeGreaterThan(0.02);
    expect(f).toBeLessThan(0.06);
  });

  it('changes nothing at the old crossing and almost all of the new crossing', () => {
    const old = site(demo, 'old-crossing');
    const fresh = site(demo, 'new-crossing');
    expect(changedIn(demo, old.bbox)).toBe(0);
    const [x0, y0, x1, y1] = fresh.bbox;
    expect(changedIn(demo, fresh.bbox)).toBeGreaterThan(0.9 * (x1 - x0) * (y1 - y0));
    // A few kilometres apart, as the two Albukamal crossings.
    const centre = (b: Site['bbox']) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
    const [ox, oy] = centre(old.bbox);
    const [nx, ny] = centre(fresh.bbox);
    expect(Math.hypot(nx - ox, ny - oy) * DEMO_SCENE.pixelSizeM).toBeGreaterThan(2000);
  });

  it('changes the light of the whole after image, which is not change', () => {
    for (let b = 0; b < demo.before.length; b++) {
      let before = 0;
      let after = 0;
      for (let i = 0; i < demo.truth.length; i++) {
        if (demo.truth[i]) continue;
        before += demo.before[b][i];
        after += demo.after[b][i];
      }
      expect(after / before).toBeGreaterThan(1.03);
    }
  });

  it('maps unchanged pixels through one global per-band curve; changed pixels break it', () => {
    const clean = generateScene({ ...SMALL, noiseSigma: 0 });
    const changed = clean.truth.reduce((s, v) => s + v, 0);
    for (let b = 0; b < clean.before.length; b++) {
      const [before, after] = [clean.before[b], clean.after[b]];
      const curve = new Int16Array(256).fill(-1);
      let inconsistent = 0;
      for (let i = 0; i < clean.truth.length; i++) {
        if (clean.truth[i]) continue;
        if (curve[before[i]] >= 0 && curve[before[i]] !== after[i]) inconsistent++;
        curve[before[i]] = after[i];
      }
      expect(inconsistent).toBe(0);
      let off = 0;
      for (let i = 0; i < clean.truth.length; i++) if (clean.truth[i] && curve[before[i]] !== after[i]) off++;
      expect(off).toBeGreaterThan(0.5 * changed);
    }
  });

  it('adds independent noise of the requested sigma to each image', () => {
    const clean = generateScene({ ...SMALL, noiseSigma: 0 });
    const noisy = generateScene(SMALL);
    expect(sameBytes(noisy.truth, clean.truth)).toBe(true);
    let sum = 0;
    let sq = 0;
    let n = 0;
    for (let i = 0; i < clean.truth.length; i++) {
      const v = clean.before[1][i];
      if (v < 20 || v > 235) continue; // away from saturation, where clamping would shrink the noise
      const d = noisy.before[1][i] - v;
      sum += d;
      sq += d * d;
      n++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.1);
    expect(Math.sqrt(sq / n)).toBeCloseTo(Math.hypot(SMALL.noiseSigma, 1 / Math.sqrt(12)), 1);
  });

  it('looks like desert: red above blue on the land, a vegetated NIR signal, little saturation', () => {
    const mean = (a: Uint8Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const [blue, , red, nir] = demo.before;
    expect(mean(red)).toBeGreaterThan(mean(blue) + 15);
    let vegetated = 0;
    for (let i = 0; i < red.length; i++) if (nir[i] > 1.8 * red[i]) vegetated++;
    expect(vegetated / red.length).toBeGreaterThan(0.01);
    const all = [...demo.before, ...demo.after];
    const saturated = all.reduce((s, band) => s + band.filter((v) => v === 0 || v === 255).length, 0);
    expect(saturated / (red.length * all.length)).toBeLessThan(0.005);
  });

  it.each([
    [200, 150, 3],
    [MIN_SCENE_SIZE, MIN_SCENE_SIZE, 4]
  ] as const)('keeps both sites and some change at %i × %i × %i', (width, height, bands) => {
    const scene = generateScene({ ...SMALL, width, height, bands });
    expect(scene.bandNames).toHaveLength(bands);
    for (const s of scene.sites) {
      const [x0, y0, x1, y1] = s.bbox;
      expect(x0 >= 0 && y0 >= 0 && x1 <= width && y1 <= height && x1 > x0 && y1 > y0).toBe(true);
    }
    expect(changedIn(scene, site(scene, 'old-crossing').bbox)).toBe(0);
    expect(changedIn(scene, site(scene, 'new-crossing').bbox)).toBeGreaterThan(0);
  });

  it('is georeferenced north-up in UTM 37N, centred on the Albukamal/al-Qaim valley', () => {
    const [x0, dx, rx, y0, ry, dy] = demo.transform;
    expect(demo.epsg).toBe(32637);
    expect([dx, rx, ry, dy]).toEqual([4, 0, 0, -4]);
    expect(x0 + (demo.width * dx) / 2).toBeCloseTo(680000, 0);
    expect(y0 + (demo.height * dy) / 2).toBeCloseTo(3812000, 0);
  });

  it.each([
    ['width', { width: MIN_SCENE_SIZE - 1 }],
    ['height', { height: 100.5 }],
    ['bands', { bands: 5 as 3 }],
    ['pixelSizeM', { pixelSizeM: 0 }],
    ['noiseSigma', { noiseSigma: -1 }],
    ['seed', { seed: Number.NaN }]
  ])('rejects a bad %s with a RangeError that names it', (name, bad) => {
    expect(() => generateScene({ ...SMALL, ...bad })).toThrow(new RegExp(`scene options: ${name}`));
    expect(() => generateScene({ ...SMALL, ...bad })).toThrow(RangeError);
  });
});

/** checksum(generateScene(SMALL)); a deliberate change to the generator updates it. */
const PINNED_SMALL = 'e7bb8112';
