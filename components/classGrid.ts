// One sample of every class the model knows, in one batch, drawn as a grid: what the lesson's "Sample every class"
// runs as a task panel's run.
import type {Denoiser, NoiseSchedule} from "../src/diffusion/index.js";
import {ddimScheduler, sample} from "../src/diffusion/index.js";
import type {ImageGeometry} from "../src/models/imageShape.js";
import {seededRandom} from "../src/random.js";
import {imageRow} from "./images.js";
import type {TaskContext} from "./taskPanel.js";

export interface ClassGridOptions {
  denoiser: Denoiser;
  schedule: NoiseSchedule;
  /** DDIM steps; each is one model call on every class at once. */
  steps: number;
  seed: number;
  /** The model's image shape and class names (imageGeometry of its manifest). */
  geometry: ImageGeometry;
  caption: string;
}

export async function classGrid(
  {denoiser, schedule, steps, seed, geometry, caption}: ClassGridOptions,
  {signal, step, width}: TaskContext
): Promise<HTMLElement> {
  const scheduler = ddimScheduler(schedule);
  scheduler.setTimesteps(steps);
  const {size, classNames} = geometry;
  const classes = classNames.map((_, i) => i);
  let images: Float32Array = new Float32Array(classes.length * size);
  for await (const {index, x} of sample(denoiser, scheduler, {classes, size, noise: seededRandom(seed), signal})) {
    images = x;
    step(index + 1);
  }
  return imageRow(
    classes.map((c) => ({pixels: images.subarray(c * size, (c + 1) * size), label: classNames[c]})),
    {size: Math.min(84, (width - 8 * (classes.length - 1)) / classes.length), shape: geometry, caption}
  );
}
