// The training loop every model of the course shares: one step is forward, backward, clip, update.
import type {Optimizer} from "./adamW.js";
import {byGlobalNorm, clipGradNorm, type ClipRule} from "./clip.js";
import {backward, zeroGrad, type Tensor} from "./tensor.js";

/** Anything with parameters and a loss on a batch: a next-token model, a denoiser. */
export interface Trainable<Batch> {
  params: Record<string, Tensor>;
  loss(batch: Batch): Tensor;
}

export interface StepReport {
  /** The batch's loss before the update (nats for cross-entropy). */
  loss: number;
  /** The gradient's global norm before and after clipping. */
  gradNorm: number;
  clippedNorm: number;
}

export function trainStep<Batch>(
  model: Trainable<Batch>,
  optimizer: Optimizer,
  batch: Batch,
  clip = Infinity,
  rule: ClipRule = byGlobalNorm
): StepReport {
  return completed(trainStepInParts(model, optimizer, [{batch, share: 1}], clip, rule));
}

/**
 * One step on a batch given in parts, each with its share of the batch (its rows over the batch's): the loss is the
 * batch's mean, so each part's gradient, weighted by its share, adds up to the batch's. It pauses between parts, so
 * a long step can give way to other work and go on later, with nothing lost.
 */
export function* trainStepInParts<Batch>(
  model: Trainable<Batch>,
  optimizer: Optimizer,
  parts: readonly {batch: Batch; share: number}[],
  clip = Infinity,
  rule: ClipRule = byGlobalNorm
): Generator<void, StepReport> {
  const params = Object.values(model.params);
  zeroGrad(params);
  let loss = 0;
  for (const [i, {batch, share}] of parts.entries()) {
    if (i > 0) yield;
    const part = model.loss(batch); // 1. forward: the loss on this part of the batch
    backward(part, share); // 2. backward: its share of ∂loss/∂θ for every parameter θ
    loss += share * part.data[0];
  }
  const {before, after} = clipGradNorm(params, clip, rule); // 3. clip the gradient's norm
  optimizer.step(); // 4. update θ
  return {loss, gradNorm: before, clippedNorm: after};
}

/** Runs a step given in parts to its end; its report. */
export function completed(step: Generator<void, StepReport>): StepReport {
  for (;;) {
    const next = step.next();
    if (next.done) return next.value;
  }
}

/** `steps` steps, each on the batch `nextBatch` draws; the reports of every step. */
export function train<Batch>(
  model: Trainable<Batch>,
  optimizer: Optimizer,
  nextBatch: () => Batch,
  {steps, clip = Infinity}: {steps: number; clip?: number}
): StepReport[] {
  return Array.from({length: steps}, () => trainStep(model, optimizer, nextBatch(), clip));
}
