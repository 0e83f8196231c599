// DDIM (Song et al. 2021), the same trained model sampled in fewer, optionally deterministic, steps.
//   x_prev = sqrt(ᾱ_prev) x̂0 + sqrt(1 - ᾱ_prev - σ²) ε + σ z          eq. (12)
//   σ      = η sqrt((1 - ᾱ_prev) / (1 - ᾱ_t)) sqrt(1 - ᾱ_t / ᾱ_prev)   eq. (16)
// η = 0 is deterministic; η = 1 gives σ² = β̃, the DDPM posterior variance.
import {drawNoise, makeScheduler, predictOriginal, type Scheduler} from "./scheduler.js";
import type {NoiseSchedule} from "./schedules.js";

export interface DDIMOptions {
  eta?: number;
  clipSample?: boolean;
}

export function ddimScheduler(schedule: NoiseSchedule, {eta = 0, clipSample = false}: DDIMOptions = {}): Scheduler {
  if (!(eta >= 0 && eta <= 1)) throw new RangeError(`eta must be in [0, 1], not ${eta}`);
  const {alphaBars} = schedule;
  return makeScheduler(schedule, (eps, t, previous, x, noise) => {
    const alphaBar = alphaBars[t];
    const alphaBarPrev = previous >= 0 ? alphaBars[previous] : 1; // the last step lands on ᾱ = 1, x0 itself
    // 1. x̂0 from ε, eq. (12)'s "predicted x0" (Ho et al. eq. 15)
    const x0 = predictOriginal(x, eps, alphaBar, clipSample);
    // 2. σ, eq. (16)
    const sigma = eta * Math.sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * Math.sqrt(1 - alphaBar / alphaBarPrev);
    // 3. the direction pointing to x_t, eq. (12)'s middle term; ε recomputed from a clipped x̂0 if clipping
    const epsUsed = clipSample ? x.map((v, i) => (v - Math.sqrt(alphaBar) * x0[i]) / Math.sqrt(1 - alphaBar)) : eps;
    const direction = Math.sqrt(Math.max(0, 1 - alphaBarPrev - sigma * sigma));
    const mean = x0.map((v, i) => Math.sqrt(alphaBarPrev) * v + direction * epsUsed[i]);
    if (sigma === 0) return {prevSample: mean, predOriginalSample: x0};
    // 4. fresh noise, eq. (12)'s last term
    const z = drawNoise(noise, x.length);
    return {prevSample: mean.map((m, i) => m + sigma * z[i]), predOriginalSample: x0};
  });
}
