/** Display rendering, DOM-free: runs in the worker and hands RGBA bitmaps to the UI by transfer. */
export { decimatedSize, decimationFactor, type RenderedImage } from './image';
export { defaultDisplayBands, renderPreview, type PreviewImage, type PreviewOptions } from './preview';
export { magnitudeDisplayRange, renderMagnitude, type MagnitudeRenderOptions } from './magnitude';
export { CHANGE_RGB, renderMask } from './mask';
export { rampStops, VIRIDIS } from './ramp';
export { DEFAULT_STRETCH, stretchRange, type Stretch, type StretchKind, type StretchRange } from './stretch';
export { renderDirection } from './direction';
export { ERROR_MAP_COLOURS, ErrorMapRenderer } from './errors';
