// Training the 2-D denoiser on a cloud of points, one step at a time, and sampling from it with the course's own
// schedulers. Each step draws a batch of points x₀, a step t uniform over 0..T-1 for each, and noise ε ~ N(0, I):
// Ho et al. (2020), algorithm 1. The same seed gives the same weights and the same batches, so the same run.
// As Ho et al. do (appendix B), the network that predicts and samples keeps an exponential moving average of the
// trained weights, which smooths out the noise of single steps; its decay ramps up as (1 + n)/(10 + n) over the first
// steps, so a young run's average is not held at its random start.
import {randomInt, randomNormal} from "d3-random";
import {ddimScheduler, ddpmScheduler, sample, type NoiseSchedule} from "../diffusion/index.js";
import {normalArray, seededRandom} from "../random.js";
import {adamW} from "./adamW.js";
import {denoiser, type Denoiser, type NoiseBatch} from "./models/denoiser.js";
import {constant} from "./tensor.js";
import {trainStep, type StepReport} from "./train.js";

export interface DenoiserRunOptions {
  /** The training points x₀ [n, 2]. */
  data: Float32Array;
  schedule: NoiseSchedule;
  /** Units in each hidden layer. */
  hidden: number;
  seed: number;
  batch?: number;
  lr?: number;
  /** The moving average's decay per step (Ho et al. use 0.9999 over 800k steps; a run here lasts thousands). */
  averageDecay?: number;
}

export interface DenoiserRun {
  /** The points it trains on [n, 2]. */
  readonly data: Float32Array;
  /** The network being trained. */
  readonly model: Denoiser;
  /** The same network with the moving average of its weights: the one that predicts and samples. */
  readonly averaged: Denoiser;
  /** Steps taken so far. */
  readonly steps: number;
  /** One step of training on a fresh batch. */
  step(): StepReport;
  /** The loss on a fresh batch, with no update. */
  loss(): number;
  /** ε_θ(x_t, t) for points x [n, 2] sharing the step t, from the averaged weights. */
  predictNoise(x: Float32Array, t: number): Float32Array;
}

export function denoiserRun({
  data,
  schedule,
  hidden,
  seed,
  batch = 128,
  lr = 5e-3,
  averageDecay = 0.995
}: DenoiserRunOptions): DenoiserRun {
  const count = data.length / 2;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`training needs at least one point [x, y]`);
  const rng = seededRandom(seed);
  const model = denoiser({schedule, hidden, rng});
  const optimizer = adamW(Object.values(model.params), {lr});
  // its own weights are overwritten at once: only its shapes matter
  const averaged = denoiser({schedule, hidden, rng: seededRandom(0)});
  const pairs = Object.entries(model.params).map(([name, p]) => [p.data, averaged.params[name].data] as const);
  for (const [weights, average] of pairs) average.set(weights);
  const [point, step, normal] = [
    randomInt.source(rng)(count),
    randomInt.source(rng)(schedule.T),
    randomNormal.source(rng)()
  ];
  const nextBatch = (): NoiseBatch => {
    const x0 = new Float32Array(2 * batch);
    for (let i = 0; i < batch; i++) {
      const k = point();
      x0.set(data.subarray(2 * k, 2 * k + 2), 2 * i);
    }
    return {x0, t: Int32Array.from({length: batch}, step), noise: Float32Array.from({length: 2 * batch}, normal)};
  };
  let steps = 0;
  return {
    data,
    model,
    averaged,
    get steps() {
      return steps;
    },
    step() {
      steps++;
      const report = trainStep(model, optimizer, nextBatch());
      const keep = Math.min(averageDecay, (1 + steps) / (10 + steps));
      for (const [weights, average] of pairs)
        for (let i = 0; i < average.length; i++) average[i] += (1 - keep) * (weights[i] - average[i]);
      return report;
    },
    loss: () => model.loss(nextBatch()).data[0],
    predictNoise: (x, t) => averaged.predict(constant(x, [x.length / 2, 2]), new Int32Array(x.length / 2).fill(t)).data
  };
}

export type SamplerName = "DDPM" | "DDIM";

export interface SamplingOptions {
  sampler: SamplerName;
  /** How many of the schedule's steps the sampler visits. */
  steps: number;
  /** Points to sample. */
  count: number;
  seed: number;
}

/** The sampler's run from noise to samples [count, 2]: x_T first, then x after each of the scheduler's steps. */
export async function* sampleDenoiser(
  run: DenoiserRun,
  schedule: NoiseSchedule,
  {sampler, steps, count, seed}: SamplingOptions
): AsyncGenerator<Float32Array> {
  const scheduler = sampler === "DDPM" ? ddpmScheduler(schedule) : ddimScheduler(schedule);
  scheduler.setTimesteps(steps);
  const noise = seededRandom(seed);
  const start = normalArray(2 * count, noise);
  yield start;
  // every point shares its step, so the network is asked once per step for the whole batch
  const eps = async (x: Float32Array, t: number[]) => run.predictNoise(x, t[0]);
  for await (const {x} of sample(eps, scheduler, {classes: new Array(count).fill(0), size: 2, start, noise})) yield x;
}
