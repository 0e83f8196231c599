// Training the 2-D denoiser on a cloud of points, one step at a time, and sampling from it with the course's own
// schedulers. Each step draws a batch of points x₀, a step t uniform over 0..T-1 for each, and noise ε ~ N(0, I):
// Ho et al. (2020), algorithm 1. The same seed gives the same weights and the same batches, so the same run.
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
}

export interface DenoiserRun {
  readonly model: Denoiser;
  /** Steps taken so far. */
  readonly steps: number;
  /** One step of training on a fresh batch. */
  step(): StepReport;
  /** The loss on a fresh batch, with no update. */
  loss(): number;
  /** ε_θ(x_t, t) for points x [n, 2] sharing the step t. */
  predictNoise(x: Float32Array, t: number): Float32Array;
}

export function denoiserRun({data, schedule, hidden, seed, batch = 128, lr = 2e-3}: DenoiserRunOptions): DenoiserRun {
  const count = data.length / 2;
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`training needs at least one point [x, y]`);
  const rng = seededRandom(seed);
  const model = denoiser({schedule, hidden, rng});
  const optimizer = adamW(Object.values(model.params), {lr});
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
    model,
    get steps() {
      return steps;
    },
    step() {
      steps++;
      return trainStep(model, optimizer, nextBatch());
    },
    loss: () => model.loss(nextBatch()).data[0],
    predictNoise: (x, t) => model.predict(constant(x, [x.length / 2, 2]), new Int32Array(x.length / 2).fill(t)).data
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
