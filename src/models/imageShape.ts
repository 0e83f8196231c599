// An image model's geometry, read from the manifest training/export_images.py writes, so that nothing else in the
// course types 28, 784 or 10: the image input's shape ["batch", channels, height, width], the class names
// (data.classes), how many classes there are (conditioning.classes for the UNet, the logits' width for the
// classifier) and the id that means "no class" to a conditional model (conditioning.nullClass).

/** Where an image's values lie in a flat array: one plane per channel, each row by row. */
export interface ImageShape {
  channels: number;
  height: number;
  width: number;
  /** Values per image, channels × height × width: the stride from one image of a batch to the next. */
  size: number;
}

export interface ImageGeometry extends ImageShape {
  classCount: number;
  /** Names of the classes 0 .. classCount - 1. */
  classNames: string[];
  /** The class id a conditional model takes for "no class"; null for a model without one. */
  nullClass: number | null;
}

type Dimension = number | string;

/** The parts of an image model's manifest the geometry is read from. */
export interface ImageModelManifest {
  inputs: {name: string; shape: Dimension[]}[];
  outputs: {name: string; shape: Dimension[]}[];
  data: {classes: string[]};
  conditioning?: {classes: number; nullClass: number};
}

/** The shape of one image from its dimensions: [channels, height, width], or [height, width] for one channel. */
export function imageShape(dims: readonly number[]): ImageShape {
  const [channels, height, width] = dims.length === 2 ? [1, ...dims] : dims;
  if (dims.length < 2 || dims.length > 3 || ![channels, height, width].every((d) => Number.isInteger(d) && d > 0)) {
    throw new RangeError(
      `an image is [channels, height, width] or [height, width] of positive whole numbers, not [${dims.join(", ")}]`
    );
  }
  return {channels, height, width, size: channels * height * width};
}

export function imageGeometry({inputs, outputs, data, conditioning}: ImageModelManifest): ImageGeometry {
  // the image is the one input of four dimensions, the first of them the batch
  const images = inputs.filter((input) => input.shape.length === 4);
  if (images.length !== 1)
    throw new RangeError(
      `an image model has one input [batch, channels, height, width]; this one has ${images.length}`
    );
  const shape = imageShape(images[0].shape.slice(1) as number[]);
  // a classifier says how many classes it tells apart in its logits [batch, classes]
  const logits = outputs.find((output) => output.shape.length === 2);
  const classCount =
    conditioning?.classes ?? (typeof logits?.shape[1] === "number" ? logits.shape[1] : data.classes.length);
  if (classCount !== data.classes.length)
    throw new RangeError(`the model has ${classCount} classes and its manifest names ${data.classes.length}`);
  return {...shape, classCount, classNames: data.classes, nullClass: conditioning?.nullClass ?? null};
}
