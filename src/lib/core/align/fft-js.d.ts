/** Types for fft.js 4 (indutny), which ships none: the members Sitewatch uses. */
declare module 'fft.js' {
  export default class FFT {
    constructor(size: number);
    readonly size: number;
    /** Forward complex DFT of interleaved (re, im) `data` into `out` (distinct arrays). */
    transform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
    /** Inverse complex DFT, divided by size. */
    inverseTransform(out: ArrayLike<number> & { [i: number]: number }, data: ArrayLike<number>): void;
  }
}
