// The style photos that ship with the app (styles/*.jpg, at most 512 px), for a style-transfer
// step that names one instead of uploading its own. Each is the project's own work or in the
// public domain; where each comes from is in styles/README.md. No Node APIs: the page reads this.

export const SHIPPED_STYLES = {
  dream: "Dream (DeepDream of the coffee photo)",
  cells: "Stained cells (immunohistochemistry)",
  retina: "Retina (fundus photograph)",
  hubble: "Deep field (Hubble)",
} as const;

export type ShippedStyle = keyof typeof SHIPPED_STYLES;
export const SHIPPED_STYLE_NAMES = Object.keys(SHIPPED_STYLES) as [ShippedStyle, ...ShippedStyle[]];

/** The `style` param's value that means "the style file sent with the job". */
export const UPLOADED_STYLE = "upload";

/** A shipped style's file in the model manifest (export.ts writes it; the device and the worker read it). */
export const styleFileName = (style: ShippedStyle) => `style-${style}`;
