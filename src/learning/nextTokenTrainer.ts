// The next-token trainer, served from a worker of its own (as trainer.ts serves the denoiser's): the page sends the
// text and settings, then commands; the work goes in slices (slices.ts), so Pause, Reset and Stop take effect within
// one. While it trains it reports the loss, the held-out loss, the gradient's norm before and after clipping and
// the tokens per second, and every few seconds a greedy and a sampled continuation of the prompt. A comparison
// trains every model in turn for the same time on the same text.
import {CellError, compileCell} from "../cells/compile.js";
import {seededRandom} from "../random.js";
import {byGlobalNorm, type ClipRule} from "./clip.js";
import {corpus, type Corpus, type Tokenization} from "./corpus.js";
import {negativeLogLikelihood, type TokenLoss} from "./losses.js";
import {
  MODELS,
  nextTokenRun,
  parameterCount,
  type ModelName,
  type NextTokenRun,
  type RunSettings
} from "./nextTokenTraining.js";
import {REPORT_MS, slicedWork, type TrainerPort} from "./slices.js";
import type {StepReport} from "./train.js";

export interface NextTokenSettings extends RunSettings {
  text: string;
  tokenization: Tokenization;
  prompt: string;
}

export type NextTokenRequest =
  /**
   * A new run. With `keepTraining` (as when a setting changes) it trains on if the trainer was training or had been
   * told to, so a Train pressed just as a setting changed is not lost; without it (the Reset button) it waits.
   */
  | {type: "reset"; settings: NextTokenSettings; keepTraining?: boolean}
  /** Train until paused, or for `steps` more steps. */
  | {type: "train"; steps?: number}
  | {type: "pause"}
  /** The prompt of the next continuations, which are made at once. */
  | {type: "prompt"; prompt: string}
  /** Every model trained for `seconds` of training time on the run's text and settings, one after another. */
  | {type: "compare"; seconds: number}
  | {type: "stop"}
  /**
   * A reader's rule: TypeScript that defines clipScale(norm, maxNorm) or tokenLoss(p), compiled here as cells are.
   */
  | {type: "rule"; name: RuleName; source: string};

export interface ComparisonRow {
  model: ModelName;
  parameters: number;
  steps: number;
  tokensPerSecond: number;
  heldOutLoss: number;
  sample: string;
}

export type NextTokenReport =
  /** The settings were refused (a text too short, say): the run before them goes on. */
  | {type: "rejected"; message: string}
  | {
      type: "progress";
      step: number;
      training: boolean;
      model: ModelName;
      tokenization: Tokenization;
      /** The vocabulary and the two parts of the text, in tokens. */
      vocabSize: number;
      trainTokens: number;
      heldOutTokens: number;
      parameters: number;
      /** Tokens each step trains on: batch × context. */
      tokensPerStep: number;
      /** [step, mean training loss since the point before] in nats. */
      losses: [number, number][];
      /** [step, held-out loss] in nats. */
      heldOut: [number, number][];
      /** [step, ‖g‖ before clipping, after] for the step of largest norm since the point before. */
      gradNorms: [number, number, number][];
      /** The latest step's own report. */
      last?: StepReport;
      tokensPerSecond: number;
      /** The step whose loss was not a finite number, if one was: training stops there. */
      diverged?: number;
    }
  | {type: "samples"; step: number; prompt: string; greedy: string; sampled: string}
  | {type: "comparison"; seconds: number; rows: ComparisonRow[]; running?: ModelName; done: boolean}
  /**
   * How the reader's rule fared: taken, or refused with the error at its line and column (training then goes on with
   * the last rule of that name that worked).
   */
  | {type: "rule"; name: RuleName; error?: {message: string; line?: number; column?: number}};

/** The parts of the loop a reader may rewrite, by the name their code defines. */
export type RuleName = "clipScale" | "tokenLoss";
export type RuleReport = Extract<NextTokenReport, {type: "rule"}>;
interface Rules {
  clipScale: ClipRule;
  tokenLoss: TokenLoss;
}
const COURSE_RULES: Rules = {clipScale: byGlobalNorm, tokenLoss: negativeLogLikelihood};

