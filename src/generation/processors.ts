// Logits processors: pure functions from the model's next-token scores to new scores, applied in order before the
// softmax. Each is made by a factory that checks its argument, and none changes the array it is given.
//   temperature T    z / T: T < 1 sharpens the distribution, T > 1 flattens it
//   top-k            keep the k highest scores
//   top-p (nucleus)  keep the smallest set of tokens whose probabilities sum to at least p (Holtzman et al., 2020)
//   min-p            keep tokens whose probability is at least p times the most likely one's
//   repetition       divide positive (multiply negative) scores of tokens already in the context by θ: the variant
//                    of transformers and llama.cpp; CTRL (Keskar et al., 2019) divides the penalised scores by θ,
//                    which raises a negative one. Either way it goes on the raw logits, before temperature and filters
//   no-repeat n-gram forbid any token that would repeat an n-gram already in the context
import {kthLargest, maximum, softmax} from "../linalg/index.js";

export interface ProcessorContext {
  /** Every token so far, prompt included. */
  tokens: readonly number[];
}

export interface LogitsProcessor {
  (logits: Float32Array, context: ProcessorContext): Float32Array;
  /** For plots of the pipeline: "temperature 0.8", "top-k 40". */
  label: string;
}

function processor(
  label: string,
  f: (logits: Float32Array, context: ProcessorContext) => Float32Array
): LogitsProcessor {
  return Object.assign(f, {label});
}

/**
 * The logits whose `key` (the logit, or its probability) is above `threshold`, and of those equal to it the first by
 * id, `count` kept in all; -Infinity for the rest. What top-k and top-p keep, once they know their threshold. `key[j]`
 * is the key of token `ids[j]` (ids in increasing order), or of token j when every token has one.
 */
