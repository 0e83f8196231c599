// Generation benchmark, measured side by side in one run (npm run bench, once the budgets benchmark has built the
// site), with the course's GPT on onnxruntime-web (WebAssembly, one thread), in Node and in headless Chromium
// through the built runtime module:
//   1. greedy tokens per second with the key/value cache and without it, at 64 new tokens and at as many as fill
//      the context; targets: the cache at least 8x faster than recomputing there, the browser within 1.25x of Node;
//   2. beam search with 4 beams against greedy generation, per token; target: at most 2.5x greedy.
// The long run stops where prompt and new tokens fill the context (256): past it generate() crops, and with the
// cache that means re-reading the whole context every step, which is no longer the cache's cost.
import {readFileSync} from "node:fs";
import {createSession} from "../src/runtime/index.js";
import {compactTokenizer, gpt2Encoding} from "../src/tokenizer/index.js";
import {bundle, provide} from "../test/e2e/browser.js";
import {generationTimes, mergeTimes, type GenerationPlan, type GenerationTimes} from "./generationTimes.js";
import {inChromium} from "./chromium.js";
import {median, row} from "./measure.js";

const manifest = JSON.parse(readFileSync("data/models/gpt/manifest.json", "utf8"));
const model = new Uint8Array(readFileSync(`data/models/gpt/${manifest.file}`));
const prompt = compactTokenizer(gpt2Encoding(), manifest.tokenizer)
  .encode("In the beginning God created the heaven and")
  .map((t) => t.id);
const full = manifest.architecture.contextLength - prompt.length;
// One run of each greedy measurement per round; Node and Chromium take turns, round after round, so a slow moment of
// the machine falls on both sides of the browser/Node ratio.
const rounds = 5;
const plan: GenerationPlan = {prompt, lengths: [64, full], beams: 4, beamTokens: 64, beamPairs: 3};
// what gptModel reads, not the whole vocabulary
const gpt = {architecture: manifest.architecture, tokenizer: {endOfText: manifest.tokenizer.endOfText}};

const session = await createSession(model, {backend: "wasm"});
const code = await bundle(["bench/generationTimes.ts"]);
const [node, web] = await inChromium(async (page, site) => {
  const files = {code: "_bench/generationTimes.js", model: "_bench/gpt.onnx"};
  await provide(page, {[files.code]: code, [files.model]: model});
  await page.evaluate(
    async ({runtime, files, gpt}) => {
      const {createSession} = await import(runtime);
      const {generationTimes} = await import(`./${files.code}`);
      const bytes = new Uint8Array(await (await fetch(`./${files.model}`)).arrayBuffer());
      const session = await createSession(bytes, {backend: "wasm"});
      (globalThis as any).timeRound = (plan: GenerationPlan) => generationTimes(session, gpt, plan);
    },
    {runtime: site.runtime, files, gpt}
  );
  const node: GenerationTimes[] = [];
  const web: GenerationTimes[] = [];
  for (let round = 0; round < rounds; round++) {
    node.push(await generationTimes(session, gpt, plan));
    web.push(await page.evaluate((plan) => (globalThis as any).timeRound(plan), plan));
  }
  return [mergeTimes(node), mergeTimes(web)];
});
await session.release();

const ms = (times: GenerationTimes) => ({
  cache: (n: number) => median(times.greedy[n].cache),
  noCache: (n: number) => median(times.greedy[n].noCache),
  beam: median(times.beam.beam),
  beamGreedy: median(times.beam.greedy),
  // each pair's own ratio, then their median: a slow moment of the machine falls on one pair, not on the result
  beamRatio: median(times.beam.beam.map((b, i) => b / times.beam.greedy[i]))
});
const [n, w] = [ms(node), ms(web)];
const perSecond = (msPerToken: number) => (1000 / msPerToken).toFixed(0);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

console.log(
  `GPT greedy generation, tokens per second, median of ${rounds} (onnxruntime-web 1.30, WebAssembly, 1 thread)`
);
console.log(
  `prompt of ${prompt.length} tokens; ${full} new tokens fill the context of ${manifest.architecture.contextLength}`
);
row(["", "Node tok/s", "Chromium tok/s", "browser/Node"]);
for (const length of plan.lengths) {
  row([
    `${length} new, cache`,
    perSecond(n.cache(length)),
    perSecond(w.cache(length)),
    ratio(w.cache(length), n.cache(length))
  ]);
  row([
    `${length} new, no cache`,
    perSecond(n.noCache(length)),
    perSecond(w.noCache(length)),
    ratio(w.noCache(length), n.noCache(length))
  ]);
}
console.log("target: browser/Node <= 1.25x (time per token)");
row(["cache speed-up", "Node", "Chromium", ""]);
for (const length of plan.lengths)
  row([`${length} new`, ratio(n.noCache(length), n.cache(length)), ratio(w.noCache(length), w.cache(length)), ""]);
console.log(`target: the cache at least 8x faster than recomputing at ${full} new tokens (context full)`);

console.log(
  `\nBeam search (${plan.beams} beams, one batched call per step) against greedy, timed in turn, median of ${rounds * plan.beamPairs} pairs, ${plan.beamTokens} new tokens, cache on`
);
row(["", "Node ms/tok", "Chromium ms/tok", ""]);
row(["greedy", n.beamGreedy.toFixed(2), w.beamGreedy.toFixed(2), ""]);
row([`${plan.beams} beams`, n.beam.toFixed(2), w.beam.toFixed(2), ""]);
row([`${plan.beams} beams / greedy`, `${n.beamRatio.toFixed(2)}x`, `${w.beamRatio.toFixed(2)}x`, ""]);
console.log(`target: ${plan.beams} beams at most 2.5x greedy per token`);
