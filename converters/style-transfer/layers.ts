/**
 * The trunk's layers a style or content loss may read, by the names the params use: the stem's
 * activations after its 1st, 3rd and 5th convolutions (32, 64 and 192 channels: colours and fine
 * texture), then the mixed blocks that DeepDream reads (shapes). nsfwjs retrained the rest.
 */
export const STYLE_TRANSFER_LAYERS = {
  stem1: "activation_1",
  stem3: "activation_3",
  stem5: "activation_5",
  mixed0: "mixed0",
  mixed1: "mixed1",
  mixed2: "mixed2",
  mixed3: "mixed3",
  mixed4: "mixed4",
  mixed5: "mixed5",
} as const;

export type StyleTransferLayer = keyof typeof STYLE_TRANSFER_LAYERS;
export const LAYER_NAMES = Object.keys(STYLE_TRANSFER_LAYERS) as [StyleTransferLayer, ...StyleTransferLayer[]];
