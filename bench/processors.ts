// Logits processors per token (npm run bench), in Node, on the course's GPT (onnxruntime-web, WebAssembly, 1 thread):
//   1. each processor alone, and the sampling lesson's chain at its defaults (a filter of the reader's that bans two
//      words, repetition penalty 1.2, temperature 1, top-k 40, top-p 0.9), on the model's real logits for a prompt;
//      the draw from their softmax that follows them; each is the median of many calls, beside the model call itself;
//   2. sampled generation with that chain against greedy generation, per token, timed in pairs (a slow moment of the
//      machine falls on both sides); target: at most 1.2x greedy.
import {readFileSync} from "node:fs";
import {
  checkedFilter,
  generate,
  minP,
  noRepeatNGram,
  repetitionPenalty,
  sampleFromScores,
  samplingPipeline,
  temperature,
  topK,
  topP,
  type LogitsProcessor
} from "../src/generation/index.js";
import {softmax} from "../src/linalg/index.js";
import {gptModel} from "../src/models/gpt.js";
import {seededRandom} from "../src/random.js";
import {createSession} from "../src/runtime/index.js";
import {compactTokenizer, gpt2Encoding} from "../src/tokenizer/index.js";
import {median, row} from "./measure.js";

const manifest = JSON.parse(readFileSync("data/models/gpt/manifest.json", "utf8"));
const tokenizer = compactTokenizer(gpt2Encoding(), manifest.tokenizer);
const session = await createSession(new Uint8Array(readFileSync(`data/models/gpt/${manifest.file}`)), {
  backend: "wasm"
});
const model = gptModel(session, manifest);
const prompt = tokenizer.encode("And the LORD said unto Moses, Go in unto Pharaoh, and").map((t) => t.id);
const {logits} = await model.next([prompt]);
const scores = logits[0];
const context = {tokens: prompt};

// the sampling lesson's own filter at its default: two words banned
const banned = [" LORD", " God"].map((w) => tokenizer.token(w).id);
const filter = checkedFilter((l: Float32Array) => {
  const out = l.slice();
  for (const id of banned) out[id] = -Infinity;
  return out;
});
const chain = samplingPipeline({first: [filter], repetitionPenalty: 1.2, temperature: 1, topK: 40, topP: 0.9});

/** Median milliseconds of one call of `f`, over `calls` calls after a few to warm up. */
function timeCall(f: () => unknown, calls = 300): number {
  for (let i = 0; i < 20; i++) f();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    f();
    times.push(performance.now() - started);
  }
  return median(times);
}

const processors: LogitsProcessor[] = [
  filter,
  repetitionPenalty(1.2),
  temperature(1),
  topK(40),
  topP(0.9),
  minP(0.05),
  noRepeatNGram(3)
];
const afterTopK = topK(40)(scores, context);
const calls: number[] = [];
for (let i = 0; i < 9; i++) {
  const started = performance.now();
  await model.next([prompt]);
  calls.push(performance.now() - started);
}
const modelCall = median(calls);

console.log(
  `Logits processors on the GPT's ${scores.length.toLocaleString("en")}-token vocabulary, Node, median ms per call`
);
row(["processor", "ms per token"]);
for (const p of processors) row([p.label, timeCall(() => p(scores, context)).toFixed(3)]);
row(["top-p 0.9 after top-k 40", timeCall(() => topP(0.9)(afterTopK, context)).toFixed(3)]);
row(["the lesson's chain", timeCall(() => chain.scores(scores, context)).toFixed(3)]);
row(["chain and draw", timeCall(() => sampleFromScores(chain.scores(scores, context), Math.random)).toFixed(3)]);
row(["softmax alone", timeCall(() => softmax(scores)).toFixed(3)]);
row([`model call (${prompt.length} tokens)`, modelCall.toFixed(3)]);

// sampled with the chain against greedy, per token, in pairs
const NEW_TOKENS = 64;
const PAIRS = 25;
async function perToken(strategy: "greedy" | "sample"): Promise<number> {
  const started = performance.now();
  let made = 0;
  for await (const _ of generate(model, prompt, {
    strategy,
    maxNewTokens: NEW_TOKENS,
    stopAtEndOfText: false,
    ...(strategy === "sample" ? {pipeline: chain, rng: seededRandom(1)} : {})
  }))
    made++;
  return (performance.now() - started) / made;
}
await perToken("greedy");
const ratios: number[] = [];
const times = {greedy: [] as number[], sample: [] as number[]};
for (let i = 0; i < PAIRS; i++) {
  const greedy = await perToken("greedy");
  const sample = await perToken("sample");
  times.greedy.push(greedy);
  times.sample.push(sample);
  ratios.push(sample / greedy);
}
const ratio = median(ratios);
console.log(
  `Sampled generation with the lesson's chain against greedy, ${NEW_TOKENS} new tokens with the cache, median of ${PAIRS} pairs' ratios: ${ratio.toFixed(2)}x (${median(times.sample).toFixed(2)} against ${median(times.greedy).toFixed(2)} ms per token); target ≤ 1.2x: ${ratio <= 1.2 ? "met" : "over"}`
);
await session.release();
