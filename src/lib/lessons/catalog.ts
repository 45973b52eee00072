/**
 * The bundled lessons. Every number a step promises is checked by tests/lessons against the core
 * (the same code the CLI and the worker run) and on screen by the browser e2e, so text and
 * behaviour cannot drift apart.
 */
import type { Lesson } from './types';

const REF = {
  singh: 'Singh 1989, Digital change detection techniques using remotely-sensed data, doi:10.1080/01431168908903939',
  irmad: 'Nielsen 2007, The regularized iteratively reweighted MAD method for change detection, doi:10.1109/TIP.2006.888195',
  majority: 'Soille 2003, Morphological Image Analysis (rank filters), doi:10.1007/978-3-662-05088-0',
  cohen: 'Cohen 1960, A coefficient of agreement for nominal scales (κ), doi:10.1177/001316446002000104',
  cva: 'Bovolo & Bruzzone 2007, A theoretical framework for unsupervised change detection based on change vector analysis, doi:10.1109/TGRS.2006.885408',
  otsu: 'Otsu 1979, A threshold selection method from gray-level histograms, doi:10.1109/TSMC.1979.4310076',
  ki: 'Kittler & Illingworth 1986, Minimum error thresholding, doi:10.1016/0031-3203(86)90030-0',
  normalization: 'Canty & Nielsen 2008, Automatic radiometric normalization of multitemporal satellite imagery, doi:10.1016/j.rse.2007.07.013',
  taizhou: 'Wu, Du & Zhang 2014, Slow feature analysis for change detection in multispectral imagery, doi:10.1109/TGRS.2013.2266673',
  speckle: 'Goodman 1976, Some fundamental properties of speckle, doi:10.1364/JOSA.66.001145',
  logratio: 'Dekker 1998, Speckle filtering in satellite SAR change detection imagery, doi:10.1080/014311698215649',
  prefilter:
    'Bazi, Bruzzone & Melgani 2005, An unsupervised approach based on the generalized Gaussian model to automatic change detection in multitemporal SAR images, doi:10.1109/TGRS.2005.843049',
  misregistration: 'Dai & Khorram 1998, The effects of image misregistration on the accuracy of remotely sensed change detection, doi:10.1109/36.718860',
  coregistration:
    'Scheffler, Hollstein, Diedrich, Segl & Hostert 2017, AROSICS: an automated and robust open-source image co-registration software for multi-sensor satellite data, doi:10.3390/rs9070676',
  cubic: 'Keys 1981, Cubic convolution interpolation for digital image processing, doi:10.1109/TASSP.1981.1163711'
} as const;

const GENERATED = (seed: number) =>
  `Synthetic scene made by Sitewatch's own seeded generator (seed ${seed}); no real place is imaged, so the truth is exact. Free to use.`;

/** The crossing scene's two sites, in before-image pixels (the generator's layout; tests check them). */
export const CROSSING_SITES = {
  old: [156, 285, 196, 315],
  new: [469, 243, 619, 338]
} as const;

/**
 * How far the after image of the misregistration lesson is off: it shows what lies `shiftPx`
 * pixels east and south of each pixel, turned by `rotationDeg` about the image centre (as the
 * Alignment panel and `summary.json` report it), inside a frame `margin` pixels in from the
 * crossing scene's edges so the turned image still covers the whole grid.
 */
export const MISREGISTRATION = { shiftPx: [3, 2], rotationDeg: 0.5, margin: 8 } as const;

/** A box in the misregistration lesson's pixels: its grid starts MISREGISTRATION.margin pixels in. */
const inFrame = ([x0, y0, x1, y1]: readonly [number, number, number, number]) => {
  const m = MISREGISTRATION.margin;
  return [x0 - m, y0 - m, x1 - m, y1 - m] as const;
};
const MISREGISTRATION_OLD_SITE = inFrame(CROSSING_SITES.old);

