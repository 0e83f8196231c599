// Images in a row (wrapped to more where the column is narrow), each with a caption under it: x0, the noise, x_t;
// or one image across timesteps. One channel is drawn in grey, three in colour. Pixels are in [-1, 1] (the models'
// scale) unless told otherwise; values outside are clipped for display.
import type {ImageShape} from "../src/models/imageShape.js";
import {figure, type FigureOptions} from "./figure.js";

export interface LabelledImage {
  pixels: ArrayLike<number>;
  label: string;
  /** The pixels' range; [-1, 1] by default. */
  domain?: [number, number];
}

export interface ImageRowOptions extends FigureOptions {
  /** The largest width of each image on screen, in pixels; its height keeps the image's proportions. */
  size?: number;
  /** How the pixels make an image: the model's or the dataset's shape. */
  shape: ImageShape;
}

/** Screen pixels per image pixel, at the least: below this an image becomes unreadable. */
const SMALLEST_SCALE = 2;

/**
 * The images in a grid that wraps to as many rows as its column needs. Where the column has room for them all, each
 * is `size` wide; where it has not, they wrap and share each row's width, never narrower than SMALLEST_SCALE screen
 * pixels per image pixel (or the column, if that is narrower still). A label wraps within its image's width.
 */
export function imageRow(
  images: LabelledImage[],
  {size: asked = 112, shape, ...options}: ImageRowOptions
): HTMLElement {
  const smallest = SMALLEST_SCALE * shape.width;
  const size = Math.max(asked, smallest);
  const grid = document.createElement("div");
  grid.className = "image-row";
  // as many columns as fit at the smallest size, sharing the width the row is given (at most `size` each)
  grid.style.gridTemplateColumns = `repeat(auto-fit, minmax(min(${smallest}px, 100%), 1fr))`;
  grid.style.maxWidth = `calc(${images.length} * ${size}px + ${images.length - 1} * var(--image-row-gap))`;
  for (const {pixels, label, domain = [-1, 1] as [number, number]} of images) {
    // a canvas of the image's own pixels, scaled by CSS: no PNG to encode and decode, so a run can redraw it often
    const canvas = document.createElement("canvas");
    canvas.width = shape.width;
    canvas.height = shape.height;
    paint(canvas, pixels, shape, domain);
    const text = document.createElement("span");
    text.textContent = label;
    const tile = document.createElement("div");
    tile.append(canvas, text);
    grid.append(tile);
  }
  return figure(grid, {...options, summary: options.summary ?? summarise(images)});
}

/**
 * Draws new pixels, labels and caption into a row that imageRow made with as many images: a run's frames reuse its
 * canvases instead of building a figure per frame, so the page lays out nothing new while it runs.
 */
export function redrawImageRow(
  row: HTMLElement,
  images: LabelledImage[],
  {shape, caption}: {shape: ImageShape; caption?: string}
): void {
  const tiles = row.querySelectorAll(".image-row > div");
  if (tiles.length !== images.length)
    throw new RangeError(`a row of ${tiles.length} images cannot show ${images.length}`);
  images.forEach(({pixels, label, domain = [-1, 1]}, i) => {
    paint(tiles[i].querySelector("canvas")!, pixels, shape, domain);
    tiles[i].querySelector("span")!.textContent = label;
  });
  row.querySelector(".image-row")!.setAttribute("aria-label", summarise(images));
  const text = row.querySelector("figcaption");
  if (text && caption !== undefined) text.textContent = caption;
}

const summarise = (images: LabelledImage[]) => `${images.length} images: ${images.map((i) => i.label).join(", ")}.`;

function paint(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, shape: ImageShape, domain: [number, number]) {
  const context = canvas.getContext("2d")!;
  const data = context.createImageData(shape.width, shape.height);
  data.data.set(rgba(pixels, shape, domain));
  context.putImageData(data, 0, 0);
}

/** The pixels as a canvas wants them, [height, width, RGBA] bytes: grey from one channel, colour from three. */
export function rgba(
  pixels: ArrayLike<number>,
  {channels, height, width, size}: ImageShape,
  [lo, hi]: [number, number]
): Uint8ClampedArray {
  if (channels !== 1 && channels !== 3)
    throw new RangeError(`an image of ${channels} channels cannot be drawn: one (grey) or three (colour)`);
  if (pixels.length !== size)
    throw new RangeError(`${pixels.length} values do not make a ${channels}x${height}x${width} image`);
  const plane = height * width;
  const out = new Uint8ClampedArray(4 * plane);
  for (let i = 0; i < plane; i++) {
    for (let k = 0; k < 3; k++) {
      const v = pixels[(channels === 1 ? 0 : k) * plane + i];
      out[4 * i + k] = Math.round((255 * (Math.min(hi, Math.max(lo, v)) - lo)) / (hi - lo));
    }
    out[4 * i + 3] = 255;
  }
  return out;
}
