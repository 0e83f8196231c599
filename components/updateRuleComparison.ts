// The reader's update rule against the library's DDIM, on the same model, class and starting noise.
import type {Denoiser, NoiseSchedule, UpdateRule} from "../src/diffusion/index.js";
import {customScheduler, ddimScheduler, sampleToEnd} from "../src/diffusion/index.js";
import {maxAbsDifference} from "../src/linalg/index.js";
import type {ImageShape} from "../src/models/imageShape.js";
import {seededRandom} from "../src/random.js";
import {imageRow} from "./images.js";

export interface UpdateRuleOptions {
  denoiser: Denoiser;
  schedule: NoiseSchedule;
  update: UpdateRule;
  classId: number;
  seed: number;
  steps: number;
  /** The model's image shape (imageGeometry of its manifest). */
  shape: ImageShape;
  width: number;
}

export async function updateRuleComparison({
  denoiser,
  schedule,
  update,
  classId,
  seed,
  steps,
  shape,
  width
}: UpdateRuleOptions): Promise<HTMLElement> {
  const [yours, library] = await Promise.all(
    [customScheduler(schedule, update), ddimScheduler(schedule)].map((scheduler) => {
      scheduler.setTimesteps(steps);
      return sampleToEnd(denoiser, scheduler, {classes: [classId], size: shape.size, noise: seededRandom(seed)});
    })
  );
  return imageRow(
    [
      {pixels: yours, label: "your rule"},
      {pixels: library, label: "library DDIM"}
    ],
    {
      size: Math.min(150, (width - 16) / 2),
      shape,
      caption: `Largest pixel difference: ${maxAbsDifference(yours, library).toExponential(1)}.`
    }
  );
}
