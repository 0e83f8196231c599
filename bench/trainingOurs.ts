// The benchmark's small Transformer trained by our own engine (src/learning), with AdamW and clipping.
import {adamW, tokenBatch, trainStep, transformer} from "../src/learning/index.js";
import {seededRandom} from "../src/random.js";
import {SIZES, tokenStream, type Stepper} from "./trainingSteps.js";

export function oursStepper(seed: number): Stepper {
  const rng = seededRandom(seed);
  const tokens = tokenStream(seed);
  const model = transformer({...SIZES, rng});
  const optimizer = adamW(Object.values(model.params), {lr: SIZES.lr});
  return {
    step: () => trainStep(model, optimizer, tokenBatch(tokens, SIZES.batch, SIZES.context, rng), SIZES.clip).loss
  };
}
