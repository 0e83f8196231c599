// Our autograd against PyTorch (training/learning_fixture.py): one training step of the small Transformer and of the
// 2-D denoiser (the same initial weights and batch give the same loss, gradients, norm before clipping, and weights
// after AdamW), and the LSTM's logits against nn.LSTM's.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {linearSchedule} from "../src/diffusion/index.js";
import {adamW, denoiser, lstm, trainStep, transformer, type Tensor, type Trainable} from "../src/learning/index.js";
import {maxAbsDifference} from "../src/linalg/index.js";
import {seededRandom} from "../src/random.js";
import {readFixture} from "./fixtures.js";

type Fixture = ReturnType<typeof readFixture>;
interface StepMeta {
  loss: number;
  gradNorm: number;
  maxNorm: number;
  gradients: string[];
  adamW: {lr: number; betas: [number, number]; eps: number; weight_decay: number};
}

const close = (name: string, actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number) => {
  const diff = maxAbsDifference(actual, expected);
  assert.ok(diff < tolerance, `${name}: max |difference| ${diff} (tolerance ${tolerance})`);
};

/** Sets every parameter to the fixture's initial weights, by name. */
function loadInitial(fixture: Fixture, params: Record<string, Tensor>): void {
  for (const [name, p] of Object.entries(params)) p.data.set(fixture.get(`initial.${name}`).data as Float32Array);
}

function checkStep<Batch>(fixture: Fixture, model: Trainable<Batch>, batch: Batch): void {
  const meta = fixture.meta as unknown as StepMeta;
  loadInitial(fixture, model.params);
  const {lr, betas, eps, weight_decay} = meta.adamW;
  const optimizer = adamW(Object.values(model.params), {lr, betas, eps, weightDecay: weight_decay});
  const report = trainStep(model, optimizer, batch, meta.maxNorm);
  assert.ok(Math.abs(report.loss - meta.loss) < 1e-5, `loss ${report.loss}, PyTorch's ${meta.loss}`);
  assert.ok(Math.abs(report.gradNorm - meta.gradNorm) < 1e-4 * meta.gradNorm, `norm ${report.gradNorm}`);
  assert.ok(Math.abs(report.clippedNorm - meta.maxNorm) < 1e-5);
  for (const name of meta.gradients) {
    // the step clipped the gradient in place, by clippedNorm / gradNorm; PyTorch's is recorded before clipping
    const unclipped = Array.from(model.params[name].grad!, (g) => (g * report.gradNorm) / report.clippedNorm);
    close(`grad.${name}`, unclipped, fixture.get(`grad.${name}`).data as Float32Array, 1e-5);
  }
  for (const [name, p] of Object.entries(model.params)) {
    // Adam's first step is lr·g/(|g| + ε): where g is near ε, float32 rounding moves it by a fraction of lr. The key's
    // bias adds q·b to every score of a query alike, which softmax ignores: its gradient is 0 but for rounding, and
    // that rounding becomes a step of up to ±lr in either direction.
    const tolerance = name.endsWith(".key.bias") ? 2 * lr : 1e-2 * lr;
    close(`after.${name}`, p.data, fixture.get(`after.${name}`).data as Float32Array, tolerance);
  }
}

describe("learning: one training step against PyTorch", () => {
  it("the small Transformer gives PyTorch's loss, gradients, norm before clipping and weights after AdamW", () => {
    const fixture = readFixture("learning-transformer");
    const {vocab, context, d, layers, heads, batch, time} = fixture.meta as Record<string, number>;
    const tokens = {
      inputs: fixture.get("inputs").data as Int32Array,
      targets: fixture.get("targets").data as Int32Array,
      batch,
      time
    };
    checkStep(fixture, transformer({vocab, context, d, layers, heads, rng: seededRandom(0)}), tokens);
  });

  it("the 2-D denoiser gives PyTorch's loss, gradients, norm before clipping and weights after AdamW", () => {
    const fixture = readFixture("learning-denoiser");
    const {steps, hidden, layers, dTime} = fixture.meta as Record<string, number>;
    const batch = {
      x0: fixture.get("x0").data as Float32Array,
      t: fixture.get("t").data as Int32Array,
      noise: fixture.get("noise").data as Float32Array
    };
    checkStep(
      fixture,
      denoiser({schedule: linearSchedule({T: steps}), hidden, layers, dTime, rng: seededRandom(0)}),
      batch
    );
  });

  it("the LSTM gives the logits of PyTorch's nn.LSTM under the same weights (gates i, f, g, o)", () => {
    const fixture = readFixture("learning-lstm");
    const {vocab, dEmbed, hidden, batch, time} = fixture.meta as Record<string, number>;
    const model = lstm({vocab, dEmbed, hidden, rng: seededRandom(0)});
    loadInitial(fixture, model.params);
    const logits = model.logits(fixture.get("inputs").data as Int32Array, batch, time);
    close("logits", logits.data, fixture.get("logits").data as Float32Array, 1e-5);
  });
});
