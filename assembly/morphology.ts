/**
 * Neighbourhood filters that clean a change mask (1 change, 0 no change, 255 nodata): erosion and
 * dilation by a disk, whose compositions are the morphological opening and closing (Serra 1982,
 * Image Analysis and Mathematical Morphology, ch. II; Soille 2003, Morphological Image Analysis,
 * 2nd ed., ch. 3–4), and the binary median (majority) filter.
 *
 * Each kernel reads `rows` whole rows of `width` pixels at `src` and writes the `outRows` rows
 * that start at src row `top` to `out`; pixels beyond the src rows or the row ends are treated as
 * nodata. Nodata is "don't care": it neither erodes nor dilates its neighbours and takes no part
 * in a vote, and a nodata centre stays 255. Erosion is an unsigned u8 minimum (255 is the largest,
 * so it never wins over 0 or 1) and dilation a signed i8 maximum (255 is −1, the smallest), so
 * no pixel needs remapping. Every kernel returns the number of 1s it wrote. The v128 loops and the
 * scalar loops apply the same integer operations, so both builds give the same bytes.
 */

// @ts-ignore: decorator
@inline function extremeLanes(a: v128, b: v128, dilate: bool): v128 {
  return dilate ? i8x16.max_s(a, b) : i8x16.min_u(a, b);
}

// @ts-ignore: decorator
@inline function extreme(a: u32, b: u32, dilate: bool): u32 {
  return dilate ? (<i8>a > <i8>b ? a : b) : a < b ? a : b;
}

/** Bytes of one padded scratch row: `pad` bytes each side of `width`, rounded up to 16. */
// @ts-ignore: decorator
@inline function pitchOf(width: usize, pad: usize): usize {
  return (width + 2 * pad + 15) & ~15;
}

/** Bytes of the offset table at the start of the disk scratch. */
// @ts-ignore: decorator
@inline function tableBytes(r: usize): usize {
  return ((r + 1) * 4 + 15) & ~15;
}

/** Scratch bytes `morph_erode_disk_u8` and `morph_dilate_disk_u8` need for this width and radius. */
export function morph_disk_scratch_bytes(width: usize, r: usize): usize {
  return tableBytes(r) + (r + 1) * pitchOf(width, r);
}

/** Scratch bytes `morph_majority_u8` needs for this width and half-size. */
export function morph_majority_scratch_bytes(width: usize, h: usize): usize {
  return pitchOf(width, h);
}

/**
 * Erosion by the disk D_r = {(dx, dy) : dx² + dy² ≤ r²} (radius 1 is the 3 × 3 cross, 2 the
 * 5 × 5 square less its corners and their neighbours, as skimage.morphology.disk): out = 1 where
 * every valid pixel of the disk around it is 1.
 */
export function morph_erode_disk_u8(out: usize, src: usize, width: usize, rows: usize, top: usize, outRows: usize, r: usize, scratch: usize): u32 {
  return diskExtreme(out, src, width, rows, top, outRows, r, scratch, false);
}

/** Dilation by the disk D_r: out = 1 where any valid pixel of the disk around it is 1. */
export function morph_dilate_disk_u8(out: usize, src: usize, width: usize, rows: usize, top: usize, outRows: usize, r: usize, scratch: usize): u32 {
  return diskExtreme(out, src, width, rows, top, outRows, r, scratch, true);
}

/**
 * The disk is the union of the vertical segments |dy| ≤ h(dx) = ⌊√(r² − dx²)⌋ for |dx| ≤ r. Per
 * output row, level k of the scratch holds the extreme of the 2k + 1 rows around it (V_k = V_{k−1}
 * with rows ±k), padded by r nodata bytes each side; the output is then the extreme over dx of
 * V_{h(dx)} shifted by dx — O(r) operations per 16 pixels instead of one per disk pixel.
 */
