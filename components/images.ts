// Greyscale images in a row, each with a caption under it: x0, the noise, x_t; or one image across timesteps.
// Pixels are in [-1, 1] (the models' scale) unless told otherwise; values outside are clipped for display.
import {figure, type FigureOptions} from "./figure.js";

export interface LabelledImage {
  pixels: ArrayLike<number>;
  label: string;
  /** The pixels' range; [-1, 1] by default. */
  domain?: [number, number];
}

export interface ImageRowOptions extends FigureOptions {
  /** The side of each image on screen, in pixels. */
  size?: number;
  /** The side of the square images, in pixels of the data. */
  side?: number;
}

const SVG = "http://www.w3.org/2000/svg";

export function imageRow(images: LabelledImage[], {size: asked = 112, side = 28, ...options}: ImageRowOptions = {}): HTMLElement {
  const size = Math.max(asked, 28); // a page may ask before its layout has a width
  const gap = 8;
  const labelHeight = 18;
  const width = images.length * (size + gap) - gap;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", String(width));
  svg.setAttribute("height", String(size + labelHeight));
  svg.setAttribute("viewBox", `0 0 ${width} ${size + labelHeight}`);
  images.forEach(({pixels, label, domain = [-1, 1]}, i) => {
    const image = document.createElementNS(SVG, "image");
    image.setAttribute("href", toDataUrl(pixels, side, domain));
    image.setAttribute("x", String(i * (size + gap)));
    image.setAttribute("width", String(size));
    image.setAttribute("height", String(size));
    image.setAttribute("style", "image-rendering: pixelated");
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", String(i * (size + gap) + size / 2));
    text.setAttribute("y", String(size + 14));
    text.setAttribute("text-anchor", "middle");
    text.setAttribute("fill", "currentColor");
    text.setAttribute("font-size", "12");
    text.textContent = label;
    svg.append(image, text);
  });
  return figure(svg, {...options, summary: options.summary ?? `${images.length} images: ${images.map((i) => i.label).join(", ")}.`});
}

/** A side x side greyscale PNG of the pixels, black at domain[0] and white at domain[1]. */
export function toDataUrl(pixels: ArrayLike<number>, side: number, [lo, hi]: [number, number]): string {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = side;
  const context = canvas.getContext("2d")!;
  const data = context.createImageData(side, side);
  for (let i = 0; i < side * side; i++) {
    const v = Math.round((255 * (Math.min(hi, Math.max(lo, pixels[i])) - lo)) / (hi - lo));
    data.data.set([v, v, v, 255], 4 * i);
  }
  context.putImageData(data, 0, 0);
  return canvas.toDataURL();
}
