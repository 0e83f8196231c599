// How surprised a model is by a text, token by token, and the averages that summarise it.
//   surprisal of token i:  s_i = -ln p(x_i | x_<i)           (nats; divide by ln 2 for bits)
//   cross-entropy:         H = (1/N) sum_i s_i
//   perplexity:            PPL = exp(H), the number of equally likely tokens the model is choosing among
import {argmax, logSumExp} from "../linalg/index.js";

export interface Scored {
  /** The token at position i + 1 of the text (the first token has no prediction). */
  token: number;
  surprisal: number;
  /** The model's most likely token in its place. */
  predicted: number;
}

/** Scores every token after the first from the logits before it: logits[i] predicts ids[i + 1]. */
export function scoreTokens(logits: readonly Float32Array[], ids: readonly number[]): Scored[] {
  if (logits.length < ids.length - 1)
    throw new RangeError(`${ids.length} tokens need ${ids.length - 1} rows of logits, got ${logits.length}`);
  // -log softmax(z)_x = log Σ exp(z) - z_x: one log-sum-exp a row, not a log-probability for every token of the
  // vocabulary at every position
  return ids
    .slice(1)
    .map((token, i) => ({token, surprisal: logSumExp(logits[i]) - logits[i][token], predicted: argmax(logits[i])}));
}

export function crossEntropy(surprisals: readonly number[]): number {
  if (surprisals.length === 0) throw new RangeError("cross-entropy of no tokens is undefined");
  return surprisals.reduce((a, b) => a + b, 0) / surprisals.length;
}

export function perplexity(surprisals: readonly number[]): number {
  return Math.exp(crossEntropy(surprisals));
}

/** The share of tokens the model would have guessed with greedy decoding. */
export function accuracy(scored: readonly Scored[]): number {
  return scored.filter((s) => s.predicted === s.token).length / scored.length;
}
