import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {causalBias, looksAhead, maskBias, permuteRows, selfAttention} from "../src/attention/index.js";
import {add, maxAbsDiff} from "../src/linalg/index.js";
import {sinusoidalEncoding} from "../src/positional/index.js";
import {normalMatrix, randomPermutation, seededRandom} from "../src/random.js";

describe("self-attention", () => {
  const rng = seededRandom(42);
  const x = normalMatrix(6, 8, rng);
  const weights = {wq: normalMatrix(8, 4, rng), wk: normalMatrix(8, 4, rng), wv: normalMatrix(8, 4, rng)};

  it("has attention rows that are probability distributions", () => {
    for (const row of selfAttention(x, weights).weights) {
      assert.ok(Math.abs(row.reduce((s, v) => s + v, 0) - 1) < 1e-12);
      assert.ok(row.every((v) => v >= 0));
    }
  });

  it("is permutation-equivariant: permuting the tokens permutes the outputs the same way", () => {
    const order = randomPermutation(6, seededRandom(7));
    const shuffled = selfAttention(permuteRows(x, order), weights).output;
    assert.ok(maxAbsDiff(shuffled, permuteRows(selfAttention(x, weights).output, order)) < 1e-12);
  });

  it("is no longer equivariant once positions are added to the tokens", () => {
    const order = [1, 0, 2, 3, 4, 5];
    const pe = sinusoidalEncoding(6, 8);
    const shuffled = selfAttention(add(permuteRows(x, order), pe), weights).output;
    const expected = permuteRows(selfAttention(add(x, pe), weights).output, order);
    assert.ok(maxAbsDiff(shuffled, expected) > 1e-3);
  });

  it("applies an additive mask: -Infinity entries get zero weight", () => {
    const n = 6;
    const causal = Array.from({length: n}, (_, i) => Array.from({length: n}, (_, j) => (j > i ? -Infinity : 0)));
    const {weights: a} = selfAttention(x, weights, causal);
    a.forEach((row, i) => row.forEach((v, j) => j > i && assert.equal(v, 0)));
  });

  it("permuteRows rejects an order that is not a permutation", () => {
    assert.throws(() => permuteRows(x, [0, 0, 1, 2, 3, 4]), RangeError);
    assert.throws(() => permuteRows(x, [0, 1]), RangeError);
  });
});

describe("masks as rules", () => {
  it("turns a sliding window into the bias the graph adds: 0 where a query may look, -Infinity elsewhere", () => {
    const bias = maskBias((q, k) => k <= q && q - k < 2, 3);
    assert.deepEqual([...bias], [0, -Infinity, -Infinity, 0, 0, -Infinity, -Infinity, 0, 0]);
    assert.deepEqual([...maskBias((q, k) => k <= q, 4)], [...causalBias(4)]);
  });

  it("refuses a rule that leaves a query nothing to look at, or returns something other than a boolean", () => {
    assert.throws(() => maskBias((q, k) => k < q, 3), /position 0 may look at no key/);
    assert.throws(() => maskBias(() => 1 as unknown as boolean, 2), /true or false/);
  });

  it("tells when a mask lets a query see a later token", () => {
    assert.equal(
      looksAhead((q, k) => k <= q, 5),
      false
    );
    assert.equal(
      looksAhead(() => true, 5),
      true
    );
  });
});
