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
  const params = Object.values(model.params);
  zeroGrad(params);
  const loss = model.loss(batch); // 1. forward: the loss on this batch
  backward(loss); // 2. backward: ∂loss/∂θ for every parameter θ
  const {before, after} = clipGradNorm(params, clip, rule); // 3. clip the gradient's norm
  optimizer.step(); // 4. update θ
  return {loss: loss.data[0], gradNorm: before, clippedNorm: after};
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
