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
  /** New tokens for the beam search, one of `lengths`: it is compared with greedy generation with the cache. */
  beamTokens: number;
  runs: number;
}

/** Milliseconds per generated token, every run: `greedy[length].cache`, `.noCache`; beam search per step. */
export interface GenerationTimes {
  greedy: Record<number, {cache: number[]; noCache: number[]}>;
  beam: number[];
}

export async function generationTimes(session: ModelSession, manifest: GptManifest, plan: GenerationPlan): Promise<GenerationTimes> {
  const {prompt, lengths, beams, beamTokens, runs} = plan;
  if (!lengths.includes(beamTokens)) throw new RangeError(`beamTokens (${beamTokens}) must be one of the lengths timed greedily, ${lengths}`);
  const model = gptModel(session, manifest);
  const greedy = (maxNewTokens: number, useCache: boolean) =>
    perToken(async () => {
      let made = 0;
      for await (const _ of generate(model, prompt, {strategy: "greedy", maxNewTokens, stopAtEndOfText: false, useCache})) made++;
      return made;
    });
  // earlyStopping "never": every beam runs to the limit, so each step is one batched call of `beams` rows
  const beam = () => perToken(async () => (await beamSearch(model, prompt, {beams, maxNewTokens: beamTokens, earlyStopping: "never"})).modelCalls);

  await warmUp(model, prompt);
  const result: GenerationTimes = {greedy: {}, beam: []};
  for (const length of lengths) {
    result.greedy[length] = {cache: [], noCache: []};
    for (let i = 0; i < runs; i++) {
      result.greedy[length].cache.push(await greedy(length, true));
      result.greedy[length].noCache.push(await greedy(length, false));
    }
  }
  for (let i = 0; i < runs; i++) result.beam.push(await beam());
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
    for await (const _ of generate(model, prompt, {strategy: "greedy", maxNewTokens: 8, stopAtEndOfText: false, useCache}));
  }
}
