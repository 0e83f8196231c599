// Plain replacement against RePaint's resampling, on the same image, mask, class and seed.
import type {Denoiser, NoiseSchedule} from "../src/diffusion/index.js";
import {ddimScheduler, inpaint} from "../src/diffusion/index.js";
import {seededRandom} from "../src/random.js";
import {imageRow} from "./images.js";

export interface InpaintingOptions {
  denoiser: Denoiser;
  schedule: NoiseSchedule;
  image: Float32Array;
  mask: Float32Array;
  classId: number;
  resample: number;
  steps: number;
  seed: number;
  compose?: (known: number, unknown: number, m: number) => number;
  width: number;
}

export async function inpaintingComparison({denoiser, schedule, image, mask, classId, resample, steps, seed, compose, width}: InpaintingOptions): Promise<HTMLElement> {
  const results: Float32Array[] = [];
  for (const times of [1, resample]) {
    const scheduler = ddimScheduler(schedule);
    scheduler.setTimesteps(steps);
    let last!: Float32Array;
    for await (const step of inpaint(denoiser, scheduler, {image, mask, classLabel: classId, resample: times, rng: seededRandom(seed), compose})) last = step.x;
    results.push(last);
  }
  const kept = results.map((r) => r.reduce((m, v, i) => (mask[i] === 1 ? Math.max(m, Math.abs(v - image[i])) : m), 0));
  const masked = image.map((v, i) => (mask[i] === 1 ? v : 0));
  return imageRow(
    [
      {pixels: image, label: "original"},
      {pixels: masked, label: "what the model keeps"},
      {pixels: results[0], label: "replacement only"},
      {pixels: results[1], label: `RePaint, ${resample}× resampled`}
    ],
    {
      size: Math.min(150, (width - 24) / 4),
      caption: `DDIM, ${steps} steps. Largest change to a known pixel: ${kept[0].toExponential(1)} (replacement), ${kept[1].toExponential(1)} (RePaint).`
    }
  );
}
