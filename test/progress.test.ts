import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {describeProgress, formatSeconds, secondsLeft} from "../src/progress.js";

describe("progress of a long run", () => {
  it("has no estimate before the first unit of work finishes", () => {
    assert.equal(secondsLeft({done: 0, total: 10, elapsed: 500}), undefined);
    assert.equal(describeProgress({done: 0, total: 1080, elapsed: 0}, "model calls"), "0 of 1,080 model calls");
  });
  it("extrapolates the average pace over what is left", () => {
    assert.equal(secondsLeft({done: 10, total: 110, elapsed: 2000}), 20);
    assert.equal(secondsLeft({done: 110, total: 110, elapsed: 2000}), 0);
  });
  it("says durations as a reader does, rounded up", () => {
    assert.equal(formatSeconds(0.2), "1 s");
    assert.equal(formatSeconds(59), "59 s");
    assert.equal(formatSeconds(65), "1 min 05 s");
    assert.equal(
      describeProgress({done: 37, total: 1080, elapsed: 3700}, "model calls"),
      "37 of 1,080 model calls, about 1 min 45 s left"
    );
  });
});
