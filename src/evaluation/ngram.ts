// Counting baselines, to see what the transformer adds: a unigram model (how common is each token) and a bigram
// model (how often does it follow the previous one), both counted from the training tokens.
//   unigram:  p(x_i) = (c(x_i) + k) / (N + kV)
//   bigram:   p(x_i | x_{i-1}) = (c(x_{i-1} x_i) + k) / (c(x_{i-1}) + kV)      add-k smoothing
// A smoothing rule of the reader's own replaces add-k: it is given the counts and returns the probability. A rule
// that gives a token probability 0 gives it an infinite surprisal, as it should: the rule ruled out what happened.

export interface NgramCounts {
  vocabSize: number;
  total: number;
  unigram: Float64Array;
  /** c(a b), keyed a * vocabSize + b. */
  bigram: Map<number, number>;
}

export function countNgrams(tokens: ArrayLike<number>, vocabSize: number): NgramCounts {
  const unigram = new Float64Array(vocabSize);
  const bigram = new Map<number, number>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!(t >= 0 && t < vocabSize))
      throw new RangeError(`token ${t} at ${i} is outside the vocabulary of ${vocabSize}`);
    unigram[t]++;
    if (i > 0) {
      const key = tokens[i - 1] * vocabSize + t;
      bigram.set(key, (bigram.get(key) ?? 0) + 1);
    }
  }
  return {vocabSize, total: tokens.length, unigram, bigram};
}

export interface BigramCounts {
  /** c(previous next) */
  pair: number;
  /** c(previous) */
  previous: number;
  /** c(next) and the number of training tokens N, for rules that fall back on the unigram */
  next: number;
  total: number;
  vocabSize: number;
}

export type BigramRule = (counts: BigramCounts) => number;

export const addK = (k: number): BigramRule => {
  if (!(k > 0)) throw new RangeError(`add-k smoothing needs k > 0 (k = 0 gives unseen pairs probability 0), got ${k}`);
  return ({pair, previous, vocabSize}) => (pair + k) / (previous + k * vocabSize);
};

/** Surprisal, in nats, of each token after the first under a counting model. */
export function unigramSurprisals(counts: NgramCounts, ids: readonly number[], k = 1): number[] {
  return ids.slice(1).map((t) => -Math.log((counts.unigram[t] + k) / (counts.total + k * counts.vocabSize)));
}

export function bigramSurprisals(counts: NgramCounts, ids: readonly number[], rule: BigramRule): number[] {
  const {vocabSize, total, unigram, bigram} = counts;
  return ids.slice(1).map((t, i) => {
    const previous = ids[i];
    const p = rule({
      pair: bigram.get(previous * vocabSize + t) ?? 0,
      previous: unigram[previous],
      next: unigram[t],
      total,
      vocabSize
    });
    if (!(p >= 0 && p <= 1))
      throw new RangeError(
        `the rule gave p = ${p} for a pair seen ${bigram.get(previous * vocabSize + t) ?? 0} times; a probability must be in [0, 1]`
      );
    return -Math.log(p); // p = 0: Infinity
  });
}
