import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {
  add,
  adamW,
  backward,
  clipGradNorm,
  concat,
  constant,
  crossEntropy,
  embedding,
  gelu,
  layerNorm,
  matmul,
  meanSquaredError,
  mul,
  parameter,
  permute,
  relu,
  reshape,
  sigmoid,
  slice,
  softmax,
  sub,
  tanh,
  tokenLoss,
  zeroGrad,
  type Tensor
} from "../src/learning/index.js";
import {checkGradients, randomParameter} from "./learningGradients.js";

describe("learning: ops against finite differences", () => {
  it("add, sub and mul broadcast like NumPy and send each operand the sum over where it was repeated", () => {
    const a = randomParameter([2, 3, 4], 1);
    const b = randomParameter([4], 2);
    const c = randomParameter([3, 1], 3);
    assert.deepEqual(add(a, b).shape, [2, 3, 4]);
    checkGradients(() => add(a, b), [a, b]);
    checkGradients(() => sub(b, a), [a, b]);
    checkGradients(() => mul(a, c), [a, c]);
    checkGradients(() => mul(add(a, 2), 0.5), [a]);
  });

  it("matmul multiplies batched matrices, and a shared right matrix, as loops over rows and columns do", () => {
    const a = randomParameter([2, 3, 4], 4);
    const b = randomParameter([2, 4, 5], 5);
    const w = randomParameter([4, 5], 6);
    const c = matmul(a, b);
    let expected = 0;
    for (let k = 0; k < 4; k++) expected += a.data[1 * 12 + 2 * 4 + k] * b.data[1 * 20 + k * 5 + 3];
    assert.ok(Math.abs(c.data[1 * 15 + 2 * 5 + 3] - expected) < 1e-5);
    checkGradients(() => matmul(a, b), [a, b]);
    checkGradients(() => matmul(a, w), [a, w]);
    assert.throws(() => matmul(a, randomParameter([5, 4], 7)), RangeError);
  });

  it("reshape, permute, slice and concat move values and their gradients back the same way", () => {
    const x = randomParameter([2, 3, 4], 8);
    const y = randomParameter([2, 2, 4], 9);
    assert.equal(permute(x, [2, 0, 1]).data[1 * 6 + 1 * 3 + 2], x.data[1 * 12 + 2 * 4 + 1]);
    // the second batch row of concat starts with x's second batch row
    assert.deepEqual(Array.from(concat([x, y], 1).data.subarray(20, 32)), Array.from(x.data.subarray(12, 24)));
    assert.deepEqual(Array.from(slice(concat([x, y], 1), 1, 3, 5).data), Array.from(y.data));
    checkGradients(() => reshape(permute(x, [2, 0, 1]), [4, 6]), [x]);
    checkGradients(() => mul(slice(x, 2, 1, 3), slice(x, 2, 2, 4)), [x]);
    checkGradients(() => concat([x, y], 1), [x, y]);
  });

  it("embedding reads rows of its table, zeros for id -1, and adds gradients into the rows it read", () => {
    const table = randomParameter([5, 3], 10);
    const ids = Int32Array.from([4, 1, 4, -1]);
    const rows = embedding(table, ids, [2, 2]);
    assert.deepEqual(rows.shape, [2, 2, 3]);
    assert.deepEqual(Array.from(rows.data.subarray(9)), [0, 0, 0]);
    checkGradients(() => embedding(table, ids, [2, 2]), [table]);
    assert.throws(() => embedding(table, Int32Array.from([5]), [1]), /outside the vocabulary of 5/);
  });

  it("relu, tanh, sigmoid and GELU (tanh form) have the derivatives their formulas give", () => {
    // |x| >= 0.05 keeps ReLU's kink out of reach of the differences
    const x = parameter(
      Float32Array.from({length: 24}, (_, i) => (i - 11.5) / 4),
      [4, 6]
    );
    for (const f of [relu, tanh, sigmoid, gelu]) checkGradients(() => f(x), [x]);
    assert.ok(Math.abs(gelu(constant([1], [1])).data[0] - 0.841192) < 1e-5);
  });

  it("layerNorm gives each row mean 0 and variance 1 before γ and β, with gradients for x, γ and β", () => {
    const x = randomParameter([3, 8], 12, 2);
    const gamma = randomParameter([8], 13);
    const beta = randomParameter([8], 14);
    const y = layerNorm(x, constant(new Float32Array(8).fill(1), [8]), constant(new Float32Array(8), [8]));
    const row = Array.from(y.data.subarray(8, 16));
    const mean = row.reduce((s, v) => s + v, 0) / 8;
    assert.ok(Math.abs(mean) < 1e-6);
    assert.ok(Math.abs(row.reduce((s, v) => s + (v - mean) ** 2, 0) / 8 - 1) < 1e-3);
    checkGradients(() => layerNorm(x, gamma, beta), [x, gamma, beta]);
  });

  it("softmax sums to 1 per row; causal, it gives the keys after each query exactly 0", () => {
    const x = randomParameter([2, 4, 4], 15);
    const p = softmax(x, {causal: true});
    assert.equal(p.data[1 * 16 + 1 * 4 + 2], 0);
    assert.equal(p.data[0], 1);
    assert.ok(Math.abs(p.data.subarray(8, 12).reduce((s, v) => s + v, 0) - 1) < 1e-6);
    checkGradients(() => softmax(x), [x]);
    checkGradients(() => softmax(x, {causal: true}), [x]);
    assert.throws(() => softmax(randomParameter([3, 4], 1), {causal: true}), RangeError);
  });

  it("cross-entropy is −log p(target) in nats, log(vocab) for uniform logits, with gradient softmax − onehot", () => {
    const uniform = crossEntropy(constant(new Float32Array(12), [2, 6]), Int32Array.from([0, 5]));
    assert.ok(Math.abs(uniform.data[0] - Math.log(6)) < 1e-6);
    const logits = randomParameter([2, 3, 6], 16);
    checkGradients(() => crossEntropy(logits, Int32Array.from([0, 5, 2, 2, 1, 3])), [logits]);
  });

  it("a loss of p is its mean over the rows, its gradient through the softmax matches cross-entropy's for −log p", () => {
    const logits = randomParameter([2, 3, 6], 16);
    const targets = Int32Array.from([0, 5, 2, 2, 1, 3]);
    const gradient = (loss: () => Tensor) => {
      zeroGrad([logits]);
      const value = loss();
      backward(value);
      return {value: value.data[0], grad: Float32Array.from(logits.grad!)};
    };
    const exact = gradient(() => crossEntropy(logits, targets));
    const numeric = gradient(() => tokenLoss(logits, targets, (p) => -Math.log(p)));
    assert.ok(Math.abs(exact.value - numeric.value) < 1e-6);
    for (let i = 0; i < exact.grad.length; i++)
      assert.ok(Math.abs(exact.grad[i] - numeric.grad[i]) < 1e-6, `entry ${i}`);
    const probs = softmax(constant(logits.data, [6, 6])).data;
    const expected = Array.from(targets, (t, r) => (1 - probs[r * 6 + t]) ** 2).reduce((a, b) => a + b) / 6;
    assert.ok(Math.abs(tokenLoss(logits, targets, (p) => (1 - p) ** 2).data[0] - expected) < 1e-6);
    checkGradients(() => tokenLoss(logits, targets, (p) => (1 - p) ** 2), [logits]);
    checkGradients(() => tokenLoss(logits, targets, (p) => 1 - p), [logits]);
  });

  it("mean squared error is the mean of squared differences, with gradients for both sides", () => {
    const a = randomParameter([3, 2], 17);
    const b = randomParameter([3, 2], 18);
    const expected = a.data.reduce((s, v, i) => s + (v - b.data[i]) ** 2, 0) / 6;
    assert.ok(Math.abs(meanSquaredError(a, b).data[0] - expected) < 1e-6);
    checkGradients(() => meanSquaredError(a, b), [a, b]);
  });
});

