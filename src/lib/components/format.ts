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
  absdiff: 'Absolute difference',
  cva: 'Change vector analysis',
  logratio: 'Log-ratio'
};

export const STAGE_NAMES: Record<string, string> = {
  starting: 'Starting',
  fingerprint: 'Fingerprinting inputs (SHA-256)',
  magnitude: 'Computing change magnitude',
  histogram: 'Building magnitude histogram',
  mask: 'Applying threshold',
  rendering: 'Rendering layers',
  cancelling: 'Cancelling',
  preview: 'Rendering preview'
};
