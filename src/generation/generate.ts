// Generation, one token at a time, as an async stream a page can render and cancel. nanoGPT's generate() order,
// kept visible: crop the context, take the last logits, process them (penalties, temperature, filters), softmax,
// choose.
import type {Rng} from "../random.js";
import type {LanguageModel} from "./model.js";
import {pipeline as makePipeline, type Pipeline} from "./pipeline.js";
import {argmax} from "../linalg/index.js";
import {cropContext} from "./context.js";

export interface GenerateOptions {
  /** "greedy" takes the most likely token; "sample" draws one with `rng`. */
  strategy: "greedy" | "sample";
  pipeline?: Pipeline;
  rng?: Rng;
  maxNewTokens: number;
  /** Stop at the model's end-of-text token (default true). */
  stopAtEndOfText?: boolean;
  /** Stop once the generated text contains one of these; needs `decode`. The stop string is not part of the output. */
  stopStrings?: string[];
  decode?: (ids: number[]) => string;
  /** Reuse the keys and values of past tokens (default true); off, every step re-reads the whole context. */
  useCache?: boolean;
  signal?: AbortSignal;
}

export interface GeneratedToken {
  token: number;
  /** Why generation ends after this token, if it does. */
  stop?: "end-of-text" | "stop-string" | "max-tokens";
}

/**
 * Draws a token from the softmax of `scores` with a seeded uniform source (inverse CDF), without making the
 * probabilities: softmax(s)_i = e^(s_i - m) / Σ_j e^(s_j - m) for the largest score m, so u·Σ is walked down by
 * e^(s_i - m), and a token a filter removed (-Infinity, e^-∞ = 0) is never drawn. The first pass finds m and Σ
 * together, rescaling Σ when a larger score comes (Milakov and Gimelshein, 2018, "Online normalizer calculation for
 * softmax"); after top-k only the k kept tokens take exponentials.
 */
export function sampleFromScores(scores: ArrayLike<number>, rng: Rng): number {
  let max = -Infinity;
  let sum = 0;
  const open: number[] = []; // the tokens no filter removed, so the walk below skips the rest
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s === -Infinity) continue;
    open.push(i);
    if (s > max) {
      sum = sum * Math.exp(max - s) + 1;
      max = s;
    } else sum += Math.exp(s - max);
  }
  let u = rng() * sum;
  for (const i of open) {
    u -= Math.exp(scores[i] - max);
    if (u < 0) return i;
  }
  return argmax(scores); // rounding left a sliver: the most likely token
}

export async function* generate<Cache>(
  model: LanguageModel<Cache>,
  prompt: number[],
  options: GenerateOptions
): AsyncGenerator<GeneratedToken> {
  const {
    strategy,
    rng,
    maxNewTokens,
    stopAtEndOfText = true,
    stopStrings = [],
    decode,
    useCache = true,
    signal
  } = options;
  const pipeline = options.pipeline ?? makePipeline();
  if (prompt.length === 0) throw new RangeError("the prompt needs at least one token");
  if (strategy === "sample" && !rng) throw new RangeError("sampling needs a seeded random source (rng)");
  if (stopStrings.length && !decode) throw new RangeError("stop strings need a decode function to read the text");
  const tokens = [...prompt];
  const generated: number[] = [];
  let cache: Cache | undefined;
  let fresh: number[] = tokens; // what the model has not read yet
  for (let step = 0; step < maxNewTokens; step++) {
    signal?.throwIfAborted();
    // 1. crop the context: the model reads at most contextLength tokens; once the cache is full, start it again
    if (!useCache || !cache || model.cacheLength(cache) + fresh.length > model.contextLength) {
      cache = undefined;
      fresh = cropContext(tokens, model.contextLength).tokens;
    }
    // 2. the logits of the next token
    const out = await model.next([fresh], useCache ? cache : undefined);
    cache = useCache ? out.cache : undefined;
    // 3. penalties, temperature and filters, 4. softmax, 5. choose: greedy takes the largest score, which softmax
    // would make the largest probability; sampling draws from the softmax of the scores without writing it out
    const context = {tokens};
    const scores = pipeline.scores(out.logits[0], context);
    const token = strategy === "greedy" ? argmax(scores) : sampleFromScores(scores, rng!);
    tokens.push(token);
    generated.push(token);
    fresh = [token];
    const stop =
      stopAtEndOfText && token === model.endOfText
        ? "end-of-text"
        : stopStrings.some((s) => decode!(generated).includes(s))
          ? "stop-string"
          : step + 1 === maxNewTokens
            ? "max-tokens"
            : undefined;
    yield {token, ...(stop ? {stop} : {})};
    if (stop) return;
  }
}
