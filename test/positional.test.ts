import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {maxAbsDiff} from "../src/linalg/index.js";
import {
  angularFrequencies,
  applyRope,
  diagonalSpread,
  encodingFrom,
  rotationResidual,
  turnAngles,
  ropeScores,
  similarityAtOffset,
  similarityMatrix,
  offsetSpread,
  sinusoidalEncoding,
  wavelengths
} from "../src/positional/index.js";
import {normalMatrix, seededRandom} from "../src/random.js";

interface FixtureCase {
  dModel: number;
  positions: number;
  base: number;
  encoding: number[][];
}
const fixture: {cases: FixtureCase[]} = JSON.parse(
  readFileSync(new URL("./fixtures/positional-encoding.json", import.meta.url), "utf8")
);

describe("sinusoidal positional encoding", () => {
  it("follows PE(pos, 2i) = sin(pos / 10000^(2i/d)) and PE(pos, 2i+1) = cos(...) entry by entry", () => {
    const d = 8;
    const pe = sinusoidalEncoding(20, d);
    for (let pos = 0; pos < 20; pos++) {
      for (let i = 0; i < d / 2; i++) {
        const angle = pos / Math.pow(10000, (2 * i) / d);
        assert.ok(Math.abs(pe[pos][2 * i] - Math.sin(angle)) < 1e-14);
        assert.ok(Math.abs(pe[pos][2 * i + 1] - Math.cos(angle)) < 1e-14);
      }
    }
  });

  for (const {dModel, positions, base, encoding} of fixture.cases) {
    it(`matches the classic PyTorch PositionalEncoding module (d=${dModel}, ${positions} positions)`, () => {
      const pe = sinusoidalEncoding(positions, dModel, {base});
      assert.equal(pe.length, positions);
      assert.ok(maxAbsDiff(pe, encoding) < 1e-9, `max difference ${maxAbsDiff(pe, encoding)}`);
    });
  }

  it("rejects an odd or non-integer model width and a base of 1 or less with a RangeError", () => {
    assert.throws(() => sinusoidalEncoding(4, 7), /even integer/);
    assert.throws(() => sinusoidalEncoding(4, 2.5), RangeError);
    assert.throws(() => sinusoidalEncoding(4, 8, {base: 1}), /base must be greater than 1/);
    assert.throws(() => sinusoidalEncoding(-1, 8), /whole number/);
  });

  it("has wavelengths from 2π growing geometrically towards 2π·base", () => {
    const waves = wavelengths(128);
    assert.ok(Math.abs(waves[0] - 2 * Math.PI) < 1e-12);
    for (let i = 1; i < waves.length; i++) assert.ok(waves[i] > waves[i - 1]);
    assert.ok(waves[waves.length - 1] < 2 * Math.PI * 10000);
  });
});

describe("encodingFrom", () => {
  it("builds the matrix of a reader's encoding function and names what is wrong with a bad row", () => {
    const sinusoidal = sinusoidalEncoding(5, 4);
    assert.deepEqual(
      encodingFrom((pos) => sinusoidal[pos], 5, 4, 10000),
      sinusoidal
    );
    assert.throws(
      () => encodingFrom(() => [1, 2, 3], 2, 4, 10000),
      /encode\(0, 4, 10000\) returned 3 numbers; it should return d = 4/
    );
    assert.throws(() => encodingFrom(() => [1, NaN, 0, 0], 2, 4, 10000), /\[1\] is NaN, not a finite number/);
    assert.throws(() => encodingFrom(() => undefined as never, 1, 4, 10000), /returned undefined/);
  });
});

describe("relative positions", () => {
  it("PE(pos + k) is R_k PE(pos) for every pos: the rotation depends on k alone", () => {
    const d = 32;
    const omega = angularFrequencies(d);
    const pe = sinusoidalEncoding(100, d);
    for (const k of [1, 5, 37]) assert.ok(rotationResidual(pe, k, omega) < 1e-9);
  });

  it("the dot product of two encodings is Σ cos(k ω_i), the same along every diagonal", () => {
    const d = 16;
    const omega = angularFrequencies(d);
    const s = similarityMatrix(sinusoidalEncoding(50, d));
    assert.ok(diagonalSpread(s) < 1e-9);
    assert.ok(Math.abs(s[3][10] - similarityAtOffset(7, omega)) < 1e-12);
  });

  it("diagonalSpread sees a matrix that is not a function of the offset", () => {
    assert.equal(
      diagonalSpread([
        [1, 2],
        [3, 4]
      ]),
      3
    );
  });

  it("RoPE keeps a vector's length and makes query-key scores depend on n - m only", () => {
    const [q, k] = normalMatrix(2, 16, seededRandom(3));
    const rotated = applyRope(q, 11);
    const norm = (v: number[]) => Math.hypot(...v);
    assert.ok(Math.abs(norm(rotated) - norm(q)) < 1e-12);
    const scores = ropeScores(q, k, 24);
    assert.ok(diagonalSpread(scores) < 1e-9);
    // without rotation the score would be the same everywhere; with it, it varies with the offset
    assert.ok(Math.abs(scores[0][0] - scores[0][5]) > 1e-3);
  });
});

describe("turnAngles", () => {
  it("gives one angle for every position when moving by k is a rotation, and several when it is not", () => {
    const rotating = [0, 1, 2, 3, 4].map((pos) => [Math.sin(0.3 * pos), Math.cos(0.3 * pos)]);
    const angles = turnAngles(rotating, 2, 0, [0, 1, 2]);
    assert.ok(Math.max(...angles) - Math.min(...angles) < 1e-12);
    assert.ok(Math.abs(Math.abs(angles[0]) - 0.6) < 1e-12);
    const stretching = [0, 1, 2, 3, 4].map((pos) => [pos, 1]);
    const uneven = turnAngles(stretching, 1, 0, [0, 1, 2]);
    assert.ok(Math.max(...uneven) - Math.min(...uneven) > 0.1);
  });
});

describe("offsetSpread", () => {
  it("is zero when similarity depends only on the offset, and measures how far it depends on the start otherwise", () => {
    const sinusoid = sinusoidalEncoding(100, 16);
    assert.ok(offsetSpread(sinusoid, [0, 20, 50], 40) < 1e-9);
    const growing = Array.from({length: 10}, (_, pos) => [pos, 1]);
    // dot([s, 1], [s + 1, 1]) = s(s + 1) + 1: 1 from start 0, 7 from start 2
    assert.equal(offsetSpread(growing, [0, 2], 2), 6);
  });
});
