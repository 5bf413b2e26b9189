/** InceptionV3's mixed blocks with ImageNet weights (nsfwjs retrained the ones after mixed5). */
export const DREAM_LAYERS = ["mixed0", "mixed1", "mixed2", "mixed3", "mixed4", "mixed5"] as const;
export type DreamLayer = (typeof DREAM_LAYERS)[number];
