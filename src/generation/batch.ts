// Greedy continuations of several prompts at once: one model call per step for all of them. The graph takes a
// rectangular batch, so every prompt keeps its last `length` tokens (the shortest prompt's length). Past the
// model's context every row is cropped, as generate() crops one.
import {argmax} from "../linalg/index.js";
import {cropContext} from "./context.js";
import type {LanguageModel} from "./model.js";

export async function greedyBatch<Cache>(
  model: LanguageModel<Cache>,
  prompts: number[][],
  maxNewTokens: number,
  {signal, onStep}: {signal?: AbortSignal; onStep?: (done: number) => void} = {}
): Promise<number[][]> {
  if (prompts.length === 0) throw new RangeError("give at least one prompt");
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1)
    throw new RangeError(`maxNewTokens must be a whole number of at least 1, got ${maxNewTokens}`);
  const length = Math.min(...prompts.map((p) => p.length));
  if (length === 0) throw new RangeError("every prompt needs at least one token");
  const contexts = prompts.map((p) => p.slice(-length));
  const out = prompts.map(() => [] as number[]);
  let fresh: number[][] = [];
  let cache: Cache | undefined;
  for (let step = 0; step < maxNewTokens; step++) {
    signal?.throwIfAborted();
    if (!cache || model.cacheLength(cache) + 1 > model.contextLength) {
      cache = undefined;
      fresh = contexts.map((c) => cropContext(c, model.contextLength).tokens);
    }
    const next = await model.next(fresh, cache);
    cache = next.cache;
    fresh = next.logits.map((logits) => [argmax(logits)]);
    fresh.forEach(([token], b) => (contexts[b].push(token), out[b].push(token)));
    onStep?.(step + 1);
  }
  return out;
}
