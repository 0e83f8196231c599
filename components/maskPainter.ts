// Paint which pixels of an image the model must fill in: drag with a mouse, a finger or a pen (pointer events), or
// pick a preset with the keyboard. The value is the mask, as long as the image: 1 where a pixel is known, 0 where it
// is not, the same in every channel of a pixel.
import type {ImageShape} from "../src/models/imageShape.js";
import {rgba} from "./images.js";

/** Which pixels each preset leaves unknown, on an image of any height and width. */
const PRESETS = {
  "Right half": (_: number, c: number, {width}: ImageShape) => c >= width / 2,
  "Bottom half": (r: number, _: number, {height}: ImageShape) => r >= height / 2,
  "Centre square": (r: number, c: number, {height, width}: ImageShape) =>
    r >= (2 * height) / 7 && r < (5 * height) / 7 && c >= (2 * width) / 7 && c < (5 * width) / 7,
  "Every other row": (r: number) => r % 2 === 1,
  Nothing: () => false
};

export type MaskPreset = keyof typeof PRESETS;

/** The mask a preset paints on an image of this shape. */
export function maskPreset(name: MaskPreset, shape: ImageShape): Float32Array {
  const mask = new Float32Array(shape.size);
  const plane = shape.height * shape.width;
  for (let i = 0; i < shape.size; i++)
    mask[i] = PRESETS[name](Math.floor((i % plane) / shape.width), i % shape.width, shape) ? 0 : 1;
  return mask;
}

export function maskPainter({
  image,
  shape,
  scale = 8,
  preset = "Right half"
}: {
  image: Float32Array;
  shape: ImageShape;
  scale?: number;
  preset?: MaskPreset;
}) {
  const {height, width, size} = shape;
  const plane = height * width;
  if (image.length !== size) throw new RangeError(`the image has ${image.length} values; its shape needs ${size}`);
  const form = document.createElement("form") as HTMLFormElement & {value: Float32Array};
  form.className = "mask-painter";
  form.addEventListener("submit", (event) => event.preventDefault());
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  canvas.setAttribute("role", "img");
  canvas.style.touchAction = "none"; // a finger paints instead of scrolling the page
  const buttons = document.createElement("div");
  buttons.className = "mask-presets";
  const context = canvas.getContext("2d")!;
  const colours = rgba(image, shape, [-1, 1]);
  let mask = maskPreset(preset, shape);

  function draw() {
    for (let i = 0; i < plane; i++) {
      const [r, g, b] = colours.subarray(4 * i, 4 * i + 3);
      context.fillStyle = mask[i]
        ? `rgb(${r},${g},${b})`
        : `rgb(${Math.round(r / 3)},${Math.round(g / 3) + 40},${Math.round(b / 3) + 140})`;
      context.fillRect((i % width) * scale, Math.floor(i / width) * scale, scale, scale);
    }
    const unknown = mask.subarray(0, plane).reduce((n, m) => n + (m ? 0 : 1), 0);
    canvas.setAttribute(
      "aria-label",
      `The test image with ${unknown} of ${plane} pixels marked unknown (tinted blue).`
    );
  }
  function changed() {
    form.value = Float32Array.from(mask);
    draw();
    form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  let painting = false;
  const paint = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * width);
    const row = Math.floor(((event.clientY - box.top) / box.height) * height);
    for (let r = row - 1; r <= row + 1; r++) {
      for (let c = col - 1; c <= col + 1; c++) {
        if (r >= 0 && r < height && c >= 0 && c < width) for (let k = r * width + c; k < size; k += plane) mask[k] = 0;
      }
    }
    draw();
  };
  canvas.addEventListener(
    "pointerdown",
    (event) => ((painting = true), canvas.setPointerCapture(event.pointerId), paint(event))
  );
  canvas.addEventListener("pointermove", (event) => painting && paint(event));
  canvas.addEventListener("pointerup", () => ((painting = false), changed()));

  for (const name of Object.keys(PRESETS) as MaskPreset[]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name === "Nothing" ? "Clear the mask" : name;
    button.addEventListener("click", () => ((mask = maskPreset(name, shape)), changed()));
    buttons.append(button);
  }
  form.value = Float32Array.from(mask);
  draw();
  form.append(canvas, buttons);
  return form;
}
