// The image classifier as a function: images in, class probabilities out.
import {softmaxRows} from "../linalg/index.js";
import type {ModelSession} from "../runtime/index.js";
import type {ImageShape} from "./imageShape.js";

/** Probabilities of each class for every image in `images`, a batch of the model's shape in [-1, 1] (clipped to it first). */
export async function classify(
  session: ModelSession,
  {channels, height, width, size}: ImageShape,
  images: Float32Array
): Promise<number[][]> {
  const count = images.length / size;
  if (!Number.isInteger(count))
    throw new RangeError(`${images.length} values are not a whole number of images of ${size}`);
  const x = images.map((v) => Math.max(-1, Math.min(1, v)));
  const {logits} = await session.run({x: {type: "float32", data: x, dims: [count, channels, height, width]}});
  const scores = logits.data as Float32Array;
  const classes = logits.dims[1];
  return softmaxRows(Array.from({length: count}, (_, i) => [...scores.subarray(i * classes, (i + 1) * classes)]));
}
