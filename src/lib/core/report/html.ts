/** Small helpers for writing a self-contained HTML document as a string (no DOM). */

export function escapeHtml(v: unknown): string {
  return String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Base64 of bytes, in chunks so a large PNG never builds one huge argument list. */
export function base64(bytes: Uint8Array): string {
  let out = '';
  const chunk = 0x6000; // a multiple of 3: every chunk but the last encodes without padding
  for (let i = 0; i < bytes.length; i += chunk) out += btoa(String.fromCharCode(...bytes.subarray(i, i + chunk)));
  return out;
}

/** A table from a header row and body rows of already formatted cells (escaped here). */
export function table(header: readonly string[], rows: readonly (readonly unknown[])[], numeric: readonly boolean[] = []): string {
  const cell = (tag: 'th' | 'td', v: unknown, k: number) => `<${tag}${numeric[k] ? ' class="n"' : ''}>${escapeHtml(v)}</${tag}>`;
  return `<table><thead><tr>${header.map((h, k) => cell('th', h, k)).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, k) => cell('td', v, k)).join('')}</tr>`)
    .join('\n')}</tbody></table>`;
}

/** A number for a table: fixed decimals, thin grouping; "—" for unknown. */
export function num(v: number | null | undefined, decimals = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let v = n / 1024;
  let k = 0;
  while (v >= 1024 && k < units.length - 1) {
    v /= 1024;
    k++;
  }
  return `${v.toFixed(1)} ${units[k]} (${n.toLocaleString('en-GB')} bytes)`;
}
