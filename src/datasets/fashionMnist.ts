// The test images the course ships (data/datasets/fashion-mnist-test.*): uint8 pixels, then labels. The image shape
// is the layout's, [count, height, width] for one channel or [count, channels, height, width], so other image data
// written the same way reads the same.
import {imageShape, type ImageShape} from "../models/imageShape.js";

export interface FashionMnistManifest {
  count: number;
  classes: string[];
  layout: {images: {shape: number[]; offset: number}; labels: {offset: number}};
}

export interface FashionMnist {
  count: number;
  classes: string[];
  labels: Uint8Array;
  shape: ImageShape;
  /** The image's shape.size values, 0..255, one channel after another, each row by row. */
  pixels(index: number): Uint8Array;
  /** The image as the models take it: [channels, height, width] floats in [-1, 1]. */
  modelInput(index: number): Float32Array;
}

export function fashionMnist(bytes: Uint8Array, manifest: FashionMnistManifest): FashionMnist {
  const [count, ...dims] = manifest.layout.images.shape;
  const shape = imageShape(dims);
  const {size} = shape;
  if (bytes.length < manifest.layout.labels.offset + count) {
    throw new RangeError(
      `the image file has ${bytes.length} bytes; its manifest describes ${manifest.layout.labels.offset + count}`
    );
  }
  const pixels = (index: number) => {
    if (!Number.isInteger(index) || index < 0 || index >= count)
      throw new RangeError(`image ${index} is not one of 0..${count - 1}`);
    return bytes.subarray(
      manifest.layout.images.offset + index * size,
      manifest.layout.images.offset + (index + 1) * size
    );
  };
  return {
    count,
    classes: manifest.classes,
    labels: bytes.subarray(manifest.layout.labels.offset, manifest.layout.labels.offset + count),
    shape,
    pixels,
    modelInput: (index) => Float32Array.from(pixels(index), (p) => p / 127.5 - 1)
  };
}
