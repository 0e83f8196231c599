// The denoiser's trainer, served from a worker of its own so the page never waits on a step. The page sends settings
// and commands; the trainer works in slices of about 25 ms, and between slices reads the next command, so Pause and
// Reset take effect within one slice. While it trains it reports the step, the loss curve and the learned field a
// few times a second. Sampling waits for no command: it freezes the weights it was asked about (training resumes
// after), and reports its progress.
import {meanNearestDistance, slicedWasserstein} from "../datasets/index.js";
import {cosineSchedule, linearSchedule, type NoiseSchedule} from "../diffusion/index.js";
import {denoiserRun, sampleDenoiser, type DenoiserRun, type SamplingOptions} from "./denoiserTraining.js";
import {REPORT_MS, slicedWork, type TrainerPort} from "./slices.js";

export interface TrainerSettings {
  data: Float32Array;
  schedule: "linear" | "cosine";
  hidden: number;
  seed: number;
}

export type TrainerRequest =
  /**
   * A new run. With `keepTraining` (as when a setting changes) it trains on if the trainer was training or had been
   * told to, so a Train pressed just as a setting changed is not lost; without it (the Reset button) it waits.
   */
  | {type: "reset"; settings: TrainerSettings; keepTraining?: boolean}
  | {type: "train"}
  | {type: "pause"}
  /** The step t at which to report the learned field. */
  | {type: "look"; t: number}
  /** `reference`: points to measure against the training data as the samples are, a fresh draw of its shape, say. */
  | ({type: "sample"; reference: Float32Array} & SamplingOptions);

/** ε_θ(x, t) at the points of a grid [n, 2]. */
export interface NoiseField {
  t: number;
  grid: Float32Array;
  eps: Float32Array;
}

export type TrainerReport =
  | {type: "progress"; step: number; training: boolean; losses: [number, number][]; field: NoiseField}
  | {type: "sampling"; done: number; total: number}
  /** `paths`: the first points' positions from x_T to the end [points, steps + 1, 2], and `x` the samples [count, 2]. */
  | {
      type: "samples";
      step: number;
      options: SamplingOptions;
      x: Float32Array;
      paths: Float32Array;
      distances: SampleDistances;
    };

/**
 * How far the samples lie from the training data, measured here rather than in the page (a thousand samples against
 * a thousand points is a million distances): the mean distance to the nearest training point, and the sliced
 * Wasserstein distance of the samples and of the request's reference points.
 */
export interface SampleDistances {
  nearest: number;
  sliced: number;
  reference: number;
}

/** Points whose whole path a sampling run reports. */
const PATHS = 24;
/** The field's grid: GRID × GRID points over [-FIELD, FIELD]². */
const GRID = 17;
const FIELD = 2.4;

const schedules: Record<TrainerSettings["schedule"], () => NoiseSchedule> = {
  linear: () => linearSchedule(),
  cosine: () => cosineSchedule()
};

export function serveTrainer(port: TrainerPort): void {
  let run: DenoiserRun | undefined;
  let schedule: NoiseSchedule = linearSchedule();
  let training = false;
  let look = 500;
  let losses: [number, number][] = [];
  let lossSum = 0;
  let lossSteps = 0;
  let job:
    | {
        options: SamplingOptions;
        reference: Float32Array;
        steps: AsyncGenerator<Float32Array>;
        paths: number[][];
        done: number;
        last: Float32Array;
      }
    | undefined;
  let lastReport = 0;
  const grid = Float32Array.from({length: 2 * GRID * GRID}, (_, i) => {
    const k = i >> 1;
    return -FIELD + (2 * FIELD * (i % 2 === 0 ? k % GRID : Math.floor(k / GRID))) / (GRID - 1);
  });

  const progress = () => {
    if (!run) return;
    if (lossSteps > 0) losses.push([run.steps, lossSum / lossSteps]);
    [lossSum, lossSteps] = [0, 0];
    const field = {t: look, grid, eps: run.predictNoise(grid, look)};
    port.postMessage({type: "progress", step: run.steps, training, losses, field} satisfies TrainerReport);
    lastReport = performance.now();
  };

  const resume = slicedWork(async (end) => {
    if (job) {
      const current = job;
      while (job === current && performance.now() < end) {
        const next = await current.steps.next();
        if (next.done) {
          const {steps, data} = run!;
          const report: TrainerReport = {
            type: "samples",
            step: steps,
            options: current.options,
            x: current.last,
            paths: Float32Array.from(current.paths.flat()),
            distances: {
              nearest: meanNearestDistance(current.last, data),
              sliced: slicedWasserstein(current.last, data),
              reference: slicedWasserstein(current.reference, data)
            }
          };
          port.postMessage(report);
          job = undefined;
        } else {
          current.last = next.value;
          current.done++;
          current.paths.forEach((path, i) => path.push(next.value[2 * i], next.value[2 * i + 1]));
        }
      }
      // the first position is x_T, before any step
      if (job && performance.now() - lastReport >= REPORT_MS) {
        port.postMessage({type: "sampling", done: job.done - 1, total: job.options.steps} satisfies TrainerReport);
        lastReport = performance.now();
      }
    } else if (training) {
      while (performance.now() < end) {
        lossSum += run!.step().loss;
        lossSteps++;
      }
      if (performance.now() - lastReport >= REPORT_MS) progress();
    }
    return job !== undefined || training;
  });

  port.onmessage = ({data}: {data: TrainerRequest}) => {
    if (data.type === "reset") {
      schedule = schedules[data.settings.schedule]();
      run = denoiserRun({...data.settings, schedule});
      [training, lossSum, lossSteps, job] = [(data.keepTraining ?? false) && training, 0, 0, undefined];
      // the untrained network's loss on one batch starts the curve at step 0
      losses = [[0, run.loss()]];
      progress();
      resume();
    } else if (data.type === "look") {
      look = data.t;
      progress();
    } else if (!run) {
      throw new Error(`the trainer was asked to ${data.type} before it had its settings (send "reset" first)`);
    } else if (data.type === "train") {
      training = true;
      resume();
    } else if (data.type === "pause") {
      training = false;
      progress();
    } else {
      const {type: _, reference, ...options} = data;
      const steps = sampleDenoiser(run, schedule, options);
      job = {
        options,
        reference,
        steps,
        paths: Array.from({length: Math.min(PATHS, options.count)}, () => []),
        done: 0,
        last: new Float32Array()
      };
      resume();
    }
  };
}
