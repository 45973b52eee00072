export { alloc, reset } from './memory';
export {
  change_absdiff_accumulate_f32,
  change_sqdiff_accumulate_f32,
  change_logratio_accumulate_f32
} from './change';
export { change_cva_direction_f32 } from './direction';
export { arith_scale_f32, arith_sqrt_f32 } from './arith';
export { stats_minmax_f32, stats_histogram_f32 } from './stats';
export { threshold_gt_f32 } from './threshold';
export { morph_erode_disk_u8, morph_dilate_disk_u8, morph_majority_u8, morph_disk_scratch_bytes, morph_majority_scratch_bytes } from './morphology';
export { moments_weighted_f32, moments_weighted_scratch_bytes } from './moments';
export { forest_predict_f32 } from './forest';
