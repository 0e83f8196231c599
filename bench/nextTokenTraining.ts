// Next-token training benchmark, in Node with the lesson's own src code (the worker's trainer and nextTokenRun, the
// page's default settings): characters of one shipped book (Genesis, its last tenth held out), every model trained
// from the same seed for 60 s of training time, its held-out perplexity printed after 15, 30 and 60 s (evaluations
// not counted in the time) with its steps per second. The bar: after 60 s the small Transformer's held-out perplexity
// is below the bigram's and the MLP's. Then the Transformer served as the page serves it (serveNextTokenTrainer on a
// MessageChannel, reporting, evaluating and sampling as it trains) for 30 s: its training tokens per second, and the
// share of the worker's time spent outside the engine's training steps (slices, reports, held-out evaluations,
// continuations). Node rather than Chromium: the same code, without a browser's worker in between; on this machine's
// 2 shared cores, a figure is one run's, not a median.
//   npx tsx bench/nextTokenTraining.ts [seconds per model]
import {readFileSync} from "node:fs";
import {MessageChannel} from "node:worker_threads";
import {
  corpus,
  MODELS,
  nextTokenRun,
  serveNextTokenTrainer,
  type NextTokenReport,
  type NextTokenSettings,
  type RunSettings
} from "../src/learning/index.js";
import {row} from "./measure.js";

const SECONDS = Number(process.argv[2] ?? 60);
const MARKS = [SECONDS / 4, SECONDS / 2, SECONDS];
const SERVED_S = SECONDS / 2;
// the lesson's defaults (lessons/next-token-training.md)
const DEFAULTS: RunSettings = {
  model: "Transformer",
  context: 32,
  width: 32,
  layers: 2,
  batch: 16,
  lr: 1e-2,
  clip: 1,
  seed: 1
};
const text = readFileSync(new URL("../data/datasets/kjv-genesis.txt", import.meta.url), "utf8");
const data = corpus(text, "characters", DEFAULTS.context);

console.log(
  `Next token, characters of Genesis (KJV): ${data.train.length.toLocaleString("en")} training and ${data.heldOut.length.toLocaleString("en")} held-out tokens, vocabulary ${data.vocabSize}; ` +
    `context ${DEFAULTS.context}, width ${DEFAULTS.width}, ${DEFAULTS.layers} Transformer blocks, batch ${DEFAULTS.batch}, AdamW lr ${DEFAULTS.lr}, clip ${DEFAULTS.clip}, seed ${DEFAULTS.seed}; Node ${process.version}`
);
row(["model", ...MARKS.map((s) => `ppl after ${s} s`), "steps/s"]);
const perplexity: Partial<Record<(typeof MODELS)[number], number>> = {};
for (const model of MODELS) {
  const run = nextTokenRun(data, {...DEFAULTS, model});
  let trained = 0;
  const cells: string[] = [];
  for (const mark of MARKS) {
    const start = performance.now();
    while (trained + performance.now() - start < mark * 1000) run.step();
    trained += performance.now() - start;
    perplexity[model] = Math.exp(run.heldOutLoss());
    cells.push(perplexity[model]!.toFixed(2));
  }
  row([model, ...cells, ((run.steps / trained) * 1000).toFixed(2)]);
}
const met = perplexity.Transformer! < perplexity.bigram! && perplexity.Transformer! < perplexity.MLP!;
console.log(
  `bar: after ${SECONDS} s the Transformer's held-out perplexity, ${perplexity.Transformer!.toFixed(2)}, is below the bigram's (${perplexity.bigram!.toFixed(2)}) and the MLP's (${perplexity.MLP!.toFixed(2)}): ${met ? "met" : "MISSED"}`
);

// the Transformer as the page's worker trains it
const {port1, port2} = new MessageChannel();
serveNextTokenTrainer(port1 as never);
let last: Extract<NextTokenReport, {type: "progress"}> | undefined;
port2.on("message", (report: NextTokenReport) => {
  if (report.type === "progress") last = report;
});
const settings: NextTokenSettings = {...DEFAULTS, text, tokenization: "characters", prompt: "And God said"};
port2.postMessage({type: "reset", settings});
await new Promise((resolve) => setTimeout(resolve, 2000)); // the untrained model's evaluation and continuations
const start = performance.now();
port2.postMessage({type: "train"});
await new Promise((resolve) => setTimeout(resolve, SERVED_S * 1000));
port2.postMessage({type: "pause"});
while (last!.training) await new Promise((resolve) => setTimeout(resolve, 10));
const wallMs = performance.now() - start;
const tokens = last!.step * DEFAULTS.batch * DEFAULTS.context;
const inStepsMs = (tokens / last!.tokensPerSecond) * 1000;
console.log(
  `served (${SERVED_S} s): ${last!.step} steps, ${Math.round(last!.tokensPerSecond).toLocaleString("en")} training tokens/s in the steps, ` +
    `${Math.round((tokens / wallMs) * 1000).toLocaleString("en")} over the wall time; ${(100 * (1 - inStepsMs / wallMs)).toFixed(1)}% of the time outside the engine's training steps`
);
port1.close();
port2.close();
