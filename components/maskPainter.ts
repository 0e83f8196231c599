// Paint which pixels of a 28x28 image the model must fill in: drag with a mouse, a finger or a pen (pointer
// events), or pick a preset with the keyboard. The value is the mask: 1 where a pixel is known, 0 where it is not.
const SIDE = 28;
const PRESETS: Record<string, (row: number, col: number) => boolean> = {
  "Right half": (_, c) => c >= 14,
  "Bottom half": (r) => r >= 14,
  "Centre square": (r, c) => r >= 8 && r < 20 && c >= 8 && c < 20,
  "Every other row": (r) => r % 2 === 1,
  "Nothing": () => false
};

export function maskPainter({image, scale = 8, preset = "Right half"}: {image: Float32Array; scale?: number; preset?: keyof typeof PRESETS}) {
  const form = document.createElement("form") as HTMLFormElement & {value: Float32Array};
  form.className = "mask-painter";
  form.addEventListener("submit", (event) => event.preventDefault());
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = SIDE * scale;
  canvas.setAttribute("role", "img");
  canvas.style.touchAction = "none"; // a finger paints instead of scrolling the page
  const buttons = document.createElement("div");
  buttons.className = "mask-presets";
  const context = canvas.getContext("2d")!;
  const mask = new Float32Array(SIDE * SIDE).fill(1);

  function apply(name: string) {
    mask.forEach((_, i) => (mask[i] = PRESETS[name](Math.floor(i / SIDE), i % SIDE) ? 0 : 1));
  }
  function draw() {
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round(((image[i] + 1) / 2) * 255);
      context.fillStyle = mask[i] ? `rgb(${v},${v},${v})` : `rgb(${Math.round(v / 3)},${Math.round(v / 3) + 40},${Math.round(v / 3) + 140})`;
      context.fillRect((i % SIDE) * scale, Math.floor(i / SIDE) * scale, scale, scale);
    }
    const unknown = mask.reduce((n, m) => n + (m ? 0 : 1), 0);
    canvas.setAttribute("aria-label", `The test image with ${unknown} of ${SIDE * SIDE} pixels marked unknown (tinted blue).`);
  }
  function changed() {
    form.value = Float32Array.from(mask);
    draw();
    form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  let painting = false;
  const paint = (event: PointerEvent) => {
    const box = canvas.getBoundingClientRect();
    const col = Math.floor(((event.clientX - box.left) / box.width) * SIDE);
    const row = Math.floor(((event.clientY - box.top) / box.height) * SIDE);
    for (let r = row - 1; r <= row + 1; r++) for (let c = col - 1; c <= col + 1; c++) if (r >= 0 && r < SIDE && c >= 0 && c < SIDE) mask[r * SIDE + c] = 0;
    draw();
  };
  canvas.addEventListener("pointerdown", (event) => ((painting = true), canvas.setPointerCapture(event.pointerId), paint(event)));
  canvas.addEventListener("pointermove", (event) => painting && paint(event));
  canvas.addEventListener("pointerup", () => ((painting = false), changed()));

  for (const name of Object.keys(PRESETS)) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name === "Nothing" ? "Clear the mask" : name;
    button.addEventListener("click", () => (apply(name), changed()));
    buttons.append(button);
  }
  apply(preset);
  form.value = Float32Array.from(mask);
  draw();
  form.append(canvas, buttons);
  return form;
}
