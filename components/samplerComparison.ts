// The same class and noise sampled by DDPM with all its steps and by DDIM with fewer: time taken in this browser
// and the classifier's probability for the class asked for.
import type {Denoiser, NoiseSchedule, Scheduler} from "../src/diffusion/index.js";
import {ddimScheduler, ddpmScheduler, sample} from "../src/diffusion/index.js";
import type {ImageGeometry} from "../src/models/imageShape.js";
import {seededRandom} from "../src/random.js";
import {imageRow} from "./images.js";
import type {TaskContext} from "./taskPanel.js";

export interface ComparisonOptions {
  denoiser: Denoiser;
  schedule: NoiseSchedule;
  classId: number;
  seed: number;
  judge: (image: Float32Array) => Promise<number[]>;
  /** The model's image shape and class names (imageGeometry of its manifest). */
  geometry: ImageGeometry;
}

const SAMPLERS: [string, (schedule: NoiseSchedule) => Scheduler, number][] = [
  ["DDPM", ddpmScheduler, 1000],
  ["DDIM", ddimScheduler, 50],
  ["DDIM", ddimScheduler, 20],
  ["DDIM", ddimScheduler, 10]
];

/** Model calls the comparison makes: one per step of each sampler. */
export const comparisonCalls = SAMPLERS.reduce((sum, [, , steps]) => sum + steps, 0);

/** Runs as a task panel's run: `step` hears of every model call, `signal` stops it. */
export async function samplerComparison(
  {denoiser, schedule, classId, seed, judge, geometry}: ComparisonOptions,
  {signal, step, width}: TaskContext
): Promise<HTMLElement> {
  const rows = [];
  let calls = 0;
  for (const [name, make, steps] of SAMPLERS) {
    const scheduler = make(schedule);
    scheduler.setTimesteps(steps);
    const started = performance.now();
    let image: Float32Array = new Float32Array(geometry.size);
    for await (const {x} of sample(denoiser, scheduler, {
      classes: [classId],
      size: geometry.size,
      noise: seededRandom(seed),
      signal
    })) {
      image = x;
      step(++calls);
    }
    const seconds = (performance.now() - started) / 1000;
    const probability = (await judge(image))[classId];
    rows.push({pixels: image, label: `${name} ${steps}: ${seconds.toFixed(1)} s, ${(100 * probability).toFixed(0)}%`});
  }
  return imageRow(rows, {
    size: Math.min(150, (width - 24) / 4),
    shape: geometry,
    caption: `Class ${geometry.classNames[classId]}, seed ${seed}: each sampler's time in this browser and the classifier's probability for the class asked for.`
  });
}
