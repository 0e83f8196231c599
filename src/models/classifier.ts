// The Fashion-MNIST classifier as a function: images in, class probabilities out.
import {softmaxRows} from "../linalg/index.js";
import type {ModelSession} from "../runtime/index.js";

/** Probabilities of the 10 classes for each of `count` 28x28 images in [-1, 1] (clipped to it first). */
export async function classify(session: ModelSession, images: Float32Array, count: number): Promise<number[][]> {
  const x = images.map((v) => Math.max(-1, Math.min(1, v)));
  const {logits} = await session.run({x: {type: "float32", data: x, dims: [count, 1, 28, 28]}});
  const scores = logits.data as Float32Array;
  const classes = logits.dims[1];
  return softmaxRows(Array.from({length: count}, (_, i) => [...scores.subarray(i * classes, (i + 1) * classes)]));
}
