/**
 * Edge handling of the neighbourhood methods: scipy.ndimage's `mode='reflect'` (numpy.pad's
 * 'symmetric'), half-sample symmetric — … c b a | a b c … z | z y x … — repeated as often as a
 * window wider than the image needs.
 */
export function reflectIndex(i: number, n: number): number {
  const period = 2 * n;
  let k = i % period;
  if (k < 0) k += period;
  return k < n ? k : period - 1 - k;
}

/** For each offset −r…r (outer) and position 0…n−1 (inner): the reflected index of position + offset. */
export function reflectedOffsets(n: number, r: number): Int32Array {
  const table = new Int32Array((2 * r + 1) * n);
  for (let k = -r; k <= r; k++) {
    for (let x = 0; x < n; x++) table[(k + r) * n + x] = reflectIndex(x + k, n);
  }
  return table;
}

/**
 * Row indices of a strip buffer (haloTop + rows + haloBottom rows) that core row c reads at
 * offsets −r…r (r ≤ the strip's halo). Reflecting at the ends of the buffer is reflecting at the
 * image edge: a strip has fewer halo rows than asked for only where the image ends, and a row
 * index can leave the buffer only on such a side — so the result never depends on the strip height.
 */
export function windowRows(c: number, haloTop: number, bufferRows: number, r: number): Int32Array {
  const rows = new Int32Array(2 * r + 1);
  for (let k = -r; k <= r; k++) rows[k + r] = reflectIndex(haloTop + c + k, bufferRows);
  return rows;
}
