// DDPM ancestral sampling (Ho et al. 2020, algorithm 2).
//   x_t      the current sample          ε     the model's noise prediction
//   x̂0       predicted clean image       σ_t²  the variance of the step's fresh noise: β_t ("fixed large",
//   μ̃_t      posterior mean, eq. (7)           the paper's choice) or β̃_t = (1 - ᾱ_t-1)/(1 - ᾱ_t) β_t ("fixed small")
import {drawNoise, makeScheduler, predictOriginal, type Scheduler} from "./scheduler.js";
import type {NoiseSchedule} from "./schedules.js";

export interface DDPMOptions {
  variance?: "beta" | "posterior";
  /** Clip x̂0 to [-1, 1] before the posterior mean (helps few-step sampling; the paper does not). */
  clipSample?: boolean;
}

export function ddpmScheduler(
  schedule: NoiseSchedule,
  {variance = "beta", clipSample = false}: DDPMOptions = {}
): Scheduler {
  const {betas, alphaBars} = schedule;
  return makeScheduler(schedule, (eps, t, previous, x, noise) => {
    const alphaBarPrev = previous >= 0 ? alphaBars[previous] : 1;
    // 1. x̂0 from ε, eq. (15)
    const x0 = predictOriginal(x, eps, alphaBars[t], clipSample);
    // 2. the posterior mean μ̃_t(x_t, x̂0), eq. (7); without clipping it equals eq. (11)'s mean
    //    1/sqrt(α_t) (x_t - β_t / sqrt(1 - ᾱ_t) ε). The step is from t to `previous`: β is that jump's.
    const beta = previous === t - 1 ? betas[t] : 1 - alphaBars[t] / alphaBarPrev;
    const alpha = 1 - beta;
    const c0 = (Math.sqrt(alphaBarPrev) * beta) / (1 - alphaBars[t]);
    const ct = (Math.sqrt(alpha) * (1 - alphaBarPrev)) / (1 - alphaBars[t]);
    const mean = x.map((v, i) => c0 * x0[i] + ct * v);
    if (previous < 0) return {prevSample: mean, predOriginalSample: x0};
    // 3. add fresh noise of variance σ_t², algorithm 2 line 4
    const sigma = Math.sqrt(variance === "beta" ? beta : ((1 - alphaBarPrev) / (1 - alphaBars[t])) * beta);
    const z = drawNoise(noise, x.length);
    return {prevSample: mean.map((m, i) => m + sigma * z[i]), predOriginalSample: x0};
  });
}
