import { describe, expect, it } from 'vitest';
import { decodeShare, encodeShare } from '../../src/lib/state/share';

describe('share links', () => {
  it('round-trips a lesson step with its own analysis', () => {
    const s = { lesson: 'crossing', step: 2, analysis: null };
    expect(encodeShare(s)).toBe('lesson=crossing&step=3');
    expect(decodeShare('#' + encodeShare(s))).toEqual(s);
  });

  it('round-trips an explored analysis in the CLI option syntax', () => {
    const s = {
      lesson: 'thresholds',
      step: 0,
      analysis: {
        method: 'cva' as const,
        threshold: { method: 'manual' as const, value: 57.5 },
        normalize: 'zscore' as const,
        clean: [{ op: 'median' as const, size: 3 }]
      }
    };
    const text = encodeShare(s);
    expect(text).toBe('lesson=thresholds&step=1&method=cva&threshold=57.5&normalize=zscore&clean=median%3A3');
    expect(decodeShare(text)).toEqual(s);
    const recipe = { lesson: 'speckle', step: 1, analysis: { method: 'auto' as const, threshold: null, normalize: null, clean: null } };
    expect(decodeShare(encodeShare(recipe))).toEqual(recipe);
    expect(decodeShare(encodeShare({ ...recipe, analysis: { ...recipe.analysis, clean: [] } }))!.analysis!.clean).toEqual([]);
  });

  it('round-trips the alignment and resampling, and every normalization', () => {
    const s = {
      lesson: 'misregistration',
      step: 3,
      analysis: { method: 'auto' as const, threshold: null, normalize: 'histmatch' as const, clean: null, align: 'auto' as const, resampling: 'cubic' as const }
    };
    const text = encodeShare(s);
    expect(text).toBe('lesson=misregistration&step=4&method=auto&threshold=recipe&normalize=histmatch&clean=recipe&align=auto&resampling=cubic');
    expect(decodeShare(text)).toEqual(s);
  });

  it('ignores a fragment without a lesson and names a bad part', () => {
    expect(decodeShare('')).toBeNull();
    expect(decodeShare('#step=2')).toBeNull();
    expect(() => decodeShare('lesson=crossing&step=0')).toThrow(/step/);
    expect(() => decodeShare('lesson=crossing&method=magic')).toThrow(/method "magic"/);
    expect(() => decodeShare('lesson=crossing&method=cva&threshold=lots')).toThrow(/link: threshold/);
    expect(() => decodeShare('lesson=crossing&method=cva&normalize=histogram')).toThrow(/normalize/);
    expect(() => decodeShare('lesson=crossing&method=cva&align=magic')).toThrow(/link: align must be one of none, georef, auto/);
    expect(() => decodeShare('lesson=crossing&method=cva&resampling=lanczos')).toThrow(/link: resampling/);
  });
});
