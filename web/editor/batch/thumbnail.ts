import { imageSize } from "image-size";

/** Thumbnails show at 44–56 CSS pixels a side (Batch.module.css): twice that, for sharp screens. */
const PIXELS = 112;

/**
 * A small preview of an image as an object URL (the caller revokes it), or undefined when the
 * browser cannot decode it (HEIC, a broken file). The browser decodes straight to the small size
 * (createImageBitmap's resize), so a 12 MP photo never sits decoded in memory for a 56 px box;
 * the preview kept is a WebP of a few KB.
 */
export async function makeThumbnail(image: Blob): Promise<string | undefined> {
  let resize: { resizeWidth: number } | { resizeHeight: number } = { resizeWidth: PIXELS };
  try {
    // The header alone, for the shape: the short side gets the box's pixels, as object-fit: cover shows it.
    const head = new Uint8Array(await image.slice(0, 256 * 1024).arrayBuffer());
    const { width = 0, height = 0, orientation = 1 } = imageSize(head);
    const [w, h] = orientation >= 5 ? [height, width] : [width, height];
    if (w && h) resize = w <= h ? { resizeWidth: Math.min(w, PIXELS) } : { resizeHeight: Math.min(h, PIXELS) };
  } catch {
    // Not a header image-size reads: let the browser try at the default width.
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image, { ...resize, resizeQuality: "medium" });
  } catch {
    return undefined;
  }
  try {
    // A very long panorama keeps at most four boxes' worth of its long side.
    const width = Math.min(bitmap.width, PIXELS * 4);
    const height = Math.min(bitmap.height, PIXELS * 4);
    const canvas = new OffscreenCanvas(width, height);
    canvas.getContext("2d")!.drawImage(bitmap, (width - bitmap.width) / 2, (height - bitmap.height) / 2);
    return URL.createObjectURL(await canvas.convertToBlob({ type: "image/webp", quality: 0.8 }));
  } catch {
    return undefined;
  } finally {
    bitmap.close();
  }
}