// @ts-ignore: decorator
@inline function diskExtreme(out: usize, src: usize, width: usize, rows: usize, top: usize, outRows: usize, r: usize, scratch: usize, dilate: bool): u32 {
  const pitch = pitchOf(width, r);
  const table = scratch;
  const levels = scratch + tableBytes(r) + r; // V_0[0]; V_k[x] at levels + k·pitch + x
  for (let k: usize = 0; k <= r; k++) {
    const h = <usize>Math.floor(Math.sqrt(<f64>(r * r - k * k))); // table[dx = k]: where V_{h(dx)} starts
    store<u32>(table + (k << 2), <u32>(h * pitch));
    memory.fill(levels + k * pitch - r, 255, r); // level k's nodata padding
    memory.fill(levels + k * pitch + width, 255, pitch - r - width);
  }
  let count: u32 = 0;
  for (let i: usize = 0; i < outRows; i++) {
    const y = top + i;
    const centre = src + y * width;
    memory.copy(levels, centre, width);
    for (let k: usize = 1; k <= r; k++) {
      const prev = levels + (k - 1) * pitch;
      const up = y >= k ? centre - k * width : prev; // a missing row is replaced by V_{k−1}: no change
      const down = y + k < rows ? centre + k * width : prev;
      const cur = prev + pitch;
      let x: usize = 0;
      if (ASC_FEATURE_SIMD) {
        for (; x + 16 <= width; x += 16) {
          const v = extremeLanes(extremeLanes(v128.load(prev + x), v128.load(up + x), dilate), v128.load(down + x), dilate);
          v128.store(cur + x, v);
        }
      }
      for (; x < width; x++) {
        const v = extreme(extreme(load<u8>(prev + x), load<u8>(up + x), dilate), load<u8>(down + x), dilate);
        store<u8>(cur + x, v);
      }
    }
    const o = out + i * width;
    const widest = levels + r * pitch; // h(0) = r
    let x: usize = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 16 <= width; x += 16) {
        let acc = v128.load(widest + x);
        for (let dx: usize = 1; dx <= r; dx++) {
          const p = levels + load<u32>(table + (dx << 2)) + x;
          acc = extremeLanes(extremeLanes(acc, v128.load(p - dx), dilate), v128.load(p + dx), dilate);
        }
        const v = v128.or(acc, i8x16.eq(v128.load(centre + x), i8x16.splat(-1)));
        v128.store(o + x, v);
        count += <u32>popcnt(i8x16.bitmask(i8x16.eq(v, i8x16.splat(1))));
      }
    }
    for (; x < width; x++) {
      let acc = <u32>load<u8>(widest + x);
      for (let dx: usize = 1; dx <= r; dx++) {
        const p = levels + load<u32>(table + (dx << 2)) + x;
        acc = extreme(extreme(acc, load<u8>(p - dx), dilate), load<u8>(p + dx), dilate);
      }
      const v = load<u8>(centre + x) == 255 ? 255 : acc;
      store<u8>(o + x, v);
      count += <u32>(v == 1);
    }
  }
  return count;
}

/**
 * Binary median (majority) filter over the (2h + 1)² square, 1 ≤ h ≤ 5 so a sum fits an i8:
 * with `ones` and `zeros` the valid pixels of the window, out = 1 when ones > zeros (more than
 * half the valid pixels), 0 when ones < zeros, and the centre's own value on a tie. Each pixel
 * votes +1 (change), −1 (no change) or 0 (nodata); the window sum is a column sum over 2h + 1
 * rows into a scratch row padded by h zeros, then a row sum over 2h + 1 columns.
 */
export function morph_majority_u8(out: usize, src: usize, width: usize, rows: usize, top: usize, outRows: usize, h: usize, scratch: usize): u32 {
  const pitch = pitchOf(width, h);
  const sums = scratch + h;
  memory.fill(scratch, 0, h);
  memory.fill(sums + width, 0, pitch - h - width);
  let count: u32 = 0;
  for (let i: usize = 0; i < outRows; i++) {
    const y = top + i;
    const first = src + (y >= h ? y - h : 0) * width;
    const end = src + min(rows, y + h + 1) * width;
    let x: usize = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 16 <= width; x += 16) {
        let s = i8x16.splat(0);
        for (let row = first; row < end; row += width) {
          const v = v128.load(row + x);
          s = i8x16.sub(i8x16.add(s, i8x16.eq(v, i8x16.splat(0))), i8x16.eq(v, i8x16.splat(1))); // eq lanes are −1
        }
        v128.store(sums + x, s);
      }
    }
    for (; x < width; x++) {
      let s: i32 = 0;
      for (let row = first; row < end; row += width) {
        const v = load<u8>(row + x);
        s += <i32>(v == 1) - <i32>(v == 0);
      }
      store<i8>(sums + x, <i8>s);
    }
    const centre = src + y * width;
    const o = out + i * width;
    x = 0;
    if (ASC_FEATURE_SIMD) {
      for (; x + 16 <= width; x += 16) {
        let s = v128.load(sums + x - h);
        for (let p = sums + x - h + 1; p <= sums + x + h; p++) s = i8x16.add(s, v128.load(p));
        const c = v128.load(centre + x);
        let v = v128.bitselect(i8x16.splat(1), c, i8x16.gt_s(s, i8x16.splat(0)));
        v = v128.andnot(v, i8x16.lt_s(s, i8x16.splat(0)));
        v = v128.or(v, i8x16.eq(c, i8x16.splat(-1)));
        v128.store(o + x, v);
        count += <u32>popcnt(i8x16.bitmask(i8x16.eq(v, i8x16.splat(1))));
      }
    }
    for (; x < width; x++) {
      let s: i32 = 0;
      for (let p = sums + x - h; p <= sums + x + h; p++) s += <i32>load<i8>(p);
      const c = <u32>load<u8>(centre + x);
      const v: u32 = c == 255 ? 255 : s > 0 ? 1 : s < 0 ? 0 : c;
      store<u8>(o + x, v);
      count += <u32>(v == 1);
    }
  }
  return count;
}