/**
 * What each rule must give: a clipping scale ≥ 0, a finite loss. A loss of a p that is not a number (the run has
 * blown up) may be anything: the run then stops as blown up, and the rule is not blamed.
 */
const VALID: {[name in RuleName]: (value: number, args: number[]) => boolean} = {
  clipScale: (scale) => scale >= 0 && scale < Infinity,
  tokenLoss: (loss, [p]) => Number.isFinite(loss) || Number.isNaN(p)
};
/** The values each rule is tried on before the trainer takes it: a norm over the limit and under it; p in (0, 1]. */
const TRIALS: {[name in RuleName]: number[][]} = {
  clipScale: [
    [5, 1],
    [0.5, 1]
  ],
  tokenLoss: [[1e-4], [0.5], [1]]
};

/** An error from the reader's rule `name`, or a value it should not have given. */
class RuleFailure extends Error {
  constructor(
    readonly name: RuleName,
    readonly error: unknown
  ) {
    super(String((error as Error)?.message ?? error));
  }
}

/** The reader's compiled rule, checked on its trials, that says it failed (and why) whenever it throws or gives a wrong value. */
function readersRule<F extends (...args: number[]) => number>(name: RuleName, rule: unknown): F {
  if (typeof rule !== "function") throw new CellError(`${name} should be a function, not ${typeof rule}`, "runtime");
  const checked = (...args: number[]) => {
    let value: unknown;
    try {
      value = rule(...args);
    } catch (error) {
      throw new RuleFailure(name, error);
    }
    if (typeof value !== "number" || !VALID[name](value, args))
      throw new RuleFailure(
        name,
        new CellError(
          `${name}(${args.join(", ")}) should be ${name === "clipScale" ? "a number ≥ 0" : "a finite number"}, not ${String(value)}.`,
          "runtime"
        )
      );
    return value;
  };
  for (const args of TRIALS[name]) checked(...args);
  return checked as F;
}

const said = (error: unknown) => {
  const {message, line, column} =
    error instanceof CellError ? error : new CellError(String((error as Error).message ?? error), "runtime");
  return {message, line, column};
};

/** Training time between two continuations, and their length in tokens. */
const SAMPLE_MS = 4000;
const SAMPLE_TOKENS = 80;
/** Wall time between two held-out evaluations while training. */
const HELD_OUT_MS = 1500;

/** The prompt's ids, or the held-out text's first token when none of the prompt is in the vocabulary. */
const promptIds = (data: Corpus, prompt: string) => {
  const ids = data.encode(prompt);
  return ids.length ? ids : [data.heldOut[0]];
};

/** Greedy then sampled continuations of the prompt, one token per step; returns their texts. */
async function* continuations(run: NextTokenRun, data: Corpus, prompt: string, seed: number) {
  const ids = promptIds(data, prompt);
  const texts: string[] = [];
  for (const strategy of ["greedy", "sample"] as const) {
    const tokens: number[] = [];
    for await (const token of run.continuation(ids, SAMPLE_TOKENS, strategy, seededRandom(seed))) {
      tokens.push(token);
      yield;
    }
    texts.push(data.decode(tokens));
  }
  return {prompt: data.decode(ids), greedy: texts[0], sampled: texts[1]};
}

type Continuations = ReturnType<typeof continuations>;

