// The same class and noise sampled by DDPM with all its steps and by DDIM with fewer: time taken in this browser
// and the classifier's probability for the class asked for.
import type {Denoiser, NoiseSchedule, Scheduler} from "../src/diffusion/index.js";
import {ddimScheduler, ddpmScheduler, sampleToEnd} from "../src/diffusion/index.js";
import type {ImageGeometry} from "../src/models/imageShape.js";
import {seededRandom} from "../src/random.js";
import {imageRow} from "./images.js";

export interface ComparisonOptions {
  denoiser: Denoiser;
  schedule: NoiseSchedule;
  classId: number;
  seed: number;
  judge: (image: Float32Array) => Promise<number[]>;
  /** The model's image shape and class names (imageGeometry of its manifest). */
  geometry: ImageGeometry;
  width: number;
}

const SAMPLERS: [string, (schedule: NoiseSchedule) => Scheduler, number][] = [
  ["DDPM", ddpmScheduler, 1000],
  ["DDIM", ddimScheduler, 50],
  ["DDIM", ddimScheduler, 20],
  ["DDIM", ddimScheduler, 10]
];

export async function samplerComparison({
  denoiser,
  schedule,
  classId,
  seed,
  judge,
  geometry,
  width
}: ComparisonOptions): Promise<HTMLElement> {
  const rows = [];
  for (const [name, make, steps] of SAMPLERS) {
    const scheduler = make(schedule);
    scheduler.setTimesteps(steps);
    const started = performance.now();
    const image = await sampleToEnd(denoiser, scheduler, {
      classes: [classId],
      size: geometry.size,
      noise: seededRandom(seed)
    });
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
