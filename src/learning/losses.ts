// The two losses the course trains with, each the mean over the batch, as PyTorch's defaults are.
import {gradOf, result, sizeOf, type Tensor} from "./tensor.js";

/**
 * Cross-entropy of logits [..., vocab] against target ids, in nats: the mean of −log softmax(logits)[target], the
 * negative log-likelihood the next-token model maximises. Its gradient per row is (softmax(logits) − onehot) / rows.
 */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  const vocab = logits.shape[logits.shape.length - 1];
  const rows = logits.data.length / vocab;
  if (targets.length !== rows) throw new RangeError(`${targets.length} targets for ${rows} rows of logits`);
  const probs = new Float32Array(logits.data.length);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const at = r * vocab;
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) max = Math.max(max, logits.data[at + j]);
    let sum = 0;
    for (let j = 0; j < vocab; j++) sum += probs[at + j] = Math.exp(logits.data[at + j] - max);
    for (let j = 0; j < vocab; j++) probs[at + j] /= sum;
    // −log p_target = log Σ exp(l − max) − (l_target − max)
    total += Math.log(sum) - (logits.data[at + targets[r]] - max);
  }
  return result(new Float32Array([total / rows]), [], [logits], (grad) => {
    const g = gradOf(logits);
    const scale = grad[0] / rows;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < vocab; j++) g[r * vocab + j] += scale * probs[r * vocab + j];
      g[r * vocab + targets[r]] -= scale;
    }
  });
}

/** Mean squared error, mean over every entry: the noise-prediction loss ‖ε − ε̂‖² of Ho et al. (2020), eq. (14). */
export function meanSquaredError(prediction: Tensor, target: Tensor): Tensor {
  if (prediction.shape.join() !== target.shape.join())
    throw new RangeError(`cannot compare [${prediction.shape}] with [${target.shape}]`);
  const n = sizeOf(prediction.shape);
  let total = 0;
  for (let i = 0; i < n; i++) total += (prediction.data[i] - target.data[i]) ** 2;
  return result(new Float32Array([total / n]), [], [prediction, target], (grad) => {
    for (const [t, sign] of [[prediction, 1] as const, [target, -1] as const]) {
      if (!t.requiresGrad) continue;
      const g = gradOf(t);
      for (let i = 0; i < n; i++) g[i] += (sign * 2 * grad[0] * (prediction.data[i] - target.data[i])) / n;
    }
  });
}
