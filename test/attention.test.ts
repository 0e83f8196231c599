import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {
  causalBias,
  headRole,
  headRoleShares,
  looksAhead,
  maskBias,
  permuteRows,
  selfAttention
} from "../src/attention/index.js";
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

describe("head roles", () => {
  /** A head whose query i puts weight 0.7 on the key keyOf(i) (kept causal) and spreads the rest evenly. */
  const head = (n: number, keyOf: (i: number) => number) =>
    Array.from({length: n}, (_, i) =>
      Array.from({length: n}, (_, j) => (j > i ? 0 : (j === keyOf(i) ? 0.7 : 0) + 0.3 / (i + 1)))
    );
  // tokens: a b c a b c a: every query from 3 on has an earlier copy, and the token after it
  const ids = [1, 2, 3, 1, 2, 3, 1];

  it("calls a head by the kind of key most queries look at hardest: previous, first, an earlier copy, the token after it", () => {
    assert.equal(
      headRole(
        headRoleShares(
          head(7, (i) => i - 1),
          ids
        )
      ),
      "previous"
    );
    assert.equal(
      headRole(
        headRoleShares(
          head(7, () => 0),
          ids
        )
      ),
      "first"
    );
    assert.equal(
      headRole(
        headRoleShares(
          head(7, (i) => (i >= 3 ? i - 3 : i)),
          ids
        )
      ),
      "sameToken"
    );
    assert.equal(
      headRole(
        headRoleShares(
          head(7, (i) => (i >= 3 ? i - 2 : i)),
          ids
        )
      ),
      "afterSameToken"
    );
  });

  it("leaves out the first two queries, whose previous token is the first, and names no role below the threshold", () => {
    const shares = headRoleShares(
      head(7, (i) => (i >= 5 ? i - 1 : 0)),
      ids
    );
    assert.deepEqual(shares, {previous: 2 / 5, first: 3 / 5, self: 0, sameToken: 0, afterSameToken: 0});
    assert.equal(headRole(shares), "first");
    assert.equal(headRole(shares, 0.7), undefined);
  });
});
