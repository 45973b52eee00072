/**
 * The typed face of the WASM core. Every call is pure math over one window; arrays are copied
 * into WASM memory, processed, and copied out into the caller's arrays. NaN means nodata and
 * propagates through every per-pixel kernel.
 */
export interface Kernels {
  readonly flavour: 'simd' | 'scalar';
  /** out[i] += |b[i] − a[i]| */
  absDiffAccumulate(out: Float32Array, a: Float32Array, b: Float32Array): void;
  /** out[i] += (b[i] − a[i])² */
  squaredDiffAccumulate(out: Float32Array, a: Float32Array, b: Float32Array): void;
  /** out[i] += |ln((max(b[i],0) + eps) / (max(a[i],0) + eps))| */
  logRatioAccumulate(out: Float32Array, a: Float32Array, b: Float32Array, eps: number): void;
  /**
   * Change vector analysis in one pass (assembly/direction.ts): magnitude √Σ(b − a)² (f32 sums),
   * spectral angle (f64 sums, NaN for a zero vector) and direction class (3 built-up gain,
   * 4 vegetation loss, 1 brightening, 2 darkening, 0 other) of every pixel of the band planes
   * `a` and `b`; NaN in all three where a band is NaN or ±Inf. `rules` gives the band positions of
   * the vegetation rules, null for brightness classes only.
   */
  cvaDirection(
    magnitude: Float32Array,
    angle: Float32Array,
    cls: Float32Array,
    a: readonly Float32Array[],
    b: readonly Float32Array[],
    rules: CvaRules | null
  ): void;
  /** out[i] *= k */
  scale(out: Float32Array, k: number): void;
  /** out[i] = √out[i] */
  sqrt(out: Float32Array): void;
  /** Minimum, maximum and count of the non-NaN values (min = +Inf, max = −Inf when count = 0). */
  minMax(data: Float32Array): { min: number; max: number; count: number };
  /**
   * Adds the non-NaN values to `counts` (length = bin count): bin = floor((v − min) · counts.length / (max − min))
   * computed in f64, clamped to [0, bins − 1]; when max = min every value goes to bin 0.
   */
  histogram(counts: Uint32Array, data: Float32Array, min: number, max: number): void;
  /** mask[i] = NaN ? 255 : (data[i] > t ? 1 : 0); returns the number of 1s. */
  threshold(mask: Uint8Array, data: Float32Array, t: number): number;
  /**
   * Erosion of a change mask (1 change, 0 no change, 255 nodata) by the disk of radius `radius`
   * (pixels with dx² + dy² ≤ radius²; radius 1 is the 3 × 3 cross). `src` holds whole rows of
   * `width`; `out` receives the out.length / width rows starting at src row `top`. Pixels beyond
   * `src` count as nodata; nodata neither erodes nor dilates and stays 255. Returns the number of 1s
   * written.
   */
  erodeDisk(out: Uint8Array, src: Uint8Array, width: number, top: number, radius: number): number;
  /** Dilation by the disk of radius `radius`, with the layout and nodata rules of `erodeDisk`. */
  dilateDisk(out: Uint8Array, src: Uint8Array, width: number, top: number, radius: number): number;
  /**
   * Binary median (majority) filter over a `size` × `size` square (odd, 3 … 11): 1 when more than
   * half the valid (non-255) pixels of the window are 1, 0 when fewer, the centre's value on a
   * tie; a nodata centre stays 255. Layout as `erodeDisk`. Returns the number of 1s written.
   */
  majority(out: Uint8Array, src: Uint8Array, width: number, top: number, size: number): number;
  /**
   * The weighted moments of one window of dim = variables.length variables, each holding
   * weights.length samples, in two passes: the weighted means into `mean` (dim values), then the
   * centred cross-products Σ w·(xⱼ − x̄ⱼ)(xₖ − x̄ₖ) into `m2` (dim × dim, row-major, symmetric).
   * Returns Σw and the number of samples with weight > 0. A sample whose weight is not > 0 is
   * skipped, so it may hold NaN; with no sample left everything is 0. All in f64, summed over the
   * samples in order, so every build gives the same bits (the window merge is the caller's).
   */
  weightedMoments(mean: Float64Array, m2: Float64Array, variables: readonly Float32Array[], weights: Float64Array): { weight: number; count: number };
  /**
   * Random-forest change probability of out.length pixels whose `featureCount` features lie
   * contiguous in `features` (pixel-major); `nodes` four i32 per node (feature or −1, f32 bits of
   * threshold or leaf value, left, right), `roots` each tree's root. NaN where the first feature
   * is NaN. The mean of the trees' leaves, summed in f32 in tree order (core/supervised/forest.ts).
   */
  forestPredict(out: Float32Array, features: Float32Array, featureCount: number, nodes: Int32Array, roots: Int32Array): void;
}

/** Band positions (among the bands given) of the CVA class rules: red and NIR, SWIR1 or null, the visible bands (blue, green, red order). */
export interface CvaRules {
  red: number;
  nir: number;
  swir1: number | null;
  visible: readonly number[];
}
