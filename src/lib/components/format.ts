/** Number formatting for the UI: every figure the analyst sees goes through here, with its unit. */

const group = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return group.format(n);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** A value with about `digits` significant figures, without exponent notation for common ranges. */
export function formatValue(v: number | null, digits = 4): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(a)));
  return v.toFixed(Math.min(decimals, 6));
}

export function formatPercent(fraction: number): string {
  const p = fraction * 100;
  return `${p < 0.01 && p > 0 ? p.toExponential(1) : p.toFixed(p < 1 ? 3 : 2)} %`;
}

export function formatArea(m2: number): { m2: string; ha: string } {
  return { m2: `${group.format(Math.round(m2))} m²`, ha: `${(m2 / 1e4).toFixed(m2 < 1e4 ? 3 : 2)} ha` };
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

export const METHOD_NAMES: Record<string, string> = {
  auto: 'Automatic (recommended)',
  absdiff: 'Absolute difference',
  cva: 'Change vector analysis (CVA)',
  logratio: 'Log-ratio',
  irmad: 'IR-MAD',
  pcakmeans: 'PCA-k-means',
  ssim: 'Structural dissimilarity (1 − SSIM)',
  ndvi: 'ΔNDVI (vegetation)',
  ndbi: 'ΔNDBI (built-up)',
  ndwi: 'ΔNDWI (water)',
  builtup: 'Built-up gain',
  supervised: 'Analyst-taught (random forest)'
};

export const THRESHOLD_NAMES: Record<string, string> = {
  otsu: 'Otsu',
  ki: 'Kittler–Illingworth',
  kmeans: 'k-means',
  sigma: 'mean + k·σ',
  chi2: 'χ² quantile',
  manual: 'manual'
};

/** A threshold rule as the CLI writes it ("otsu", "sigma:2", "chi2:0.01", "56.1") in words. */
export function describeThresholdRule(rule: string): string {
  const [head, arg] = rule.split(':');
  if (head === 'sigma') return `mean + ${arg}·σ`;
  if (head === 'chi2') return `χ² quantile, α = ${arg}`;
  if (head in THRESHOLD_NAMES) return THRESHOLD_NAMES[head];
  return `manual (${rule})`;
}

/** Cleaning steps as the CLI writes them ("median:3,mmu:20px") in words. */
export function describeClean(spec: string): string {
  if (spec === 'none') return 'no cleaning';
  return spec
    .split(',')
    .map((step) => {
      const [op, arg] = step.split(':');
      if (op === 'median') return `${arg} × ${arg} majority filter`;
      if (op === 'open') return `opening r = ${arg} px`;
      if (op === 'close') return `closing r = ${arg} px`;
      if (op === 'mmu') return `min. mapping unit ${arg.replace('m2', ' m²').replace('px', ' px')}`;
      return step;
    })
    .join(', then ');
}

/** A 0–1 score with 4 decimals, or why there is none. */
export function formatScore(v: number | null): string {
  return v === null ? 'n/a (0/0)' : v.toFixed(4);
}

export const STAGE_NAMES: Record<string, string> = {
  starting: 'Starting',
  fingerprint: 'Fingerprinting inputs (SHA-256)',
  read: 'Reading the images',
  normalize: 'Normalizing (band statistics)',
  magnitude: 'Computing change magnitude',
  histogram: 'Building magnitude histogram',
  threshold: 'Applying threshold',
  clean: 'Cleaning the mask',
  'minimum mapping unit': 'Removing objects below the mapping unit',
  objects: 'Finding change objects',
  'object labels': 'Labelling change objects',
  polygons: 'Outlining change objects',
  evaluate: 'Scoring against the reference',
  mask: 'Applying threshold',
  rendering: 'Rendering layers',
  cancelling: 'Cancelling',
  preview: 'Rendering preview'
};

/** "34.430850° N, 40.971835° E" from [lon, lat] in degrees. */
export function formatLonLat([lon, lat]: readonly [number, number], decimals = 6): string {
  return `${Math.abs(lat).toFixed(decimals)}° ${lat < 0 ? 'S' : 'N'}, ${Math.abs(lon).toFixed(decimals)}° ${lon < 0 ? 'W' : 'E'}`;
}
