// Inpainting in the manner of RePaint (Lugmayr et al. 2022): sample as usual, but after every step put back the
// known pixels, noised to the level the sample has reached, so the model only ever fills in the unknown ones:
//   x_t-1 = m ⊙ x_t-1^known + (1 - m) ⊙ x_t-1^unknown,   x_t-1^known ~ q(x_t-1 | x0)   (eq. 8)
// Replacing alone leaves seams: the unknown region never hears about the known one until it is too late. RePaint
// resamples (its Algorithm 1): after a step it noises the result back up with the forward process, q(x_t | x_t-1),
// and denoises again, `resample` (U) times in all, so the two regions can agree. With a sampler that skips timesteps
// (DDIM's 25 steps) a step goes from t to t' and the known region is noised to t', the back-up is q(x_t | x_t').
import {normalArray, type Rng} from "../random.js";
import {addNoise, forwardStep} from "./forward.js";
import type {Denoiser} from "./guidance.js";
import type {SampleStep} from "./sample.js";
import type {Scheduler} from "./scheduler.js";

export interface InpaintOptions {
  /** The image to complete, in [-1, 1]. */
  image: Float32Array;
  /** 1 where the pixel is known (kept), 0 where the model must fill it in. */
  mask: Float32Array;
  classLabel: number;
  /** How many times each step is redone; 1 is plain replacement. */
  resample?: number;
  rng: Rng;
  signal?: AbortSignal;
  /** How a known and an unknown pixel combine under mask value m; eq. (8)'s m·known + (1 - m)·unknown by default. */
  compose?: (known: number, unknown: number, m: number) => number;
}

/** The RePaint composition: the known pixel where the mask is 1, the generated one where it is 0. */
export const maskBlend = (known: number, unknown: number, m: number) => m * known + (1 - m) * unknown;

export async function* inpaint(
  denoiser: Denoiser,
  scheduler: Scheduler,
  {image, mask, classLabel, resample = 1, rng, signal, compose: blend = maskBlend}: InpaintOptions
): AsyncGenerator<SampleStep> {
  if (mask.length !== image.length)
    throw new RangeError(`the mask has ${mask.length} pixels and the image ${image.length}`);
  if (!Number.isInteger(resample) || resample < 1)
    throw new RangeError(`resample must be a whole number of at least 1, not ${resample}`);
  const {schedule, timesteps} = scheduler;
  if (timesteps.length === 0) throw new Error("call setTimesteps(n) on the scheduler before inpainting");
  const compose = (known: Float32Array, unknown: Float32Array) => unknown.map((u, i) => blend(known[i], u, mask[i]));
  let x = normalArray(image.length, rng);
  for (const [index, t] of timesteps.entries()) {
    const previous = index + 1 < timesteps.length ? timesteps[index + 1] : -1;
    let step!: {prevSample: Float32Array; predOriginalSample: Float32Array};
    for (let r = 0; r < resample; r++) {
      signal?.throwIfAborted();
      const eps = await denoiser(x, [t], [classLabel]);
      step = scheduler.step(eps, t, x, rng);
      // the known region at the new noise level; at the very end, the known pixels themselves
      const known = previous >= 0 ? addNoise(image, normalArray(image.length, rng), previous, schedule) : image;
      step.prevSample = compose(known, step.prevSample);
      if (r + 1 < resample && previous >= 0) {
        // back up to t: noise the composed sample forward over the steps it just came down
        let back = step.prevSample;
        for (let s = previous + 1; s <= t; s++) back = forwardStep(back, normalArray(image.length, rng), s, schedule);
        x = back;
      }
    }
    x = step.prevSample;
    yield {index, t, x, x0: step.predOriginalSample};
  }
}
