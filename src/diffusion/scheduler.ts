// What every sampler offers, as in the diffusers library: configure the steps once, then step from x_t to the
// previous sample. Each step also returns its prediction of the clean image x̂0, for previews.
import {normalArray, type Rng} from "../random.js";
import {addNoise} from "./forward.js";
import type {NoiseSchedule} from "./schedules.js";

export interface StepResult {
  prevSample: Float32Array;
  predOriginalSample: Float32Array;
}

/** Given noise, one array per call: how a test feeds PyTorch's noise to the samplers. */
export interface NoiseSequence {
  next(size: number): Float32Array;
}

/** Where the fresh noise of a stochastic step comes from: a seeded source, or given arrays. */
export type NoiseSource = Rng | NoiseSequence;

export interface Scheduler {
  readonly schedule: NoiseSchedule;
  /** The timesteps to visit, from the noisiest down to 0, after setTimesteps. */
  readonly timesteps: readonly number[];
  setTimesteps(count: number): void;
  step(eps: Float32Array, t: number, x: Float32Array, noise?: NoiseSource): StepResult;
  addNoise(x0: Float32Array, noise: Float32Array, t: number): Float32Array;
}

/** x̂0 = (x_t - sqrt(1 - ᾱ_t) ε) / sqrt(ᾱ_t): eq. (15) of Ho et al. 2020, the forward process solved for x0. */
export function predictOriginal(x: Float32Array, eps: Float32Array, alphaBar: number, clip: boolean): Float32Array {
  const a = Math.sqrt(alphaBar);
  const b = Math.sqrt(1 - alphaBar);
  return x.map((v, i) => {
    const x0 = (v - b * eps[i]) / a;
    return clip ? Math.max(-1, Math.min(1, x0)) : x0;
  });
}

/**
 * The score ∇ log q(x_t) that a noise estimate implies: −ε / √(1 − ᾱ_t), since x_t = √ᾱ_t x0 + √(1 − ᾱ_t) ε makes
 * ∇ log q(x_t | x0) = −ε / √(1 − ᾱ_t) (Song et al. 2021, "Score-Based Generative Modeling through SDEs", and Ho et
 * al. 2020, §3.2: ε_θ is a scaled score). The noise predictor and the score model differ only by this factor.
 */
export function scoreFromNoise(eps: Float32Array, alphaBar: number): Float32Array {
  if (!(alphaBar >= 0 && alphaBar < 1)) throw new RangeError(`ᾱ must lie in [0, 1) for a noisy step, not ${alphaBar}`);
  const scale = -1 / Math.sqrt(1 - alphaBar);
  return eps.map((e) => scale * e);
}

export function drawNoise(source: NoiseSource | undefined, size: number): Float32Array {
  if (!source) throw new RangeError("this step adds noise: give it a seeded source or the noise itself");
  const noise = typeof source === "function" ? normalArray(size, source) : source.next(size);
  if (noise.length !== size) throw new RangeError(`the step needs ${size} noise values, not ${noise.length}`);
  return noise;
}

/** Timesteps T-k, T-2k, ..., 0 for `count` steps, k = T / count ("leading" spacing, as DDIM's paper and diffusers). */
export function leadingTimesteps(T: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || count > T)
    throw new RangeError(`the number of steps must be a whole number from 1 to ${T}, not ${count}`);
  const stride = Math.floor(T / count);
  return Array.from({length: count}, (_, i) => (count - 1 - i) * stride);
}

/** One step of a sampler, from x_t to the sample at `previous` (-1 after the last step, where ᾱ = 1). */
export type StepRule = (
  eps: Float32Array,
  t: number,
  previous: number,
  x: Float32Array,
  noise?: NoiseSource
) => StepResult;

/** A scheduler from its step rule: timesteps set once, and a clear error when stepping before. */
export function makeScheduler(schedule: NoiseSchedule, rule: StepRule): Scheduler {
  let timesteps: number[] | undefined;
  return {
    schedule,
    get timesteps(): readonly number[] {
      return timesteps ?? [];
    },
    setTimesteps(count: number) {
      timesteps = leadingTimesteps(schedule.T, count);
    },
    step(eps, t, x, noise) {
      if (!timesteps) throw new Error("call setTimesteps(n) before step(): the scheduler does not know its steps yet");
      const index = timesteps.indexOf(t);
      if (index === -1) throw new RangeError(`timestep ${t} is not one of this scheduler's ${timesteps.length} steps`);
      return rule(eps, t, index + 1 < timesteps.length ? timesteps[index + 1] : -1, x, noise);
    },
    addNoise: (x0, noise, t) => addNoise(x0, noise, t, schedule)
  };
}
