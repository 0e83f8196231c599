// What the training-engine benchmark shares between its engines, in Node and bundled into a page: the small
// Transformer's sizes, a token stream, and the timing of a run of steps. trainingOurs.ts and trainingTfjs.ts make the
// steps, each importing only its own engine, so each one's bundle is measured alone.
import {seededRandom} from "../src/random.js";

/** Characters of a text: vocabulary 65 as in Karpathy's tiny Shakespeare; context 64, d 64, 2 layers, 4 heads. */
export const SIZES = {vocab: 65, context: 64, d: 64, layers: 2, heads: 4, batch: 16, lr: 1e-3, clip: 1};

export interface Stepper {
  /** One training step on a fresh batch; returns its loss. */
  step(): number;
}

/** A stream of token ids to draw batches from (random: the speed of a step does not depend on the text). */
export const tokenStream = (seed: number): Int32Array => {
  const rng = seededRandom(seed);
  return Int32Array.from({length: 20_000}, () => Math.floor(rng() * SIZES.vocab));
};

export interface Timing {
  stepsPerSecond: number;
  /** The loss of the last step timed. */
  loss: number;
}

/** Times `steps` steps in a row. */
export function timeSteps(stepper: Stepper, steps: number): Timing {
  const start = performance.now();
  let loss = NaN;
  for (let i = 0; i < steps; i++) loss = stepper.step();
  return {stepsPerSecond: (steps * 1000) / (performance.now() - start), loss};
}
