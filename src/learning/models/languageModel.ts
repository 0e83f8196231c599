// What every next-token model is to the training loop: parameters, and logits for a batch of token windows, whose
// loss is the cross-entropy against the same windows shifted by one token.
import type {Rng} from "../../random.js";
import {crossEntropy} from "../losses.js";
import type {Tensor} from "../tensor.js";
import type {Params} from "./layers.js";

/** Windows of `time` tokens: inputs [batch, time] and targets [batch, time], each target the input's next token. */
export interface TokenBatch {
  inputs: Int32Array;
  targets: Int32Array;
  batch: number;
  time: number;
}

export interface LanguageModel {
  params: Params;
  /** The longest window the model reads (its context). */
  context: number;
  /** Logits [batch, time, vocab] for inputs [batch, time]: position i predicts token i + 1. */
  logits(inputs: Int32Array, batch: number, time: number): Tensor;
  /** The mean cross-entropy of the batch's targets, in nats. */
  loss(batch: TokenBatch): Tensor;
}

/** A model from its parameters and logits; its loss is the one every next-token model shares. */
export function languageModel(params: Params, context: number, logits: LanguageModel["logits"]): LanguageModel {
  return {params, context, logits, loss: (b) => crossEntropy(logits(b.inputs, b.batch, b.time), b.targets)};
}

/** `batch` windows of `time` + 1 tokens from random places in `tokens`. */
export function tokenBatch(tokens: Int32Array, batch: number, time: number, rng: Rng): TokenBatch {
  if (tokens.length < time + 1) throw new RangeError(`a text of ${tokens.length} tokens has no window of ${time + 1}`);
  const inputs = new Int32Array(batch * time);
  const targets = new Int32Array(batch * time);
  for (let b = 0; b < batch; b++) {
    const start = Math.floor(rng() * (tokens.length - time));
    inputs.set(tokens.subarray(start, start + time), b * time);
    targets.set(tokens.subarray(start + 1, start + time + 1), b * time);
  }
  return {inputs, targets, batch, time};
}

/** The batch's windows in parts of at most `rows` each, with each part's share of the batch: views, not copies. */
export function batchParts(whole: TokenBatch, rows: number): {batch: TokenBatch; share: number}[] {
  const parts: {batch: TokenBatch; share: number}[] = [];
  for (let first = 0; first < whole.batch; first += rows) {
    const batch = Math.min(rows, whole.batch - first);
    const [from, to] = [first * whole.time, (first + batch) * whole.time];
    parts.push({
      batch: {
        inputs: whole.inputs.subarray(from, to),
        targets: whole.targets.subarray(from, to),
        batch,
        time: whole.time
      },
      share: batch / whole.batch
    });
  }
  return parts;
}
