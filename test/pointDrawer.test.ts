import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {strokePoints} from "../components/pointDrawer.js";

describe("drawing points", () => {
  it("lays points along a stroke a fixed distance apart, after its start and up to its end", () => {
    const points = strokePoints([0, 0], [0.3, 0.4], 0.1);
    assert.equal(points.length, 5);
    points.forEach(([x, y], i) => {
      assert.ok(Math.abs(x - 0.06 * (i + 1)) < 1e-12 && Math.abs(y - 0.08 * (i + 1)) < 1e-12, `point ${i}: ${x}, ${y}`);
    });
  });

  it("lays none along a stroke shorter than the spacing, so a pointer that barely moves adds nothing", () => {
    assert.deepEqual(strokePoints([1, 1], [1.02, 1], 0.05), []);
  });
});
