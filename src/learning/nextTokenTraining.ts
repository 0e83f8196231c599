// Training a next-token model on a corpus, one step at a time, with the loop every model shares (train.ts): the
// five models of the course by name, the held-out loss on fixed windows of the held-out text, and continuations of
// a prompt, greedy and sampled. The same settings and seed give the same weights, batches and losses, step by step.
import {generate} from "../generation/index.js";
import type {LanguageModel as GenerationModel} from "../generation/index.js";
import {seededRandom, type Rng} from "../random.js";
import {adamW} from "./adamW.js";
import {byGlobalNorm, type ClipRule} from "./clip.js";
import type {Corpus} from "./corpus.js";
import {negativeLogLikelihood, tokenLoss, type TokenLoss} from "./losses.js";
import {attentionOnly, batchParts, bigram, lstm, transformer, windowMlp, tokenBatch} from "./models/index.js";
import type {LanguageModel, TokenBatch} from "./models/index.js";
import {trainStepInParts, type StepReport} from "./train.js";

export const MODELS = ["bigram", "MLP", "LSTM", "attention only", "Transformer"] as const;
export type ModelName = (typeof MODELS)[number];

export interface ModelSettings {
  model: ModelName;
  /** Tokens in a training window: the context of the attention models, the MLP's window, the LSTM's unroll. */
  context: number;
  /** d_model of the attention models, the hidden units of the MLP and the LSTM. */
  width: number;
  /** The Transformer's blocks. */
  layers: number;
}

export interface RunSettings extends ModelSettings {
  batch: number;
  lr: number;
  /** The largest gradient norm a step may take; Infinity for no clipping. */
  clip: number;
  seed: number;
}

const makers: Record<ModelName, (s: ModelSettings, vocab: number, rng: Rng) => LanguageModel> = {
  bigram: (_, vocab, rng) => bigram({vocab, rng}),
  MLP: ({context, width}, vocab, rng) => windowMlp({vocab, window: context, hidden: width, rng}),
  LSTM: ({width}, vocab, rng) => lstm({vocab, hidden: width, rng}),
  "attention only": ({context, width}, vocab, rng) => attentionOnly({vocab, context, d: width, rng}),
  Transformer: ({context, width, layers}, vocab, rng) => transformer({vocab, context, d: width, layers, rng})
};

export function nextTokenModel(settings: ModelSettings, vocab: number, rng: Rng): LanguageModel {
  const make = makers[settings.model];
  if (!make) throw new RangeError(`the model is one of ${MODELS.join(", ")}, not ${JSON.stringify(settings.model)}`);
  return make(settings, vocab, rng);
}

export const parameterCount = (model: LanguageModel): number =>
  Object.values(model.params).reduce((n, p) => n + p.data.length, 0);

/** Held-out windows scored at each evaluation: evenly spaced over the held-out text, the same every time. */
const HELD_OUT_WINDOWS = 16;
/** The most tokens of a batch one part of a step works on (a whole window, at least). */
export const PART_TOKENS = 512;

export interface NextTokenRun {
  readonly model: LanguageModel;
  readonly steps: number;
  /** Tokens trained on so far. */
  readonly tokens: number;
  /** How the gradient is scaled given its norm and the settings' clip (byGlobalNorm unless changed). */
  clipRule: ClipRule;
  /**
   * The loss of one prediction that training minimises the mean of (negativeLogLikelihood, cross-entropy, unless
   * changed). The held-out loss is cross-entropy whatever it is.
   */
  lossRule: TokenLoss;
  /** One step on a fresh batch of training windows (the rest of the step in progress, if one is). */
  step(): StepReport;
  /**
   * One part of a step, at most PART_TOKENS tokens of its batch, so that a trainer can pause between two: the step's
   * report once its last part is done. Parts make the same run as `step()`s. A step whose part throws is dropped.
   */
  part(): StepReport | undefined;
  /** The mean cross-entropy (nats) over the held-out windows, with no update. */
  heldOutLoss(): number;
  /** `length` tokens after the prompt: greedy, or sampled with `rng` (temperature 1). */
  continuation(prompt: number[], length: number, strategy: "greedy" | "sample", rng?: Rng): AsyncGenerator<number>;
}

export function nextTokenRun(corpus: Corpus, settings: RunSettings): NextTokenRun {
  const {context, batch, lr, clip, seed} = settings;
  const rng = seededRandom(seed);
  const model = nextTokenModel(settings, corpus.vocabSize, rng);
  const optimizer = adamW(Object.values(model.params), {lr});
  const spacing = Math.max(1, Math.floor((corpus.heldOut.length - context - 1) / (HELD_OUT_WINDOWS - 1)));
  const windows = Math.min(HELD_OUT_WINDOWS, Math.floor((corpus.heldOut.length - context - 1) / spacing) + 1);
  const heldOut = {
    inputs: new Int32Array(windows * context),
    targets: new Int32Array(windows * context),
    batch: windows,
    time: context
  };
  for (let w = 0; w < windows; w++) {
    heldOut.inputs.set(corpus.heldOut.subarray(w * spacing, w * spacing + context), w * context);
    heldOut.targets.set(corpus.heldOut.subarray(w * spacing + 1, w * spacing + context + 1), w * context);
  }
  // generation's view of the model: no cache, each step re-reads the cropped context
  const generator: GenerationModel<null> = {
    contextLength: context,
    endOfText: -1,
    async next(rows) {
      const logits = rows.map((row) => {
        const all = model.logits(Int32Array.from(row), 1, row.length).data;
        return all.slice(all.length - corpus.vocabSize);
      });
      return {logits, cache: null};
    },
    reorder: () => null,
    cacheLength: () => 0
  };
  let steps = 0;
  /** The step whose parts are under way, if one is. */
  let inProgress: Generator<void, StepReport> | undefined;
  const run: NextTokenRun = {
    model,
    clipRule: byGlobalNorm,
    lossRule: negativeLogLikelihood,
    get steps() {
      return steps;
    },
    get tokens() {
      return steps * batch * context;
    },
    step() {
      for (;;) {
        const report = run.part();
        if (report) return report;
      }
    },
    part() {
      inProgress ??= stepping();
      try {
        const next = inProgress.next();
        if (!next.done) return undefined;
        inProgress = undefined;
        return next.value;
      } catch (error) {
        inProgress = undefined;
        throw error;
      }
    },
    heldOutLoss: () => model.loss(heldOut).data[0],
    async *continuation(prompt, length, strategy, sampling) {
      const options = {strategy, rng: sampling, maxNewTokens: length, stopAtEndOfText: false, useCache: false};
      for await (const {token} of generate(generator, prompt, options)) yield token;
    }
  };
  /** A step on a fresh batch, giving way between its parts. */
  function* stepping(): Generator<void, StepReport> {
    const {lossRule, clipRule} = run;
    // the course's cross-entropy exactly, or any other loss of p through tokenLoss
    const objective =
      lossRule === negativeLogLikelihood
        ? model
        : {
            params: model.params,
            loss: (b: TokenBatch) => tokenLoss(model.logits(b.inputs, b.batch, b.time), b.targets, lossRule)
          };
    const parts = batchParts(
      tokenBatch(corpus.train, batch, context, rng),
      Math.max(1, Math.floor(PART_TOKENS / context))
    );
    const report = yield* trainStepInParts(objective, optimizer, parts, clip, clipRule);
    steps++;
    return report;
  }
  return run;
}
