// A sampling run, drawn as it happens: x_t and the predicted clean image x̂0 side by side, the paths of a few
// pixels from noise to their final value, and, at the end, what the classifier thinks of the result.
import * as d3 from "d3";
import type {Denoiser, Scheduler} from "../src/diffusion/index.js";
import {sample} from "../src/diffusion/index.js";
import type {ImageGeometry, ImageShape} from "../src/models/imageShape.js";
import type {Rng} from "../src/random.js";
import {barChart} from "./barChart.js";
import {imageRow} from "./images.js";
import {linePlot} from "./linePlot.js";
import {streamedView} from "./streamedView.js";

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
  /** Redraw after every this many steps (drawing costs more than a step of a small model). */
  every?: number;
  /** Stops the run: Framework's invalidation promise, when an input changes and a new run replaces this one. */
  invalidation?: Promise<unknown>;
}

/** An element that shows the run as it happens, frame after frame; the run stops when `invalidation` settles. */
export function denoisingView(options: DenoisingOptions): HTMLElement {
  // A reader who asked for less motion sees the finished run, not the animation (the page says it is working)
  return streamedView(
    (signal, still) => denoising({...options, every: still ? Number.MAX_SAFE_INTEGER : options.every, signal}),
    {
      invalidation: options.invalidation,
      name: "Sampling",
      whileStill: "Sampling… (animation off: your system asks for reduced motion)"
    }
  );
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

async function* denoising({
  denoiser,
  scheduler,
  classId,
  rng,
  judge,
  geometry,
  width,
  every = 1,
  signal
}: DenoisingOptions & {signal?: AbortSignal}): AsyncGenerator<HTMLElement> {
  const {classNames} = geometry;
  const tracked = trackedPixels(geometry);
  const steps = scheduler.timesteps.length;
  const paths = tracked.map(() => [] as [number, number][]);
  const started = performance.now();
  let last: {x: Float32Array; x0: Float32Array; t: number} | undefined;
  for await (const step of sample(denoiser, scheduler, {classes: [classId], size: geometry.size, noise: rng, signal})) {
    tracked.forEach(({index}, k) => paths[k].push([step.index + 1, step.x[index]]));
    last = step;
    if ((step.index + 1) % every === 0 || step.index + 1 === steps)
      yield frame(`Step ${step.index + 1} of ${steps} (t = ${step.t})`);
  }
  const seconds = (performance.now() - started) / 1000;
  const element = frame(`Done: ${steps} steps in ${seconds.toFixed(1)} s.`);
  if (judge && last) {
    const probabilities = await judge(last.x);
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

  function frame(status: string): HTMLElement {
    const element = document.createElement("div");
    element.className = "denoising";
    const text = document.createElement("p");
    text.textContent = status;
    element.append(
      text,
      imageRow(
        [
          {pixels: last!.x, label: `x_${last!.t}`},
          {pixels: last!.x0, label: "predicted x̂₀"}
        ],
        {size: Math.min(160, (width - 16) / 2), shape: geometry}
      ),
      linePlot(
        paths.map((points, k) => ({name: `pixel (${tracked[k].row}, ${tracked[k].col})`, points})),
        {
          width: Math.min(width, 640),
          height: 200,
          xLabel: "step",
          yLabel: "pixel value",
          caption: `${tracked.length} pixels (row, column) on their way from noise to the image.`
        }
      )
    );
    return element;
  }
}
