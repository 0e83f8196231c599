// The sampling loop: start from pure noise x_T and step down to an image, reporting every step so a page can
// animate x_t and the predicted x̂0 side by side.
import type {Denoiser} from "./guidance.js";
import {drawNoise, type NoiseSource, type Scheduler} from "./scheduler.js";

export interface SampleStep {
  /** Index of the step, 0 for the first (noisiest). */
  index: number;
  t: number;
  /** The sample after this step. */
  x: Float32Array;
  /** The clean image this step predicted. */
  x0: Float32Array;
}

export interface SampleOptions {
  /** One class per image; the batch size is their number. */
  classes: number[];
  /** Values per image, channels × height × width: the `size` of the model's imageGeometry. */
  size: number;
  /** The starting noise x_T; drawn from `noise` when absent. */
  start?: Float32Array;
  /** Fresh noise for the steps (and x_T when not given). */
  noise: NoiseSource;
  signal?: AbortSignal;
}

export async function* sample(
  denoiser: Denoiser,
  scheduler: Scheduler,
  {classes, size, start, noise, signal}: SampleOptions
): AsyncGenerator<SampleStep> {
  if (scheduler.timesteps.length === 0) throw new Error("call setTimesteps(n) on the scheduler before sampling");
  const total = classes.length * size;
  let x = start ?? drawNoise(noise, total);
  if (x.length !== total)
    throw new RangeError(`the start has ${x.length} values; ${classes.length} images of ${size} need ${total}`);
  for (const [index, t] of scheduler.timesteps.entries()) {
    signal?.throwIfAborted();
    const eps = await denoiser(
      x,
      classes.map(() => t),
      classes
    );
    const {prevSample, predOriginalSample} = scheduler.step(eps, t, x, noise);
    x = prevSample;
    yield {index, t, x, x0: predOriginalSample};
  }
}

/** Runs the loop to the end and returns the final images. */
export async function sampleToEnd(
  denoiser: Denoiser,
  scheduler: Scheduler,
  options: SampleOptions
): Promise<Float32Array> {
  let last: Float32Array | undefined;
  for await (const step of sample(denoiser, scheduler, options)) last = step.x;
  return last!;
}
