// A denoiser for 2-D points: an MLP that predicts the noise ε in x_t from (x_t, t), trained with the simple loss of
// Ho et al. (2020), eq. (14): ‖ε − ε_θ(√ᾱ_t x₀ + √(1 − ᾱ_t) ε, t)‖². The step t enters as sinusoidal features
// (Vaswani et al. 2017, §3.5, as DDPM embeds its timestep) joined to the point.
import type {NoiseSchedule} from "../../diffusion/index.js";
import {sinusoidalEncoding} from "../../positional/index.js";
import type {Rng} from "../../random.js";
import {gelu} from "../activations.js";
import {meanSquaredError} from "../losses.js";
import {concat, embedding} from "../shape.js";
import {constant, type Tensor} from "../tensor.js";
import {addLinear, linear, type Params} from "./layers.js";

/** Points x₀ [n, 2], each with its step t and its noise ε [n, 2]. */
export interface NoiseBatch {
  x0: Float32Array;
  t: Int32Array;
  noise: Float32Array;
}

export interface Denoiser {
  params: Params;
  /** ε_θ(x_t, t): the predicted noise [n, 2] for points x_t [n, 2] at steps t. */
  predict(xt: Tensor, t: Int32Array): Tensor;
  loss(batch: NoiseBatch): Tensor;
}

export interface DenoiserOptions {
  schedule: NoiseSchedule;
  hidden?: number;
  layers?: number;
  dTime?: number;
  rng: Rng;
}

export function denoiser({schedule, hidden = 64, layers = 3, dTime = 16, rng}: DenoiserOptions): Denoiser {
  const times = constant(sinusoidalEncoding(schedule.T, dTime).flat(), [schedule.T, dTime]);
  const params: Params = {};
  for (let l = 0; l < layers; l++) addLinear(params, `layers.${l}`, l === 0 ? 2 + dTime : hidden, hidden, rng);
  addLinear(params, "output", hidden, 2, rng);
  const predict = (xt: Tensor, t: Int32Array) => {
    let h = concat([xt, embedding(times, t, [t.length])], 1);
    for (let l = 0; l < layers; l++) h = gelu(linear(params, `layers.${l}`, h));
    return linear(params, "output", h);
  };
  return {
    params,
    predict,
    loss({x0, t, noise}) {
      // x_t from x₀ in closed form, eq. (4)
      const xt = x0.map((v, i) => {
        const alphaBar = schedule.alphaBars[t[i >> 1]];
        return Math.sqrt(alphaBar) * v + Math.sqrt(1 - alphaBar) * noise[i];
      });
      return meanSquaredError(predict(constant(xt, [t.length, 2]), t), constant(noise, [t.length, 2]));
    }
  };
}
