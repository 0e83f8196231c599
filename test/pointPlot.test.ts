import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {fieldArrows} from "../components/pointPlot.js";

describe("fieldArrows", () => {
  it("starts each arrow at its point and scales every vector by one factor, the longest to the length asked", () => {
    const at = Float32Array.from([0, 0, 1, 1]);
    // lengths 5 and 2.5: the longest is drawn 0.5 long, the other 0.25, directions kept
    const arrows = fieldArrows(at, Float32Array.from([3, 4, -1.5, -2]), 0.5);
    assert.deepEqual([...arrows], [0, 0, 0.3, 0.4, 1, 1, -0.15, -0.2].map(Math.fround));
  });

  it("draws a field of zeros as points, not as NaN, and refuses a field of another size", () => {
    assert.deepEqual([...fieldArrows(Float32Array.from([2, 3]), new Float32Array(2), 1)], [2, 3, 0, 0]);
    assert.throws(() => fieldArrows(new Float32Array(4), new Float32Array(2), 1), /2 points for 1 vectors/);
  });
});
