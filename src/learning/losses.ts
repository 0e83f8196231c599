// The losses the course trains with, each the mean over the batch, as PyTorch's defaults are.
import {gradOf, result, sizeOf, type Tensor} from "./tensor.js";

/**
 * The loss of one prediction, given p, the probability the model gave the token that came next. Cross-entropy's is
 * −log p: minimising its mean maximises the likelihood of the text.
 */
export type TokenLoss = (p: number) => number;

export const negativeLogLikelihood: TokenLoss = (p) => -Math.log(p);

/** For each row of logits [..., vocab]: softmax(row) and log Σ exp(row), the latter taken stably about the row's max. */
function softmaxRows(logits: Tensor, targets: Int32Array) {
  const vocab = logits.shape[logits.shape.length - 1];
  const rows = logits.data.length / vocab;
  if (targets.length !== rows) throw new RangeError(`${targets.length} targets for ${rows} rows of logits`);
  const probs = new Float32Array(logits.data.length);
  const logSums = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const at = r * vocab;
    let max = -Infinity;
    for (let j = 0; j < vocab; j++) max = Math.max(max, logits.data[at + j]);
    let sum = 0;
    for (let j = 0; j < vocab; j++) sum += probs[at + j] = Math.exp(logits.data[at + j] - max);
    for (let j = 0; j < vocab; j++) probs[at + j] /= sum;
    logSums[r] = max + Math.log(sum);
  }
  return {vocab, rows, probs, logSums};
}

/**
 * Cross-entropy of logits [..., vocab] against target ids, in nats: the mean of −log softmax(logits)[target], the
 * negative log-likelihood the next-token model maximises. Its gradient per row is (softmax(logits) − onehot) / rows.
 */
export function crossEntropy(logits: Tensor, targets: Int32Array): Tensor {
  const {vocab, rows, probs, logSums} = softmaxRows(logits, targets);
  let total = 0;
  // −log p_target = log Σ exp(l) − l_target
  for (let r = 0; r < rows; r++) total += logSums[r] - logits.data[r * vocab + targets[r]];
  return result(new Float32Array([total / rows]), [], [logits], (grad) => {
    const g = gradOf(logits);
    const scale = grad[0] / rows;
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < vocab; j++) g[r * vocab + j] += scale * probs[r * vocab + j];
      g[r * vocab + targets[r]] -= scale;
    }
  });
}

/** The relative step of the central difference that gives a TokenLoss's slope. */
const SLOPE_STEP = 1e-4;

/**
 * The mean of `loss(p)` over the rows, p = softmax(logits)[target], for any function of p (cross-entropy when it is
 * −log p). Through the softmax, ∂p/∂l_j = p·(δ_j,target − p_j), so a row's gradient is loss′(p)·p·(onehot − softmax)
 * over the number of rows. The loss is a plain function of a number, not made of tensors, so loss′(p) is taken by a
 * central difference, (loss(p + h) − loss(p − h)) / 2h with h = 10⁻⁴·p, one-sided at p = 1; for −log p it agrees
 * with the exact −1/p to about 10⁻⁸ of its size.
 */
export function tokenLoss(logits: Tensor, targets: Int32Array, loss: TokenLoss): Tensor {
  const {vocab, rows, probs, logSums} = softmaxRows(logits, targets);
  const slopes = new Float64Array(rows);
  let total = 0;
  for (let r = 0; r < rows; r++) {
    // p from the log-sum, in double precision: it stays above 0 where the float32 softmax underflows
    const p = Math.exp(logits.data[r * vocab + targets[r]] - logSums[r]);
    total += loss(p);
    const [below, above] = [p * (1 - SLOPE_STEP), Math.min(1, p * (1 + SLOPE_STEP))];
    slopes[r] = ((loss(above) - loss(below)) / (above - below)) * p;
  }
  return result(new Float32Array([total / rows]), [], [logits], (grad) => {
    const g = gradOf(logits);
    const scale = grad[0] / rows;
    for (let r = 0; r < rows; r++) {
      // loss′(p)·p times (onehot − softmax)
      const c = scale * slopes[r];
      for (let j = 0; j < vocab; j++) g[r * vocab + j] -= c * probs[r * vocab + j];
      g[r * vocab + targets[r]] += c;
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
