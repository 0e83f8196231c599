// Plain replacement against RePaint's resampling, on the same image, mask, class and seed. RePaint with each step done
// once (U = 1 in Lugmayr et al. 2022) is plain replacement: then there is one run to show, not two.
import type {Denoiser, NoiseSchedule} from "../src/diffusion/index.js";
import {ddimScheduler, inpaint} from "../src/diffusion/index.js";
import type {ImageShape} from "../src/models/imageShape.js";
import {seededRandom} from "../src/random.js";
import {imageRow, redrawImageRow} from "./images.js";
import {frameGate, replay, streamedView} from "./streamedView.js";

export interface InpaintingOptions {
  denoiser: Denoiser;
  schedule: NoiseSchedule;
  image: Float32Array;
  /** The model's image shape (imageGeometry of its manifest). */
  shape: ImageShape;
  mask: Float32Array;
  classId: number;
  /** How many times RePaint does each step (U); 1 is plain replacement. */
  resample: number;
  steps: number;
  seed: number;
  compose?: (known: number, unknown: number, m: number) => number;
  width: number;
  /** Stops the runs: Framework's invalidation promise, when an input changes and new runs replace these. */
  invalidation?: Promise<unknown>;
}

/**
 * An element that shows the runs (one when RePaint does each step once) as they happen, with a Stop: the original
 * and what the model keeps at once, then each run's current sample, and at the end how far the known pixels moved
 * and a slider that replays any step.
 * A reader who asked for less motion sees the runs only when they are finished.
 */
export function inpaintingComparison(options: InpaintingOptions): HTMLElement {
  return streamedView((signal, still) => frames(options, still, signal), {
    invalidation: options.invalidation,
    name: "Inpainting",
    stoppable: true
  });
}

async function* frames(
  {denoiser, schedule, image, shape, mask, classId, resample, steps, seed, compose, width}: InpaintingOptions,
  still: boolean,
  signal: AbortSignal
): AsyncGenerator<HTMLElement> {
  const masked = image.map((v, i) => (mask[i] === 1 ? v : 0));
  const runs =
    resample === 1
      ? [{times: 1, label: "replacement (RePaint with each step once)"}]
      : [
          {times: 1, label: "replacement only"},
          {times: resample, label: `RePaint, each step ${resample}×`}
        ];
  // each run's latest sample and what its panel says: "waiting", "step 5 of 25", then its label once finished
  const results: Float32Array[] = runs.map(() => masked);
  const status = runs.map(() => "waiting");
  // every step of every run, for the replay
  const histories: Float32Array[][] = runs.map(() => []);
  const images = () => [
    {pixels: image, label: "original"},
    {pixels: masked, label: "what the model keeps"},
    ...results.map((pixels, run) => ({pixels, label: status[run]}))
  ];
  // one row of images, redrawn in place for every frame and for the replay
  const row = imageRow(images(), {
    size: Math.min(150, (width - 24) / 4),
    shape,
    caption: `DDIM, ${steps} steps: running…`
  });
  const draw = (caption: string) => {
    redrawImageRow(row, images(), {shape, caption});
    return row;
  };
  const drawNow = frameGate();
  yield row;
  for (const [run, {times, label}] of runs.entries()) {
    const scheduler = ddimScheduler(schedule);
    scheduler.setTimesteps(steps);
    for await (const step of inpaint(denoiser, scheduler, {
      image,
      mask,
      classLabel: classId,
      resample: times,
      rng: seededRandom(seed),
      compose,
      signal
    })) {
      results[run] = step.x;
      histories[run].push(step.x);
      status[run] = `step ${step.index + 1} of ${steps}`;
      if (!still && step.index + 1 < steps && drawNow()) yield draw(`DDIM, ${steps} steps: running ${label}…`);
    }
    status[run] = label;
  }
  const kept = results.map((r) =>
    r.reduce((m, v, i) => (mask[i] === 1 ? Math.max(m, Math.abs(v - image[i])) : m), 0).toExponential(1)
  );
  const done =
    resample === 1
      ? `DDIM, ${steps} steps. With each step done once, RePaint is plain replacement: one run. Largest change to a known pixel: ${kept[0]}.`
      : `DDIM, ${steps} steps. Largest change to a known pixel: ${kept[0]} (replacement), ${kept[1]} (RePaint).`;
  // the finished runs, and a slider that shows both at any step
  const element = replay(steps, row, (index) => {
    histories.forEach((history, run) => (results[run] = history[index]));
    runs.forEach((run, r) => (status[r] = index === steps - 1 ? run.label : `${run.label}, step ${index + 1}`));
    draw(index === steps - 1 ? done : `DDIM, step ${index + 1} of ${steps}.`);
  });
  yield element;
}
