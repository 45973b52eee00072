import type { RenderedImage } from '../worker/api';

/** A bitmap ready to draw, with the size it was rendered at (display pixels, not source pixels). */
export interface DisplayImage {
  bitmap: ImageBitmap;
  width: number;
  height: number;
}

/** Turns worker RGBA into an ImageBitmap; the browser decodes it, no pixel loop on this thread. */
export async function toDisplayImage(img: RenderedImage): Promise<DisplayImage> {
  const bitmap = await createImageBitmap(new ImageData(img.rgba, img.width, img.height));
  return { bitmap, width: img.width, height: img.height };
}
