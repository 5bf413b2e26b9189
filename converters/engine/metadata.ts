// Which of a photo's metadata goes into an export. "Safe" is an allow-list, not a deny-list: the
// EXIF block is rebuilt from the few fields named here, so a GPS position, a serial number, a
// maker note, an embedded thumbnail of the uncropped photo, or a tag no one has heard of cannot
// ride along.
import type { MetadataMode } from "./encoder-options";
import type { VipsImage } from "../types";

/** The EXIF fields Safe keeps, as libvips names them: the camera, the capture date and the exposure. */
export const SAFE_EXIF: ReadonlySet<string> = new Set([
  "exif-ifd0-Make",
  "exif-ifd0-Model",
  "exif-ifd0-Software",
  "exif-ifd0-Copyright",
  "exif-ifd0-Artist",
  "exif-ifd2-DateTimeOriginal",
  "exif-ifd2-DateTimeDigitized",
  "exif-ifd2-OffsetTime",
  "exif-ifd2-OffsetTimeOriginal",
  "exif-ifd2-OffsetTimeDigitized",
  "exif-ifd2-SubSecTimeOriginal",
  "exif-ifd2-ExposureTime",
  "exif-ifd2-FNumber",
  "exif-ifd2-ExposureProgram",
  "exif-ifd2-ISOSpeedRatings",
  "exif-ifd2-PhotographicSensitivity",
  "exif-ifd2-ExposureBiasValue",
  "exif-ifd2-MeteringMode",
  "exif-ifd2-Flash",
  "exif-ifd2-FocalLength",
  "exif-ifd2-FocalLengthIn35mmFilm",
  "exif-ifd2-WhiteBalance",
  "exif-ifd2-LensMake",
  "exif-ifd2-LensModel",
  "exif-ifd2-LensSpecification",
]);

const ICC = "icc-profile-data";

/**
 * The image to save and libvips' `keep` flags for a metadata mode. Orientation is not here: the
 * pipeline has already turned the pixels upright, and libvips then writes Orientation 1.
 */
export function withMetadata(image: VipsImage, mode: MetadataMode): { image: VipsImage; keep: string } {
  if (mode === "all") return { image, keep: "all" };
  const hasProfile = image.getTypeof(ICC) !== 0;
  if (mode === "none") {
    // Without its profile a Display P3 or Adobe RGB photo would look washed out: its pixels are
    // converted to sRGB, which every viewer assumes of an untagged image.
    return { image: hasProfile ? toSrgb(image) : image, keep: "none" };
  }
  const out = image.copy();
  for (const name of fieldNames(out)) {
    if (name === "exif-data" || name === "exif-thumbnail" || (name.startsWith("exif-") && !SAFE_EXIF.has(name))) out.remove(name);
  }
  const keep = ["exif", ...(hasProfile ? ["icc"] : [])].join(":");
  return { image: out, keep };
}

/** Whether a field is metadata a step's new pixels inherit: the profile, EXIF, XMP and IPTC. */
const carried = (name: string) => name === ICC || name === "exif-data" || name.startsWith("exif-ifd") || name === "xmp-data" || name === "iptc-data";

/**
 * `to` with the metadata of `from`. A heavy step builds its result from raw pixels, which carry
 * none; without this an Adobe RGB or Display P3 photo lost its profile (its colours shifted) and
 * its camera and date, whatever the export's metadata mode. `withMetadata` then chooses from
 * these fields as it does for light steps, whose libvips operations copy them along.
 */
export function carryMetadata(from: VipsImage, to: VipsImage): VipsImage {
  const names = fieldNames(from).filter((name) => carried(name) && to.getTypeof(name) === 0);
  if (!names.length) return to;
  const out = to.copy();
  for (const name of names) {
    // exif-ifd* fields are strings libvips parsed from exif-data; the rest are blobs.
    if (name.startsWith("exif-ifd")) out.setString(name, from.getString(name));
    else out.setBlob(name, from.getBlob(name));
  }
  return out;
}

/** The pixels converted from their embedded profile to sRGB, as a screen without colour management needs them. */
export function toSrgb(image: VipsImage): VipsImage {
  if (image.getTypeof(ICC) === 0) return image;
  try {
    return image.iccTransform("srgb", { embedded: true, intent: "perceptual" });
  } catch {
    // A profile that does not fit the pixels (an RGB profile left on a greyscale result): the
    // pixels are already what the steps made of them, so the profile is just dropped.
    return image;
  }
}

export function fieldNames(image: VipsImage): string[] {
  const fields = image.getFields();
  const names: string[] = [];
  for (let i = 0; i < fields.size(); i++) names.push(fields.get(i) ?? "");
  try {
    fields.delete();
  } catch {
    // Where the module frees handles itself (vips-handles.ts), this one is already queued.
  }
  return names;
}