export function serveNextTokenTrainer(port: TrainerPort): void {
  let settings: NextTokenSettings | undefined;
  let data: Corpus | undefined;
  let run: NextTokenRun | undefined;
  let training = false;
  let stepsLeft = Infinity;
  let losses: [number, number][] = [];
  let heldOut: [number, number][] = [];
  let gradNorms: [number, number, number][] = [];
  let [lossSum, lossSteps] = [0, 0];
  /** The step of largest gradient norm since the last report, and the latest step. */
  let worst: StepReport | undefined;
  let last: StepReport | undefined;
  let [trainedMs, sinceSample, lastReport, lastHeldOut] = [0, 0, 0, 0];
  let diverged: number | undefined;
  /** The reader's rules, and the ones before them, which training goes back to if one fails. */
  const rules: Rules = {...COURSE_RULES};
  const lastGood: Rules = {...COURSE_RULES};
  const useRules = (r: NextTokenRun) => {
    r.clipRule = rules.clipScale;
    r.lossRule = rules.tokenLoss;
  };
  let sampling:
    {steps: Continuations; done: (texts: {prompt: string; greedy: string; sampled: string}) => void} | undefined;
  let comparison:
    {seconds: number; rows: ComparisonRow[]; index: number; run: NextTokenRun; trainedMs: number} | undefined;

  const evaluate = () => {
    if (run && heldOut.at(-1)?.[0] !== run.steps) heldOut.push([run.steps, run.heldOutLoss()]);
    lastHeldOut = performance.now();
  };
  const progress = () => {
    if (!run || !data) return;
    if (lossSteps > 0) {
      losses.push([run.steps, lossSum / lossSteps]);
      gradNorms.push([run.steps, worst!.gradNorm, worst!.clippedNorm]);
    }
    [lossSum, lossSteps, worst] = [0, 0, undefined];
    port.postMessage({
      type: "progress",
      step: run.steps,
      training,
      model: settings!.model,
      tokenization: data.tokenization,
      vocabSize: data.vocabSize,
      trainTokens: data.train.length,
      heldOutTokens: data.heldOut.length,
      parameters: parameterCount(run.model),
      tokensPerStep: settings!.batch * settings!.context,
      losses,
      heldOut,
      gradNorms,
      last,
      tokensPerSecond: trainedMs ? (run.tokens / trainedMs) * 1000 : 0,
      diverged
    } satisfies NextTokenReport);
    lastReport = performance.now();
  };
  const sample = () => {
    const [current, text] = [run!, data!];
    sampling = {
      steps: continuations(current, text, settings!.prompt, settings!.seed),
      done: (texts) => port.postMessage({type: "samples", step: current.steps, ...texts} satisfies NextTokenReport)
    };
    sinceSample = 0;
  };
  const compared = () => {
    const c = comparison!;
    port.postMessage({
      type: "comparison",
      seconds: c.seconds,
      rows: c.rows,
      running: c.index < MODELS.length ? MODELS[c.index] : undefined,
      done: c.index >= MODELS.length
    } satisfies NextTokenReport);
    lastReport = performance.now();
  };
  const startModel = (index: number) => {
    const c = comparison!;
    c.index = index;
    c.trainedMs = 0;
    if (index < MODELS.length) {
      c.run = nextTokenRun(data!, {...settings!, model: MODELS[index]});
      useRules(c.run);
    }
    compared();
  };

  const resume = slicedWork(async (end) => {
    if (sampling) {
      const current = sampling;
      while (sampling === current && performance.now() < end) {
        const next = await current.steps.next();
        if (next.done) {
          sampling = undefined;
          current.done(next.value);
        }
      }
    } else if (comparison) {
      const c = comparison;
      const start = performance.now();
      while (c.trainedMs + performance.now() - start < c.seconds * 1000 && performance.now() < end) guardedPart(c.run);
      c.trainedMs += performance.now() - start;
      if (c.trainedMs >= c.seconds * 1000) {
        const {run: done, trainedMs} = c;
        const heldOutLoss = done.heldOutLoss();
        sampling = {
          steps: continuations(done, data!, settings!.prompt, settings!.seed),
          done: ({sampled}) => {
            const row = {
              model: MODELS[c.index],
              parameters: parameterCount(done.model),
              steps: done.steps,
              heldOutLoss,
              sample: sampled
            };
            c.rows.push({...row, tokensPerSecond: (done.tokens / trainedMs) * 1000});
            if (comparison === c) startModel(c.index + 1);
            if (c.index >= MODELS.length) comparison = undefined;
          }
        };
      } else if (performance.now() - lastReport >= REPORT_MS) compared();
    } else if (training) {
      const start = performance.now();
      while (performance.now() < end && stepsLeft > 0) {
        const report = guardedPart(run!);
        if (!report) continue;
        stepsLeft--;
        last = report;
        if (!Number.isFinite(report.loss)) {
          diverged = run!.steps;
          training = false;
          break;
        }
        lossSum += report.loss;
        lossSteps++;
        if (!worst || report.gradNorm > worst.gradNorm) worst = report;
      }
      trainedMs += performance.now() - start;
      sinceSample += performance.now() - start;
      if (stepsLeft === 0) training = false;
      if (!training || performance.now() - lastHeldOut >= HELD_OUT_MS) evaluate();
      if (!training || performance.now() - lastReport >= REPORT_MS) progress();
      if (training && sinceSample >= SAMPLE_MS) sample();
    }
    return sampling !== undefined || comparison !== undefined || training;
  });

  /**
   * A part of a step (a pause between two keeps the step, and Train goes on with it): the step's report once its last
   * part is done. If one of the reader's rules fails in it, says where and goes back to the rule before.
   */
  const guardedPart = (current: NextTokenRun): StepReport | undefined => {
    try {
      return current.part();
    } catch (failure) {
      if (!(failure instanceof RuleFailure)) throw failure;
      const {name, error} = failure;
      // the rule before, unless it is the one that failed: then the course's own
      const previous = lastGood[name] === rules[name] ? COURSE_RULES[name] : lastGood[name];
      Object.assign(rules, {[name]: previous});
      Object.assign(lastGood, {[name]: previous});
      useRules(current);
      if (run) useRules(run);
      port.postMessage({type: "rule", name, error: said(error)} satisfies NextTokenReport);
    }
  };
  const compileRule = async (name: RuleName, source: string) => {
    try {
      const rule = readersRule(name, await compileCell(source, {output: name})());
      Object.assign(lastGood, {[name]: rules[name]});
      Object.assign(rules, {[name]: rule});
      if (run) useRules(run);
      port.postMessage({type: "rule", name} satisfies NextTokenReport);
    } catch (error) {
      port.postMessage({
        type: "rule",
        name,
        error: said(error instanceof RuleFailure ? error.error : error)
      } satisfies NextTokenReport);
    }
  };

  port.onmessage = ({data: request}: {data: NextTokenRequest}) => {
    if (request.type === "reset") {
      const {text, tokenization, context} = request.settings;
      let tokens: Corpus;
      try {
        tokens = corpus(text, tokenization, context);
      } catch (error) {
        port.postMessage({type: "rejected", message: (error as Error).message} satisfies NextTokenReport);
        return;
      }
      [settings, data, run] = [request.settings, tokens, nextTokenRun(tokens, request.settings)];
      useRules(run);
      const keep = (request.keepTraining ?? false) && training;
      [training, stepsLeft, losses, heldOut, gradNorms, last, diverged] = [
        keep,
        keep ? stepsLeft : Infinity,
        [],
        [],
        [],
        undefined,
        undefined
      ];
      [lossSum, lossSteps, worst, trainedMs, sampling, comparison] = [0, 0, undefined, 0, undefined, undefined];
      evaluate();
      progress();
      sample();
      resume();
    } else if (request.type === "rule") {
      compileRule(request.name, request.source);
    } else if (request.type === "prompt") {
      // a prompt before any settings, or the one the settings brought, is already being continued
      if (!settings || request.prompt === settings.prompt) return;
      settings.prompt = request.prompt;
      sample();
      resume();
    } else if (!run) {
      throw new Error(`the trainer was asked to ${request.type} before it had its settings (send "reset" first)`);
    } else if (request.type === "train") {
      if (diverged !== undefined) return progress();
      [training, stepsLeft, comparison] = [true, request.steps ?? Infinity, undefined];
      resume();
    } else if (request.type === "pause") {
      training = false;
      evaluate();
      progress();
    } else if (request.type === "compare") {
      training = false;
      progress();
      comparison = {seconds: request.seconds, rows: [], index: 0, run, trainedMs: 0};
      startModel(0);
      resume();
    } else {
      if (comparison) {
        comparison.index = MODELS.length;
        compared();
      }
      [comparison, sampling] = [undefined, undefined];
    }
  };
}
