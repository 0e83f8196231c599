// The next-token training measurements, one module for both sides of bench/nextTokenTraining.ts: Node imports it,
// and the benchmark bundles it for headless Chromium, where it runs on the page's thread with the lesson's own src
// code (nextTokenRun, serveNextTokenTrainer) and the page's default settings.
import {
  corpus,
  nextTokenRun,
  serveNextTokenTrainer,
  type NextTokenReport,
  type NextTokenSettings,
  type RunSettings
} from "../src/learning/index.js";

/** The lesson's defaults (lessons/next-token-training.md). */
export const DEFAULTS: RunSettings = {
  model: "Transformer",
  context: 32,
  width: 32,
  layers: 2,
  batch: 16,
  lr: 1e-2,
  clip: 1,
  seed: 1
};

/** What the corpus is, for the benchmark's heading. */
export function corpusSizes(text: string): {train: number; heldOut: number; vocabSize: number} {
  const data = corpus(text, "characters", DEFAULTS.context);
  return {train: data.train.length, heldOut: data.heldOut.length, vocabSize: data.vocabSize};
}

/**
 * One model trained from the lesson's defaults on the characters of `text` until each mark (seconds of training time,
 * held-out evaluations not counted): its held-out perplexity at each mark, and its steps per second.
 */
export function modelCurve(
  text: string,
  model: RunSettings["model"],
  marks: number[]
): {perplexities: number[]; stepsPerSecond: number} {
  const run = nextTokenRun(corpus(text, "characters", DEFAULTS.context), {...DEFAULTS, model});
  let trained = 0;
  const perplexities: number[] = [];
  for (const mark of marks) {
    const start = performance.now();
    while (trained + performance.now() - start < mark * 1000) run.step();
    trained += performance.now() - start;
    perplexities.push(Math.exp(run.heldOutLoss()));
  }
  return {perplexities, stepsPerSecond: (run.steps / trained) * 1000};
}

/**
 * The Transformer as the lesson's worker trains it (serveNextTokenTrainer on a MessageChannel, reporting, evaluating
 * and sampling as it trains) for `seconds`: its steps, tokens, training tokens per second in the steps, and wall time.
 */
export async function servedRun(
  text: string,
  seconds: number
): Promise<{steps: number; tokens: number; tokensPerSecond: number; wallMs: number}> {
  const {port1, port2} = new MessageChannel();
  serveNextTokenTrainer(port1 as never); // a MessagePort is a TrainerPort, but its onmessage is typed for MessageEvent
  let last: Extract<NextTokenReport, {type: "progress"}> | undefined;
  port2.onmessage = ({data}: MessageEvent<NextTokenReport>) => {
    if (data.type === "progress") last = data;
  };
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const settings: NextTokenSettings = {...DEFAULTS, text, tokenization: "characters", prompt: "And God said"};
  port2.postMessage({type: "reset", settings});
  await wait(2000); // the untrained model's evaluation and continuations
  const start = performance.now();
  port2.postMessage({type: "train"});
  await wait(seconds * 1000);
  port2.postMessage({type: "pause"});
  while (last!.training) await wait(10);
  const wallMs = performance.now() - start;
  port1.close();
  port2.close();
  return {
    steps: last!.step,
    tokens: last!.step * DEFAULTS.batch * DEFAULTS.context,
    tokensPerSecond: last!.tokensPerSecond,
    wallMs
  };
}
