// The generation timings, one module for both sides of the benchmark: Node imports it, and bench/generation.ts
// bundles it for the page, which passes in a session made by the built site's runtime module.
import {beamSearch, generate, type LanguageModel} from "../src/generation/index.js";
import {gptModel, type GptManifest} from "../src/models/gpt.js";
import type {ModelSession} from "../src/runtime/index.js";

export interface GenerationPlan {
  prompt: number[];
  /** Numbers of new tokens to time greedy generation at, with the cache and without. */
  lengths: number[];
  beams: number;
  /** New tokens for the beam search and for the greedy generation (with the cache) timed in turn with it. */
  beamTokens: number;
  /** Pairs of runs, greedy then beam search, in one call: they are short, and their ratio is what is judged. */
  beamPairs: number;
}

/**
 * Milliseconds per generated token, every run: `greedy[length].cache`, `.noCache`; beam search per step, and greedy
 * generation with the cache timed in turn with it, so a slow moment of the machine falls on both sides of the ratio.
 * One call times each greedy length once, with the cache and without; the benchmark calls it round after round.
 */
export interface GenerationTimes {
  greedy: Record<number, {cache: number[]; noCache: number[]}>;
  beam: {beam: number[]; greedy: number[]};
}

export async function generationTimes(
  session: ModelSession,
  manifest: GptManifest,
  plan: GenerationPlan
): Promise<GenerationTimes> {
  const {prompt, lengths, beams, beamTokens, beamPairs} = plan;
  const model = gptModel(session, manifest);
  const greedy = (maxNewTokens: number, useCache: boolean) =>
    perToken(async () => {
      let made = 0;
      for await (const _ of generate(model, prompt, {
        strategy: "greedy",
        maxNewTokens,
        stopAtEndOfText: false,
        useCache
      }))
        made++;
      return made;
    });
  // earlyStopping "never": every beam runs to the limit, so each step is one batched call of `beams` rows
  const beam = () =>
    perToken(
      async () =>
        (await beamSearch(model, prompt, {beams, maxNewTokens: beamTokens, earlyStopping: "never"})).modelCalls
    );

  await warmUp(model, prompt);
  const result: GenerationTimes = {greedy: {}, beam: {beam: [], greedy: []}};
  for (const length of lengths)
    result.greedy[length] = {cache: [await greedy(length, true)], noCache: [await greedy(length, false)]};
  for (let i = 0; i < beamPairs; i++) {
    result.beam.greedy.push(await greedy(beamTokens, true));
    result.beam.beam.push(await beam());
  }
  return result;
}

/** Milliseconds per token of a task that returns how many tokens (or beam steps) it made. */
async function perToken(task: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const tokens = await task();
  return (performance.now() - started) / tokens;
}

async function warmUp<Cache>(model: LanguageModel<Cache>, prompt: number[]) {
  for (const useCache of [true, false]) {
    for await (const _ of generate(model, prompt, {
      strategy: "greedy",
      maxNewTokens: 8,
      stopAtEndOfText: false,
      useCache
    }));
  }
}

/** The runs of several calls as one set of runs. */
export function mergeTimes(parts: GenerationTimes[]): GenerationTimes {
  const merged: GenerationTimes = {greedy: {}, beam: {beam: [], greedy: []}};
  for (const part of parts) {
    for (const [length, {cache, noCache}] of Object.entries(part.greedy)) {
      merged.greedy[+length] ??= {cache: [], noCache: []};
      merged.greedy[+length].cache.push(...cache);
      merged.greedy[+length].noCache.push(...noCache);
    }
    merged.beam.beam.push(...part.beam.beam);
    merged.beam.greedy.push(...part.beam.greedy);
  }
  return merged;
}
