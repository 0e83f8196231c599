// Paint which pixels of an image the model must fill in: drag with a mouse, a finger or a pen (pointer events), with
// the brush (mark unknown) or the eraser (mark known again), or pick a preset with the keyboard; undo a stroke or a
// preset with the Undo button or Ctrl+Z. The value is the mask, as long as the image: 1 where a pixel is known, 0
// where it is not, the same in every channel of a pixel. The mask is a region, not part of the picture: setting
// `image` shows another picture under the same mask.
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

/**
 * The mask after one dab of a 3×3 brush centred on (row, col), in every channel: `value` 0 marks the pixels unknown
 * (the brush), 1 known again (the eraser). The brush's edge may hang over the image's.
 */
export function dab(mask: Float32Array, shape: ImageShape, row: number, col: number, value: 0 | 1): Float32Array {
  const {height, width, size} = shape;
  const plane = height * width;
  const next = Float32Array.from(mask);
  for (let r = Math.max(0, row - 1); r <= Math.min(height - 1, row + 1); r++) {
    for (let c = Math.max(0, col - 1); c <= Math.min(width - 1, col + 1); c++) {
      for (let k = r * width + c; k < size; k += plane) next[k] = value;
    }
  }
  return next;
}

export interface MaskPainter extends HTMLFormElement {
  value: Float32Array;
  /** The picture under the mask; setting it redraws the picture and keeps the mask. */
  image: Float32Array;
}

export function maskPainter({
  image: firstImage,
  shape,
  scale = 8,
  preset = "Right half"
}: {
  image: Float32Array;
  shape: ImageShape;
  scale?: number;
  preset?: MaskPreset;
}): MaskPainter {
  const {height, width, size} = shape;
  const plane = height * width;
  const form = document.createElement("form") as MaskPainter;
  form.className = "mask-painter";
  form.addEventListener("submit", (event) => event.preventDefault());
  const canvas = document.createElement("canvas");
  canvas.width = width * scale;
  canvas.height = height * scale;
  canvas.setAttribute("role", "img");
  canvas.tabIndex = 0; // a click focuses the painter, so Ctrl+Z undoes the stroke just painted
  canvas.style.touchAction = "none"; // a finger paints instead of scrolling the page
  const controls = document.createElement("div");
  controls.className = "mask-controls";
  controls.innerHTML = `<fieldset class="mask-tool"><legend>Paint with</legend>
      <label><input type="radio" name="tool" value="0" checked> brush: unknown</label>
      <label><input type="radio" name="tool" value="1"> eraser: known</label>
    </fieldset>`;
  const undoButton = document.createElement("button");
  undoButton.type = "button";
  undoButton.textContent = "Undo";
  undoButton.setAttribute("aria-keyshortcuts", "Control+Z");
  controls.append(undoButton);
  const context = canvas.getContext("2d")!;
  let colours: Uint8ClampedArray;
  let mask = maskPreset(preset, shape);
  // the masks before each stroke or preset, the latest last
  const history: Float32Array[] = [];

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
    undoButton.disabled = history.length === 0;
    undoButton.title = undoButton.disabled ? "Nothing to undo yet" : "Undo the last stroke or preset (Ctrl+Z)";
  }
  function changed() {
    form.value = Float32Array.from(mask);
    draw();
    form.dispatchEvent(new Event("input", {bubbles: true}));
  }
  function edit(next: Float32Array) {
    history.push(mask);
    mask = next;
    changed();
  }
  function undo() {
    const previous = history.pop();
    if (!previous) return;
    mask = previous;
    changed();
  }

  let stroke: Float32Array | null = null; // the mask before the stroke being painted
  const tool = () => Number(controls.querySelector<HTMLInputElement>("input[name=tool]:checked")!.value) as 0 | 1;
  const paint = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * width);
    const row = Math.floor(((event.clientY - box.top) / box.height) * height);
    mask = dab(mask, shape, row, col, tool());
    draw();
  };
  const endStroke = () => {
    if (!stroke) return;
    const before = stroke;
    stroke = null;
    if (before.every((m, i) => m === mask[i])) return;
    history.push(before);
    changed();
  };
  canvas.addEventListener("pointerdown", (event) => {
    canvas.focus();
    canvas.setPointerCapture(event.pointerId);
    stroke = mask;
    paint(event);
  });
  canvas.addEventListener("pointermove", (event) => stroke && paint(event));
  canvas.addEventListener("pointerup", endStroke);
  canvas.addEventListener("pointercancel", endStroke);
  undoButton.addEventListener("click", undo);
  form.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === "z") {
      event.preventDefault();
      undo();
    }
  });

  const buttons = document.createElement("div");
  buttons.className = "mask-presets";
  for (const name of Object.keys(PRESETS) as MaskPreset[]) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name === "Nothing" ? "Clear the mask" : name;
    button.addEventListener("click", () => edit(maskPreset(name, shape)));
    buttons.append(button);
  }
  let image: Float32Array;
  Object.defineProperty(form, "image", {
    get: () => image,
    set(next: Float32Array) {
      if (next.length !== size) throw new RangeError(`the image has ${next.length} values; its shape needs ${size}`);
      image = next;
      colours = rgba(image, shape, [-1, 1]);
      draw();
    }
  });
  form.image = firstImage;
  form.value = Float32Array.from(mask);
  controls.append(buttons);
  form.append(canvas, controls);
  return form;
}
