// Beam search: keep the `beams` best partial continuations instead of one, and extend them all in one batched model
// call per step. A finished hypothesis (one that produced end-of-text, or reached the token limit) is scored by its
// log-probability divided by its length to the power α, the length penalty (α > 0 favours longer answers):
//   score = log p(y_1 .. y_n | prompt) / n^α
// Early stopping: true stops once `beams` hypotheses are finished; false also stops when no live beam can still beat
// the worst finished one by the usual estimate; "never" runs to the token limit (exact with enough beams).
import type {LanguageModel} from "./model.js";
import {logSumExp} from "../linalg/index.js";
import {cropContext} from "./context.js";
import {pipeline as makePipeline, type Pipeline} from "./pipeline.js";

export interface BeamOptions {
  beams: number;
  maxNewTokens: number;
  lengthPenalty?: number;
  earlyStopping?: boolean | "never";
  pipeline?: Pipeline;
  useCache?: boolean;
}

export interface Hypothesis {
  tokens: number[];
  logProbability: number;
  score: number;
}

/** One candidate considered at one step, for drawing the search as a tree. */
export interface BeamCandidate {
  step: number;
  /** Index of the beam it extends, in the previous step's live beams. */
  parent: number;
  token: number;
  logProbability: number;
  kept: boolean;
}

export interface BeamResult {
  /** Best first. */
  hypotheses: Hypothesis[];
  candidates: BeamCandidate[];
  modelCalls: number;
}

export async function beamSearch<Cache>(
  model: LanguageModel<Cache>,
  prompt: number[],
  options: BeamOptions
): Promise<BeamResult> {
  const {beams, maxNewTokens, lengthPenalty = 1, earlyStopping = true, useCache = true} = options;
  if (!Number.isInteger(beams) || beams < 1)
    throw new RangeError(`the number of beams must be a whole number of at least 1, got ${beams}`);
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1)
    throw new RangeError(`maxNewTokens must be a whole number of at least 1, got ${maxNewTokens}`);
  const pipeline = options.pipeline ?? makePipeline();
  const score = (logProbability: number, length: number) => logProbability / Math.pow(length, lengthPenalty);
  let live = [{tokens: [] as number[], logProbability: 0}];
  const finished: Hypothesis[] = [];
  const candidates: BeamCandidate[] = [];
  let cache: Cache | undefined;
  let modelCalls = 0;

  for (let step = 0; step < maxNewTokens && live.length > 0; step++) {
    // 1. one batched call for every live beam: only the newest token with the cache, the cropped context without
    const contexts = live.map((b) => [...prompt, ...b.tokens]);
    const cropped = !useCache || !cache || model.cacheLength(cache) + 1 > model.contextLength;
    const rows = cropped
      ? contexts.map((c) => cropContext(c, model.contextLength).tokens)
      : live.map((b) => [b.tokens.at(-1)!]);
    const out = await model.next(rows, cropped ? undefined : cache);
    modelCalls++;
    // 2. every beam's every continuation, scored by cumulative log-probability; only the best 2·beams are kept
    const best = topCandidates(
      out.logits.map((logits, parent) => pipeline.scores(logits, {tokens: contexts[parent]})),
      live.map((b) => b.logProbability),
      2 * beams
    );
    // 3. of those, end-of-text ones finish, the others fill the next live beams
    const next: {tokens: number[]; logProbability: number; parent: number}[] = [];
    for (const c of best) {
      const tokens = [...live[c.parent].tokens, c.token];
      const done = c.token === model.endOfText;
      const kept = done || next.length < beams;
      candidates.push({step, parent: c.parent, token: c.token, logProbability: c.logProbability, kept});
      if (done)
        finished.push({tokens, logProbability: c.logProbability, score: score(c.logProbability, tokens.length)});
      else if (kept) next.push({tokens, logProbability: c.logProbability, parent: c.parent});
    }
    finished.sort((a, b) => b.score - a.score).splice(beams);
    cache = useCache
      ? model.reorder(
          out.cache,
          next.map((b) => b.parent)
        )
      : undefined;
    live = next;
    // 4. stop early?
    if (earlyStopping === "never" || finished.length < beams) continue;
    if (earlyStopping === true) break;
    const bestLive = Math.max(...live.map((b) => score(b.logProbability, b.tokens.length)));
    if (bestLive <= finished.at(-1)!.score) break;
  }
  // beams still alive at the limit are hypotheses too
  for (const b of live)
    finished.push({
      tokens: b.tokens,
      logProbability: b.logProbability,
      score: score(b.logProbability, b.tokens.length)
    });
  finished.sort((a, b) => b.score - a.score);
  return {hypotheses: finished.slice(0, beams), candidates, modelCalls};
}

/**
 * The `k` continuations with the highest cumulative log-probability, best first; ties keep beam and token order.
 * The same as sorting all beams × vocabulary of them and taking the first k, without making or sorting them all.
 * A row's log-probabilities are its scores less their log-sum-exp, log p_v = s_v - log Σ exp(s_u), so a row costs
 * one pass of exponentials and then a subtraction per token.
 */
function topCandidates(scores: Float32Array[], logProbabilities: number[], k: number) {
  const best: {parent: number; token: number; logProbability: number}[] = [];
  for (let parent = 0; parent < scores.length; parent++) {
    const row = scores[parent];
    const base = logProbabilities[parent] - logSumExp(row);
    for (let token = 0; token < row.length; token++) {
      if (row[token] === -Infinity) continue;
      const logProbability = base + row[token];
      if (best.length === k && logProbability <= best[k - 1].logProbability) continue;
      let at = best.length;
      while (at > 0 && best[at - 1].logProbability < logProbability) at--;
      best.splice(at, 0, {parent, token, logProbability});
      if (best.length > k) best.pop();
    }
  }
  return best;
}