describe("learning: clipping and AdamW", () => {
  it("clipGradNorm scales the gradient to the maximum norm and reports the norm before and after", () => {
    const p = parameter(new Float32Array(2), [2]);
    p.grad = Float32Array.from([3, 4]);
    assert.deepEqual(clipGradNorm([p], 10), {before: 5, after: 5});
    const {before, after} = clipGradNorm([p], 1);
    assert.equal(before, 5);
    assert.ok(Math.abs(after - 1) < 1e-6 && Math.abs(p.grad[0] - 0.6) < 1e-6);
  });

  it("clipGradNorm takes its scale from a rule of the norm and the limit, and refuses a scale that is not a number ≥ 0", () => {
    const p = parameter(new Float32Array(2), [2]);
    p.grad = Float32Array.from([3, 4]);
    assert.deepEqual(
      clipGradNorm([p], 1, (norm, maxNorm) => maxNorm / norm / 2),
      {before: 5, after: 0.5}
    );
    assert.deepEqual([...p.grad], [0.30000001192092896, 0.4000000059604645]);
    assert.throws(() => clipGradNorm([p], 1, () => NaN), /the clipping scale must be a number ≥ 0, not NaN/);
  });

  it("AdamW's first step moves each weight by lr against its gradient's sign, after decaying it", () => {
    const p = parameter(Float32Array.from([1, -2]), [2]);
    p.grad = Float32Array.from([0.5, -3]);
    adamW([p], {lr: 0.1, weightDecay: 0.01}).step();
    // m̂ = g and v̂ = g² at t = 1, so the step is lr · g/|g| (ε aside)
    assert.ok(Math.abs(p.data[0] - (1 * (1 - 0.001) - 0.1)) < 1e-6);
    assert.ok(Math.abs(p.data[1] - (-2 * (1 - 0.001) + 0.1)) < 1e-6);
    assert.throws(() => adamW([p], {lr: 0}), /learning rate must be positive/);
  });
});