function keepTop(
  logits: Float32Array,
  key: ArrayLike<number>,
  threshold: number,
  count: number,
  ids?: ArrayLike<number>
): Float32Array {
  // one pass: the keys above the threshold are kept as met; of those equal to it, the first `count` are noted (no
  // more can be wanted), and once the pass has counted the ones above, as many as are still wanted are kept
  const out = new Float32Array(logits.length).fill(-Infinity);
  const ties: number[] = [];
  let above = 0;
  for (let j = 0; j < key.length; j++) {
    const k = key[j];
    if (k > threshold) {
      const i = ids ? ids[j] : j;
      out[i] = logits[i];
      above++;
    } else if (k === threshold && ties.length < count) ties.push(ids ? ids[j] : j);
  }
  for (let t = 0; t < count - above && t < ties.length; t++) out[ties[t]] = logits[ties[t]];
  return out;
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/**
 * A reader's own filter as a processor: what it returns is checked before any stage uses it, so that a wrong length,
 * a NaN or +Infinity score (which would make every probability NaN) or a filter that forbids every token is said
 * in words, naming the token, instead of surfacing as a silent pick of token 0 further on.
 */
export function checkedFilter(
  f: (logits: Float32Array, context: ProcessorContext) => unknown,
  label = "your filter"
): LogitsProcessor {
  return processor(label, (logits, context) => {
    const out = f(logits, context);
    if (!(out instanceof Float32Array) || out.length !== logits.length) {
      const what = out instanceof Float32Array ? `${out.length} scores` : `${out === null ? "null" : typeof out}`;
      throw new TypeError(`${label} must return a Float32Array of ${logits.length} scores; it returned ${what}`);
    }
    let open = false;
    for (let i = 0; i < out.length; i++) {
      const v = out[i];
      // NaN fails both comparisons; the message is made only for the score that fails
      if (!(v < Infinity))
        throw new RangeError(
          `${label} gave token ${i} the score ${v}: a score must be a finite number, or -Infinity to forbid the token`
        );
      open ||= v > -Infinity;
    }
    check(open, `${label} forbade every token: nothing is left to choose`);
    return out;
  });
}

export function temperature(t: number): LogitsProcessor {
  check(
    t > 0 && Number.isFinite(t),
    `temperature must be a positive number, got ${t} (for temperature 0, use greedy decoding)`
  );
  return processor(`temperature ${t}`, (logits) => {
    if (t === 1) return logits.slice();
    const top = maximum(logits);
    const out = new Float32Array(logits.length);
    if (top === -Infinity || Number.isFinite(Math.fround(top / t))) {
      for (let i = 0; i < out.length; i++) out[i] = logits[i] / t;
    } else {
      // z / T beyond float32's range: T is so near 0 that the softmax is its limit, all the mass on the largest logit
      for (let i = 0; i < out.length; i++) out[i] = logits[i] === top ? 0 : -Infinity;
    }
    return out;
  });
}

export function topK(k: number): LogitsProcessor {
  check(Number.isInteger(k) && k >= 1, `top-k must be a whole number of at least 1, got ${k}`);
  return processor(`top-k ${k}`, (logits) => {
    if (k >= logits.length) return logits.slice();
    // the k-th largest by selection: no sort of the vocabulary at every token; exactly k kept, ties by id
    return keepTop(logits, logits, kthLargest(logits, k), k);
  });
}

export function topP(p: number): LogitsProcessor {
  check(p > 0 && p <= 1, `top-p must be in (0, 1], got ${p}`);
  return processor(`top-p ${p}`, (logits) => {
    if (p === 1) return logits.slice();
    // the tokens an earlier filter left (after top-k, a few dozen) and their softmax: the others have probability 0
    const ids: number[] = [];
    for (let i = 0; i < logits.length; i++) if (logits[i] !== -Infinity) ids.push(i);
    const n = ids.length;
    const scores = new Float64Array(n);
    for (let j = 0; j < n; j++) scores[j] = logits[ids[j]];
    const probabilities = softmax(scores);
    // how many tokens the nucleus takes, from a numeric sort of the probabilities left (no comparator called per
    // pair): the likeliest first, until their mass reaches p
    const left = probabilities.filter((q) => q > 0).sort();
    let mass = 0;
    let taken = 0;
    while (taken < left.length && mass < p) mass += left[left.length - ++taken];
    // the token that crosses p is kept, so at least one always is; ties at the threshold go by id
    return keepTop(logits, probabilities, left[left.length - taken], taken, ids);
  });
}

export function minP(p: number): LogitsProcessor {
  check(p >= 0 && p <= 1, `min-p must be in [0, 1], got ${p}`);
  return processor(`min-p ${p}`, (logits) => {
    const floor = maximum(logits) + Math.log(p); // probability ratio p to the top token, in logit space
    const out = new Float32Array(logits.length);
    for (let i = 0; i < out.length; i++) out[i] = logits[i] >= floor ? logits[i] : -Infinity;
    return out;
  });
}

export function repetitionPenalty(theta: number): LogitsProcessor {
  check(theta >= 1 && Number.isFinite(theta), `the repetition penalty must be a number of at least 1, got ${theta}`);
  return processor(`repetition penalty ${theta}`, (logits, {tokens}) => {
    const out = logits.slice();
    for (const id of new Set(tokens)) if (id < out.length) out[id] = out[id] > 0 ? out[id] / theta : out[id] * theta;
    return out;
  });
}

export function noRepeatNGram(n: number): LogitsProcessor {
  check(Number.isInteger(n) && n >= 1, `the n-gram size must be a whole number of at least 1, got ${n}`);
  return processor(`no repeated ${n}-gram`, (logits, {tokens}) => {
    const out = logits.slice();
    if (tokens.length < n - 1) return out;
    const prefix = tokens.slice(tokens.length - (n - 1)).join(",");
    for (let i = 0; i + n <= tokens.length; i++) {
      if (tokens.slice(i, i + n - 1).join(",") === prefix) out[tokens[i + n - 1]] = -Infinity;
    }
    return out;
  });
}
