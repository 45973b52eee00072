import { describe, expect, it } from 'vitest';
import { STRIP_PIXELS, stripRows } from '../../src/lib/core/windows';

describe('stripRows', () => {
  it('gives about STRIP_PIXELS pixels, a multiple of the block height', () => {
    expect(stripRows(1000, 10_000, 1)).toBe(Math.floor(STRIP_PIXELS / 1000));
    expect(stripRows(1000, 10_000, 256)).toBe(2048);
    expect(stripRows(1000, 10_000, 300) % 300).toBe(0);
  });

  it('reads a whole block row when a strip would be shorter than one (no tile decoded twice)', () => {
    expect(Math.floor(STRIP_PIXELS / 10_000)).toBe(209);
    expect(stripRows(10_000, 10_000, 256)).toBe(256);
    expect(stripRows(20_000, 20_000, 256)).toBe(256);
  });

  it('splits a block row far larger than a strip, and never exceeds the image', () => {
    expect(stripRows(10_000, 10_000, 10_000)).toBe(209);
    expect(stripRows(10_000, 100, 256)).toBe(100);
    expect(stripRows(3, 2, 1)).toBe(2);
  });
});