export const LESSONS: readonly Lesson[] = [
  {
    id: 'crossing',
    title: 'A new border crossing',
    summary: 'Construction at a new site, nothing at the old one: objects and area.',
    story:
      'Two images of a desert border area, months apart. On the right, a new crossing is built on bare ground: graded earth, a concrete yard, hangars, foundations, secured entrances and new roads. On the left, the old crossing stays exactly as it was. How much was built, and can a change detector tell the two sites apart?',
    dir: 'lessons/crossing',
    partialTruth: false,
    credit: GENERATED(2024),
    steps: [
      {
        title: 'Look before you measure',
        text: 'Drag the swipe handle across the right-hand site to compare the dates. The new crossing appears between the images; the walled old crossing on the left does not change, but the whole after image is a little brighter — another day, another light.',
        reference: REF.singh,
        layers: { mask: false, errors: false, magnitude: false, outlines: false },
        zoom: 'fit'
      },
      {
        title: 'IR-MAD finds the construction',
        text: 'This runs IR-MAD, which ignores any change of brightness that affects a whole band, with the Kittler–Illingworth threshold. It reaches κ above 0.9, but the mask is peppered with hundreds of tiny objects: single noisy pixels just over the threshold.',
        reference: REF.irmad,
        analysis: { method: 'irmad', threshold: null, normalize: null, clean: [] },
        layers: { mask: true, errors: false, outlines: true, magnitude: false },
        promises: [
          { metric: 'kappa', min: 0.9 },
          { metric: 'objects', min: 200 }
        ]
      },
      {
        title: 'Clean the mask',
        text: 'A 3 × 3 majority filter keeps a pixel only if most of its neighbours agree. The specks vanish — fewer than 30 objects remain — and κ rises above 0.95 because the false alarms were the specks.',
        reference: REF.majority,
        analysis: { method: 'irmad', threshold: null, normalize: null, clean: [{ op: 'median', size: 3 }] },
        layers: { mask: true, outlines: true },
        promises: [
          { metric: 'kappa', min: 0.95 },
          { metric: 'objects', max: 30 }
        ]
      },
      {
        title: 'How much was built?',
        text: 'Zoomed to the new crossing with the error map on: green is change found, orange a false alarm, light blue a missed change. The mask measures between 80 and 95 ha of change (the truth is 92 ha); what it misses are thin road edges and low-contrast graded earth.',
        reference: REF.cohen,
        analysis: { method: 'irmad', threshold: null, normalize: null, clean: [{ op: 'median', size: 3 }] },
        layers: { mask: false, errors: true, outlines: false },
        zoom: CROSSING_SITES.new,
        promises: [{ metric: 'changedHa', min: 80, max: 95 }]
      },
      {
        title: 'The old crossing: nothing',
        text: 'Zoom to the old crossing on the left. The mask holds no change there at all: its walls, roofs and roads are the same on both dates, and a brighter day alone does not fool IR-MAD.',
        reference: REF.irmad,
        layers: { mask: true, errors: false, outlines: true },
        zoom: CROSSING_SITES.old
      }
    ]
  },
  {
    id: 'taizhou',
    title: 'Two dates, two radiometries',
    summary: 'Real Landsat: raw differences fail, normalization and IR-MAD succeed.',
    story:
      'Taizhou, China, seen by Landsat 7 (ETM+, six bands at 30 m) in March 2000 and again in February 2003. Farmland became city in between. Season, sun, atmosphere and processing differ between the two scenes, so the same unchanged field has different numbers on the two dates. The truth is partial: experts marked some pixels as changed and some as unchanged; only those are scored.',
    dir: 'lessons/taizhou',
    partialTruth: true,
    credit:
      'Landsat 7 ETM+ imagery (scenes L71119038_03820000317 and L71119038_03820030206) courtesy of the U.S. Geological Survey (public domain). Change and no-change reference: Wu, Du & Zhang 2014 (doi:10.1109/TGRS.2013.2266673), distributed in ChenHongruixuan/ChangeDetectionRepository (MIT).',
    steps: [
      {
        title: 'Raw change vectors fail',
        text: 'Change vector analysis on the raw numbers, thresholded by Otsu. κ stays below 0.2: the two scenes differ in brightness band by band, so almost every pixel "changes" and the real change drowns. Turn on the error map to see the false alarms everywhere.',
        reference: REF.cva,
        analysis: { method: 'cva', threshold: null, normalize: null, clean: [] },
        layers: { mask: false, errors: true, outlines: false },
        zoom: 'fit',
        promises: [{ metric: 'kappa', max: 0.2 }]
      },
      {
        title: 'Normalize first',
        text: 'The same CVA after standardizing each band of each image (subtract its mean, divide by its spread). The radiometric difference is gone and κ jumps above 0.85 — the method was never the problem, the radiometry was.',
        reference: REF.normalization,
        analysis: { method: 'cva', threshold: null, normalize: 'zscore', clean: [] },
        layers: { errors: true },
        promises: [{ metric: 'kappa', min: 0.85 }]
      },
      {
        title: 'IR-MAD needs no normalization',
        text: 'IR-MAD finds the combinations of bands that agree best between the dates and measures change only in them, so any gain or offset per band cancels out. On the raw images it reaches κ above 0.9 and recall above 0.95.',
        reference: REF.irmad,
        analysis: { method: 'irmad', threshold: null, normalize: null, clean: [] },
        layers: { errors: true },
        promises: [
          { metric: 'kappa', min: 0.9 },
          { metric: 'recall', min: 0.95 }
        ]
      },
      {
        title: 'Read the errors',
        text: 'With the majority filter added (the automatic recipe), precision rises above 0.95. The remaining misses sit on the edges of new built-up areas, where one 30 m pixel mixes old and new land cover.',
        reference: REF.taizhou,
        analysis: { method: 'auto', threshold: null, normalize: null, clean: null },
        layers: { errors: true },
        promises: [
          { metric: 'kappa', min: 0.9 },
          { metric: 'precision', min: 0.95 }
        ]
      }
    ]
  },
  {
    id: 'speckle',
    title: 'Radar speckle',
    summary: 'Difference vs log-ratio, and why a median prefilter helps.',
    story:
      'Two radar (SAR) images of farmland by a river. Between the dates a flood covered the fields along the river, two fields were harvested and three buildings went up. Radar images are grainy — speckle — and the grain is multiplicative: the brighter the surface, the stronger the noise.',
    dir: 'lessons/speckle',
    partialTruth: false,
    credit: GENERATED(1976) + ' Speckle: 4-look Gamma model.',
    steps: [
      {
        title: 'Plain difference',
        text: 'The absolute difference with Otsu. κ stays below 0.5 and precision below 0.4: in the bright town and fields the speckle alone swings by tens of digital numbers, so the difference "sees" change wherever the ground is bright.',
        reference: REF.speckle,
        analysis: { method: 'absdiff', threshold: null, normalize: null, clean: [] },
        layers: { mask: false, errors: true, outlines: false },
        zoom: 'fit',
        promises: [
          { metric: 'kappa', max: 0.5 },
          { metric: 'precision', max: 0.4 }
        ]
      },
      {
        title: 'Ratio instead of difference',
        text: 'The log-ratio |ln(after / before)| turns multiplicative noise into additive noise of the same size everywhere, bright or dark. κ rises to between 0.5 and 0.75; what is left is the grain itself.',
        reference: REF.logratio,
        analysis: { method: 'logratio', threshold: null, normalize: null, clean: [] },
        layers: { errors: true },
        promises: [{ metric: 'kappa', min: 0.5, max: 0.75 }]
      },
      {
        title: 'Median prefilter',
        text: 'The automatic recipe for one band smooths both images with a 3 × 3 median before the ratio: the median ignores the extreme grains. With Otsu and no cleaning κ passes 0.78 — but some flooded field is still missed: Otsu sets the bar too high.',
        reference: REF.prefilter,
        analysis: { method: 'auto', threshold: { method: 'otsu' }, normalize: null, clean: [] },
        layers: { errors: true },
        promises: [{ metric: 'kappa', min: 0.78 }]
      },
      {
        title: 'Minimum-error threshold',
        text: 'Kittler–Illingworth models the no-change and change pixels as two bell curves of different size and spread and puts the threshold where mistakes are fewest. With the median prefilter and the majority filter κ passes 0.95.',
        reference: REF.ki,
        analysis: { method: 'auto', threshold: { method: 'ki' }, normalize: null, clean: null },
        layers: { errors: true },
        promises: [{ metric: 'kappa', min: 0.95 }]
      }
    ]
  },
  {
    id: 'thresholds',
    title: 'Choosing a threshold',
    summary: 'Otsu vs Kittler–Illingworth vs your own, on a histogram with the truth.',
    story:
      'One change magnitude, four thresholds. The histogram below the map shows the truth: no-change pixels in one colour, changed pixels in the other. Every threshold is a vertical line through it; everything to its right is called change. Where the two truth distributions overlap, no threshold can be right for all pixels.',
    dir: 'lessons/thresholds',
    partialTruth: false,
    credit: GENERATED(1979),
    steps: [
      {
        title: 'Otsu',
        text: "Otsu's threshold maximizes the separation between the two groups it makes. Only about 5 % of the pixels changed, and Otsu favours groups of similar size, so it puts the line far to the right: precision is perfect but recall stays below 0.7 (κ between 0.7 and 0.8).",
        reference: REF.otsu,
        analysis: { method: 'cva', threshold: { method: 'otsu' }, normalize: null, clean: [] },
        layers: { mask: false, errors: true, outlines: false },
        zoom: 'fit',
        promises: [
          { metric: 'kappa', min: 0.7, max: 0.8 },
          { metric: 'recall', max: 0.7 }
        ]
      },
      {
        title: 'Kittler–Illingworth',
        text: 'The minimum-error threshold fits two bell curves of different sizes and spreads. It moves the line left, into the gap between the truth distributions, and κ rises above 0.84.',
        reference: REF.ki,
        analysis: { method: 'cva', threshold: { method: 'ki' }, normalize: null, clean: [] },
        layers: { errors: true },
        promises: [{ metric: 'kappa', min: 0.84 }]
      },
      {
        title: 'Too low',
        text: 'A manual threshold of 40: the line now cuts into the no-change distribution and tens of thousands of false alarms (orange) flood the map. κ falls below 0.3. Drag the line on the histogram and watch κ follow.',
        reference: REF.cohen,
        analysis: { method: 'cva', threshold: { method: 'manual', value: 40 }, normalize: null, clean: [] },
        layers: { errors: true },
        promises: [
          { metric: 'kappa', max: 0.3 },
          { metric: 'falseAlarms', min: 50000 }
        ]
      },
      {
        title: 'The best single line',
        text: 'A threshold of 64 sits where the two truth distributions cross: κ reaches about 0.88, the best any threshold gets here. The rest is overlap — changed pixels that look like unchanged ones — which only a better method, not a better threshold, can fix.',
        reference: REF.cohen,
        analysis: { method: 'cva', threshold: { method: 'manual', value: 64 }, normalize: null, clean: [] },
        layers: { errors: true },
        promises: [{ metric: 'kappa', min: 0.86 }]
      }
    ]
  },
  {
    id: 'misregistration',
    title: 'Misregistration',
    summary: 'The crossing pair, after image 3 px and 0.5° off: edges become false change; alignment fixes it.',
    story:
      'The border-crossing pair again — but the after image was placed 3 pixels east and 2 pixels south of where it belongs (24 m and 16 m on the ground) and turned by half a degree, as happens with a poor orbit or terrain model. Both files still claim the same position. Nothing else differs from the first lesson.',
    dir: 'lessons/misregistration',
    partialTruth: false,
    credit: GENERATED(2024) + ' After image resampled with a known shift (3, 2) px and rotation 0.5°.',
    steps: [
      {
        title: 'The same recipe, a different answer',
        text: 'The automatic recipe, trusting the georeferencing, which reached κ above 0.95 on the aligned pair, now stays below 0.5, with precision below 0.4. Look at the error map: the false alarms (orange) are not random — they line every road, wall, field and roof.',
        reference: REF.misregistration,
        analysis: { method: 'auto', threshold: null, normalize: null, clean: null, align: 'georef' },
        layers: { mask: false, errors: true, outlines: false },
        zoom: 'fit',
        promises: [
          { metric: 'kappa', max: 0.5 },
          { metric: 'precision', max: 0.4 }
        ]
      },
      {
        title: 'Edges become change',
        text: 'Zoomed to the old crossing, where nothing changed: each wall and road shows up twice, once where it is and once where the shifted image puts it. Over the whole image more than 15 000 pixels are false alarms — a shift of a fraction of an object’s size is enough.',
        reference: REF.misregistration,
        layers: { errors: true },
        zoom: MISREGISTRATION_OLD_SITE,
        promises: [{ metric: 'falseAlarms', min: 15000 }]
      },
      {
        title: 'Cleaning cannot fix it',
        text: 'Add an opening of radius 1 to the majority filter. Thin false edges go, but κ stays below 0.55: the false bands are as wide as the shift, just like real change.',
        reference: REF.majority,
        analysis: {
          method: 'auto',
          threshold: null,
          normalize: null,
          clean: [
            { op: 'median', size: 3 },
            { op: 'open', radius: 1 }
          ],
          align: 'georef'
        },
        layers: { errors: true },
        zoom: 'fit',
        promises: [{ metric: 'kappa', max: 0.55 }]
      },
      {
        title: 'Align the images first',
        text: 'Alignment is now automatic (image content): phase correlation in windows across the image measures where the after image really lies, and the Alignment panel shows the estimate — 3 px east, 2 px south, 0.5° — before after is resampled onto before’s grid. The same recipe then reaches κ above 0.8 and recall above 0.95.',
        reference: REF.coregistration,
        analysis: { method: 'auto', threshold: null, normalize: null, clean: null, align: 'auto' },
        layers: { errors: true },
        zoom: 'fit',
        promises: [
          { metric: 'shiftX', min: 2.9, max: 3.1 },
          { metric: 'shiftY', min: 1.9, max: 2.1 },
          { metric: 'rotationDeg', min: 0.45, max: 0.55 },
          { metric: 'kappa', min: 0.8 },
          { metric: 'recall', min: 0.95 }
        ]
      },
      {
        title: 'Resampling blurs sharp edges',
        text: 'The false alarms left lie along walls, thin roads and the river bank: bilinear resampling averages four pixels and smears a sharp edge over two. Cubic convolution keeps edges sharper, and κ rises to about 0.9, with precision above 0.8.',
        reference: REF.cubic,
        analysis: { method: 'auto', threshold: null, normalize: null, clean: null, align: 'auto', resampling: 'cubic' },
        layers: { errors: true },
        zoom: 'fit',
        promises: [
          { metric: 'kappa', min: 0.88 },
          { metric: 'precision', min: 0.8 }
        ]
      }
    ]
  }
];

export function lessonById(id: string): Lesson | null {
  return LESSONS.find((l) => l.id === id) ?? null;
}
