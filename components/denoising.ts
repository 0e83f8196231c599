// A sampling run, drawn as it happens: x_t and the predicted clean image x̂0 side by side, the paths of a few
// pixels from noise to their final value, and, at the end, what the classifier thinks of the result.
import * as d3 from "d3";
import type {Denoiser, SampleStep, Scheduler} from "../src/diffusion/index.js";
import {sample} from "../src/diffusion/index.js";
import type {ImageGeometry, ImageShape} from "../src/models/imageShape.js";
import {formatSeconds, secondsLeft} from "../src/progress.js";
import type {Rng} from "../src/random.js";
import {barChart} from "./barChart.js";
import {imageRow, redrawImageRow} from "./images.js";
import {linePlot} from "./linePlot.js";
import {frameGate, replay, streamedView} from "./streamedView.js";

export interface DenoisingOptions {
  denoiser: Denoiser;
  scheduler: Scheduler;
  classId: number;
  rng: Rng;
  /** Called with the final image; its answer (probabilities per class) is drawn under it. */
  judge?: (image: Float32Array) => Promise<number[]>;
  /** The model's image shape and class names (imageGeometry of its manifest). */
  geometry: ImageGeometry;
  width: number;
  /** Stops the run: Framework's invalidation promise, when an input changes and a new run replaces this one. */
  invalidation?: Promise<unknown>;
}

/**
 * An element that shows the run as it happens, step by step, with a Stop button; once done, a slider replays any
 * step. The run stops when `invalidation` settles.
 */
export function denoisingView(options: DenoisingOptions): HTMLElement {
  // A reader who asked for less motion sees the finished run, not the animation (the page says it is working)
  return streamedView((signal, still) => denoising({...options, still, signal}), {
    invalidation: options.invalidation,
    name: "Sampling",
    whileStill: "Sampling… (animation off: your system asks for reduced motion)",
    stoppable: true
  });
}

// The pixels whose paths are drawn, as [row, column] fractions of the image, so they sit at the same places at any
// size: a spread over the middle, where the object usually is, and one near the edge, where the background is.
const TRACKED = [
  [1 / 4, 1 / 2],
  [1 / 2, 2 / 7],
  [1 / 2, 1 / 2],
  [5 / 7, 5 / 7],
  [8 / 9, 1 / 9]
];

/** The tracked pixels on an image of this shape: their row and column, and their index in the first channel. */
export function trackedPixels({height, width}: ImageShape): {row: number; col: number; index: number}[] {
  return TRACKED.map(([r, c]) => {
    const [row, col] = [Math.floor(r * height), Math.floor(c * width)];
    return {row, col, index: row * width + col};
  });
}

/** The most points a pixel's path is drawn with. */
const PATH_POINTS = 250;

async function* denoising({
  denoiser,
  scheduler,
  classId,
  rng,
  judge,
  geometry,
  width,
  still,
  signal
}: DenoisingOptions & {still: boolean; signal: AbortSignal}): AsyncGenerator<HTMLElement> {
  const {classNames} = geometry;
  const tracked = trackedPixels(geometry);
  const steps = scheduler.timesteps.length;
  // every step is kept, for the replay
  const history: SampleStep[] = [];
  const started = performance.now();
  const drawNow = frameGate();
  let view: ReturnType<typeof frameView> | undefined;
  for await (const step of sample(denoiser, scheduler, {classes: [classId], size: geometry.size, noise: rng, signal})) {
    history.push(step);
    if (still || !drawNow()) continue;
    const left = secondsLeft({done: step.index + 1, total: steps, elapsed: performance.now() - started});
    view ??= frameView();
    view.show(step.index, `Step ${step.index + 1} of ${steps} (t = ${step.t})`, `, about ${formatSeconds(left!)} left`);
    yield view.element;
  }
  const seconds = (performance.now() - started) / 1000;
  const done = `Done: ${steps} steps in ${seconds.toFixed(1)} s.`;
  view ??= frameView();
  const shown = view;
  const element = replay(steps, shown.element, (index) =>
    shown.show(index, index === steps - 1 ? done : `Step ${index + 1} of ${steps} (t = ${history[index].t})`)
  );
  element.className = "denoising";
  if (judge) {
    const probabilities = await judge(history[steps - 1].x);
    const verdict = d3.maxIndex(probabilities);
    element.append(
      barChart(probabilities, classNames, {
        width: Math.min(width, 420),
        highlight: classId,
        caption: `The classifier's verdict: ${classNames[verdict]} (${(100 * probabilities[verdict]).toFixed(0)}%); asked for ${classNames[classId]}.`
      })
    );
  }
  yield element;

  // The run as it was after a step: x_t and x̂0, and the tracked pixels' paths so far, drawn into one element in
  // place for every frame and for the replay. `whileRunning` is said only while the run goes on: the page removes it
  // if the run stops.
  function frameView() {
    const element = document.createElement("div");
    element.className = "denoising";
    const text = document.createElement("p");
    const images = (index: number) => {
      const {x, x0, t} = history[index];
      return [
        {pixels: x, label: `x_${t}`},
        {pixels: x0, label: "predicted x̂₀"}
      ];
    };
    // at most PATH_POINTS points a path, the step shown always among them: a 1000-step run is not 1000 vertices a
    // line to draw again at every frame, on a plot a few hundred pixels wide
    const paths = (index: number) => {
      const stride = Math.ceil((index + 1) / PATH_POINTS);
      const kept = history.filter((_, i) => i <= index && ((index - i) % stride === 0 || i === 0));
      return tracked.map(({row, col, index: pixel}) => ({
        name: `pixel (${row}, ${col})`,
        points: kept.map((s) => [s.index + 1, s.x[pixel]] as [number, number])
      }));
    };
    const row = imageRow(images(0), {size: Math.min(160, (width - 16) / 2), shape: geometry});
    const plot = linePlot(paths(0), {
      width: Math.min(width, 640),
      height: 200,
      xDomain: [1, steps],
      // where every pixel of the starting noise lies, and the images' range: the paths stay within it, mostly
      yDomain: d3.extent([...history[0].x, -1, 1]) as [number, number],
      xLabel: "step",
      yLabel: "pixel value",
      caption: `${tracked.length} pixels (row, column) on their way from noise to the image.`
    });
    element.append(text, row, plot);
    return {
      element,
      show(index: number, status: string, whileRunning = "") {
        text.textContent = status;
        if (whileRunning) {
          const note = document.createElement("span");
          note.dataset.whileRunning = "";
          note.textContent = whileRunning;
          text.append(note);
        }
        redrawImageRow(row, images(index), {shape: geometry});
        plot.update(paths(index));
      }
    };
  }
}
