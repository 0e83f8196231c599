// Greedy continuations of several prompts at once: one model call per step for all of them. The graph takes a
// rectangular batch, so every prompt keeps its last `length` tokens (the shortest prompt's length).
import {argmax} from "../linalg/index.js";
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
  if (length + maxNewTokens > model.contextLength)
    throw new RangeError(`${length} + ${maxNewTokens} tokens exceed the context of ${model.contextLength}`);
  const out = prompts.map(() => [] as number[]);
  let rows = prompts.map((p) => p.slice(-length));
  let cache: Cache | undefined;
  for (let step = 0; step < maxNewTokens; step++) {
    signal?.throwIfAborted();
    const next = await model.next(rows, cache);
    cache = next.cache;
    rows = next.logits.map((logits) => [argmax(logits)]);
    rows.forEach(([token], b) => out[b].push(token));
    onStep?.(step + 1);
  }
  return out;
}
