import { describe, expect, it } from 'vitest';
import { CLASS_OVERLAP_LIMIT, sanityWarnings } from '../../src/lib/core/change/sanity';

describe('sanityWarnings', () => {
  it('says nothing about a plausible result', () => {
    expect(sanityWarnings({ validPixels: 1000, changedPixels: 100, classOverlap: 0.02 })).toEqual([]);
    expect(sanityWarnings({ validPixels: 0, changedPixels: 0, classOverlap: null })).toEqual([]);
  });

  it('flags more than half of the valid pixels changed (exactly half is not flagged)', () => {
    expect(sanityWarnings({ validPixels: 1000, changedPixels: 500, classOverlap: null })).toEqual([]);
    const [w] = sanityWarnings({ validPixels: 1000, changedPixels: 771, classOverlap: null });
    expect(w).toMatch(/^77\.1 % of the valid pixels/);
  });

  it('flags heavily overlapping classes, above the limit only', () => {
    expect(sanityWarnings({ validPixels: 10, changedPixels: 1, classOverlap: CLASS_OVERLAP_LIMIT })).toEqual([]);
    const [w] = sanityWarnings({ validPixels: 10, changedPixels: 1, classOverlap: 0.3 });
    expect(w).toMatch(/overlap heavily \(30 %/);
  });
});
