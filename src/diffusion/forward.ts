// The forward process: how an image x0 becomes noise.
//   one step (Ho et al. 2020, eq. 2):     q(x_t | x_t-1) = N(sqrt(1 - β_t) x_t-1, β_t I)
//   closed form (eq. 4):                  q(x_t | x0)    = N(sqrt(ᾱ_t) x0, (1 - ᾱ_t) I)
// The closed form is what training and the samplers use; the chain is what it summarises.
import {normalArray, type Rng} from "../random.js";
import type {NoiseSchedule} from "./schedules.js";

/** x_t = sqrt(ᾱ_t) x0 + sqrt(1 - ᾱ_t) ε, for one or more images sharing t. */
export function addNoise(x0: Float32Array, noise: Float32Array, t: number, schedule: NoiseSchedule): Float32Array {
  checkStep(t, schedule);
  const a = Math.sqrt(schedule.alphaBars[t]);
  const b = Math.sqrt(1 - schedule.alphaBars[t]);
  return x0.map((v, i) => a * v + b * noise[i]);
}

/** x_t = sqrt(1 - β_t) x_t-1 + sqrt(β_t) ε: one step of the Markov chain. */
export function forwardStep(
  previous: Float32Array,
  noise: Float32Array,
  t: number,
  schedule: NoiseSchedule
): Float32Array {
  checkStep(t, schedule);
  const a = Math.sqrt(1 - schedule.betas[t]);
  const b = Math.sqrt(schedule.betas[t]);
  return previous.map((v, i) => a * v + b * noise[i]);
}

/** x0 noised step by step up to and including step t, with fresh noise from rng at every step. */
export function forwardChain(x0: Float32Array, t: number, schedule: NoiseSchedule, rng: Rng): Float32Array {
  let x = x0;
  for (let s = 0; s <= t; s++) x = forwardStep(x, normalArray(x.length, rng), s, schedule);
  return x;
}

export function checkStep(t: number, schedule: NoiseSchedule): void {
  if (!Number.isInteger(t) || t < 0 || t >= schedule.T)
    throw new RangeError(`step ${t} is not one of 0..${schedule.T - 1}`);
}
