import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {linearSchedule} from "../src/diffusion/index.js";
import {
  adamW,
  attentionOnly,
  bigram,
  denoiser,
  feedForward,
  lstm,
  selfAttention,
  tokenBatch,
  train,
  transformer,
  windowMlp,
  type LanguageModel
} from "../src/learning/index.js";
import {normalArray, seededRandom} from "../src/random.js";
import {checkGradients, randomParameter} from "./learningGradients.js";

const vocab = 7;
const batch = tokenBatch(
  Int32Array.from({length: 40}, (_, i) => (i * 3) % vocab),
  2,
  5,
  seededRandom(1)
);
const models: Record<string, (seed: number) => LanguageModel> = {
  bigram: (seed) => bigram({vocab, rng: seededRandom(seed)}),
  "window MLP": (seed) => windowMlp({vocab, window: 3, dEmbed: 4, hidden: 8, rng: seededRandom(seed)}),
  LSTM: (seed) => lstm({vocab, dEmbed: 4, hidden: 6, rng: seededRandom(seed)}),
  "attention-only": (seed) => attentionOnly({vocab, context: 8, d: 8, heads: 2, rng: seededRandom(seed)}),
  Transformer: (seed) => transformer({vocab, context: 8, d: 8, layers: 2, heads: 2, rng: seededRandom(seed)}),
  "Transformer, sinusoidal positions": (seed) =>
    transformer({vocab, context: 8, d: 8, layers: 1, heads: 2, positions: "sinusoidal", rng: seededRandom(seed)})
};

describe("learning: layers and models against finite differences", () => {
  it("causal self-attention and the feed-forward network pass gradients to their input and every weight", () => {
    const x = randomParameter([2, 4, 8], 3);
    const params: Record<string, ReturnType<typeof randomParameter>> = {};
    for (const [n, part] of ["query", "key", "value", "output", "up", "down"].entries()) {
      const [fanIn, fanOut] = part === "up" ? [8, 16] : part === "down" ? [16, 8] : [8, 8];
      const prefix = n < 4 ? "attention" : "feedForward";
      params[`${prefix}.${part}.weight`] = randomParameter([fanIn, fanOut], 10 + n, 0.4);
      params[`${prefix}.${part}.bias`] = randomParameter([fanOut], 20 + n, 0.1);
    }
    const inputs = [x, ...Object.values(params)];
    checkGradients(() => selfAttention(params, "attention", x, 2), inputs.slice(0, 9));
    checkGradients(() => feedForward(params, "feedForward", x), [x, ...inputs.slice(9)]);
  });

  for (const [name, make] of Object.entries(models)) {
    it(`the ${name} model's cross-entropy has the gradient finite differences give, for every parameter`, () => {
      const model = make(2);
      checkGradients(() => model.loss(batch), Object.values(model.params), {entries: 6, h: 1e-3});
    });
  }

  it("the denoiser's noise-prediction loss has the gradient finite differences give, for every parameter", () => {
    const model = denoiser({schedule: linearSchedule({T: 50}), hidden: 8, layers: 2, dTime: 4, rng: seededRandom(3)});
    const noiseBatch = {
      x0: normalArray(8, seededRandom(4)),
      t: Int32Array.from([0, 10, 25, 49]),
      noise: normalArray(8, seededRandom(5))
    };
    checkGradients(() => model.loss(noiseBatch), Object.values(model.params), {entries: 6});
  });
});

describe("learning: batches and options", () => {
  it("tokenBatch takes windows of the text whose targets are the inputs shifted by one token", () => {
    const text = Int32Array.from({length: 30}, (_, i) => i);
    const {inputs, targets} = tokenBatch(text, 3, 4, seededRandom(2));
    for (let b = 0; b < 3; b++)
      for (let t = 0; t < 4; t++) {
        assert.equal(targets[b * 4 + t], inputs[b * 4 + t] + 1);
        if (t > 0) assert.equal(inputs[b * 4 + t], inputs[b * 4 + t - 1] + 1);
      }
    assert.throws(() => tokenBatch(text, 1, 30, seededRandom(2)), /no window of 31/);
  });

  it("transformer() refuses a width the heads do not divide and positions it does not know", () => {
    const rng = seededRandom(1);
    assert.throws(() => transformer({vocab, context: 8, d: 10, heads: 4, rng}), /does not split into 4 heads/);
    const positions = "rotary" as "learned";
    assert.throws(() => transformer({vocab, context: 8, positions, rng}), /"learned" or "sinusoidal", not "rotary"/);
  });
});

describe("learning: training runs", () => {
  const text = "the cat sat on the mat. the dog sat on the log. a cat and a dog met on the mat by the log. ".repeat(4);
  const alphabet = [...new Set(text)].sort();
  const tokens = Int32Array.from(text, (c) => alphabet.indexOf(c));

  const run = (make: (rng: () => number) => LanguageModel, seed: number, steps: number, lr = 1e-2) => {
    const rng = seededRandom(seed);
    const model = make(rng);
    const optimizer = adamW(Object.values(model.params), {lr});
    return train(model, optimizer, () => tokenBatch(tokens, 8, 16, rng), {steps, clip: 1});
  };
  const small = (rng: () => number) =>
    transformer({vocab: alphabet.length, context: 16, d: 16, layers: 1, heads: 2, rng});

  it("gives the same losses and gradient norms for the same seed, and other ones for another", () => {
    const [a, b, c] = [run(small, 5, 5), run(small, 5, 5), run(small, 6, 5)];
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it("brings the bigram and the small Transformer well under log(vocab) on a short text in a few hundred steps", () => {
    const uniform = Math.log(alphabet.length);
    const last = (reports: {loss: number}[]) => reports.slice(-20).reduce((s, r) => s + r.loss, 0) / 20;
    const bigramLoss = last(run((rng) => bigram({vocab: alphabet.length, rng}), 1, 300, 0.1));
    const transformerLoss = last(run(small, 1, 300));
    assert.ok(bigramLoss < 0.7 * uniform, `bigram ${bigramLoss} nats against log(vocab) ${uniform}`);
    assert.ok(transformerLoss < 0.5 * uniform, `Transformer ${transformerLoss} nats against log(vocab) ${uniform}`);
  });
});
