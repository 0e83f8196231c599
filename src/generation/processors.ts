// Logits processors: pure functions from the model's next-token scores to new scores, applied in order before the
// softmax. Each is made by a factory that checks its argument, and none changes the array it is given.
//   temperature T    z / T: T < 1 sharpens the distribution, T > 1 flattens it
//   top-k            keep the k highest scores
//   top-p (nucleus)  keep the smallest set of tokens whose probabilities sum to at least p
//   min-p            keep tokens whose probability is at least p times the most likely one's
//   repetition       divide positive (multiply negative) scores of tokens already in the context by θ: the variant
//                    of transformers and llama.cpp; CTRL (Keskar et al., 2019) divides the penalised scores by θ,
//                    which raises a negative one. Either way it goes on the raw logits, before temperature and filters
//   no-repeat n-gram forbid any token that would repeat an n-gram already in the context
import {kthLargest, softmax} from "../linalg/index.js";

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
    const top = logits.reduce((m, v) => Math.max(m, v), -Infinity);
    if (top === -Infinity || Number.isFinite(Math.fround(top / t))) return logits.map((v) => v / t);
    // z / T beyond float32's range: T is so near 0 that the softmax is its limit, all the mass on the largest logit
    return logits.map((v) => (v === top ? 0 : -Infinity));
  });
}

export function topK(k: number): LogitsProcessor {
  check(Number.isInteger(k) && k >= 1, `top-k must be a whole number of at least 1, got ${k}`);
  return processor(`top-k ${k}`, (logits) => {
    if (k >= logits.length) return logits.slice();
    const threshold = kthLargest(logits, k); // by selection: no sort of the vocabulary at every token
    let kept = 0; // ties at the threshold: keep the first ones, exactly k in all
    const above = logits.reduce((n, v) => n + (v > threshold ? 1 : 0), 0);
    return logits.map((v) => (v > threshold || (v === threshold && kept++ < k - above) ? v : -Infinity));
  });
}

export function topP(p: number): LogitsProcessor {
  check(p > 0 && p <= 1, `top-p must be in (0, 1], got ${p}`);
  return processor(`top-p ${p}`, (logits) => {
    if (p === 1) return logits.slice();
    const probabilities = softmax(logits);
    // only tokens an earlier filter left (after top-k, a few dozen) are ordered; the sort is stable, so ties keep
    // their order by id
    const order: number[] = [];
    for (let i = 0; i < probabilities.length; i++) if (probabilities[i] > 0) order.push(i);
    order.sort((a, b) => probabilities[b] - probabilities[a]);
    const keep = new Uint8Array(logits.length);
    let mass = 0;
    for (const i of order) {
      keep[i] = 1; // the token that crosses p is kept: at least one token always survives
      mass += probabilities[i];
      if (mass >= p) break;
    }
    return logits.map((v, i) => (keep[i] ? v : -Infinity));
  });
}

export function minP(p: number): LogitsProcessor {
  check(p >= 0 && p <= 1, `min-p must be in [0, 1], got ${p}`);
  return processor(`min-p ${p}`, (logits) => {
    const max = logits.reduce((m, v) => Math.max(m, v), -Infinity);
    const floor = max + Math.log(p); // probability ratio p to the top token, in logit space
    return logits.map((v) => (v >= floor ? v : -Infinity));
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
