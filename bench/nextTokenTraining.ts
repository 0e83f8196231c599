// Next-token training benchmark, in headless Chromium (the bar is the browser's) with the lesson's own src
// code (bench/nextTokenTimes.ts, bundled for the page) at the page's default settings: characters of one shipped book
// (Genesis, its last tenth held out), every model trained from the same seed for 60 s of training time on the page's
// thread, its held-out perplexity printed after 15, 30 and 60 s (evaluations not counted in the time) with its steps
// per second. The bar: after 60 s the small Transformer's held-out perplexity is below the bigram's and the MLP's.
// Then the Transformer served as the page serves it (serveNextTokenTrainer on a MessageChannel, reporting, evaluating
// and sampling as it trains) for 30 s: its training tokens per second, and the share of the time spent outside the
// engine's training steps (slices, reports, held-out evaluations, continuations). `--node` runs the same in Node. On
// this machine's 2 shared cores, a figure is one run's, not a median.
//   npx tsx bench/nextTokenTraining.ts [seconds per model] [--node]
import {readFileSync} from "node:fs";
import {loadavg} from "node:os";
import {MODELS} from "../src/learning/index.js";
import {bundle, provide} from "../test/e2e/browser.js";
import {inChromium} from "./chromium.js";
import {row} from "./measure.js";
import * as times from "./nextTokenTimes.js";

const args = process.argv.slice(2);
const inNode = args.includes("--node");
const SECONDS = Number(args.find((a) => !a.startsWith("--")) ?? 60);
const MARKS = [SECONDS / 4, SECONDS / 2, SECONDS];
const SERVED_S = SECONDS / 2;
const {DEFAULTS} = times;
const text = readFileSync(new URL("../data/datasets/kjv-genesis.txt", import.meta.url), "utf8");

/** Runs the benchmark with the measurements of one side: Node's module, or the page's bundle of it. */
async function report(side: string, measure: typeof times): Promise<void> {
  const sizes = await measure.corpusSizes(text);
  console.log(
    `Next token, characters of Genesis (KJV), ${side}, load ${loadavg()[0].toFixed(1)}: ${sizes.train.toLocaleString("en")} training and ${sizes.heldOut.toLocaleString("en")} held-out tokens, vocabulary ${sizes.vocabSize}; ` +
      `context ${DEFAULTS.context}, width ${DEFAULTS.width}, ${DEFAULTS.layers} Transformer blocks, batch ${DEFAULTS.batch}, AdamW lr ${DEFAULTS.lr}, clip ${DEFAULTS.clip}, seed ${DEFAULTS.seed}`
  );
  row(["model", ...MARKS.map((s) => `ppl after ${s} s`), "steps/s"]);
  const perplexity: Partial<Record<(typeof MODELS)[number], number>> = {};
  for (const model of MODELS) {
    const {perplexities, stepsPerSecond} = await measure.modelCurve(text, model, MARKS);
    perplexity[model] = perplexities.at(-1);
    row([model, ...perplexities.map((p) => p.toFixed(2)), stepsPerSecond.toFixed(2)]);
  }
  const met = perplexity.Transformer! < perplexity.bigram! && perplexity.Transformer! < perplexity.MLP!;
  console.log(
    `bar: after ${SECONDS} s the Transformer's held-out perplexity, ${perplexity.Transformer!.toFixed(2)}, is below the bigram's (${perplexity.bigram!.toFixed(2)}) and the MLP's (${perplexity.MLP!.toFixed(2)}): ${met ? "met" : "MISSED"}`
  );
  const served = await measure.servedRun(text, SERVED_S);
  const inStepsMs = (served.tokens / served.tokensPerSecond) * 1000;
  console.log(
    `served (${SERVED_S} s): ${served.steps} steps, ${Math.round(served.tokensPerSecond).toLocaleString("en")} training tokens/s in the steps, ` +
      `${Math.round((served.tokens / served.wallMs) * 1000).toLocaleString("en")} over the wall time; ${(100 * (1 - inStepsMs / served.wallMs)).toFixed(1)}% of the time outside the engine's training steps`
  );
}

if (inNode) await report(`Node ${process.version}`, times);
else {
  const code = await bundle(["bench/nextTokenTimes.ts"]);
  await inChromium(async (page) => {
    const file = "_bench/nextTokenTimes.js";
    await provide(page, {[file]: code});
    await page.evaluate(async (file) => {
      (globalThis as any).times = await import(`./${file}`);
    }, file);
    const version = await page.evaluate(() => navigator.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? "Chromium");
    // each call runs in the page; its arguments and results cross as JSON
    const inPage = <K extends keyof typeof times>(name: K) =>
      ((...args: unknown[]) =>
        page.evaluate(({name, args}) => (globalThis as any).times[name](...args), {
          name,
          args
        })) as unknown as (typeof times)[K];
    await report(`headless ${version}`, {
      DEFAULTS,
      corpusSizes: inPage("corpusSizes"),
      modelCurve: inPage("modelCurve"),
      servedRun: inPage("servedRun")
    });
  });
}
