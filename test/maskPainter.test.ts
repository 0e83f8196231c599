import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {dab, maskPreset} from "../components/maskPainter.js";
import {imageShape} from "../src/models/imageShape.js";

describe("painting a mask", () => {
  const shape = imageShape([3, 6, 8]);
  const unknownAt = (mask: Float32Array) =>
    [...mask.subarray(0, 48)].flatMap((m, i) => (m === 0 ? [`${Math.floor(i / 8)},${i % 8}`] : []));

  it("the brush marks a 3×3 square unknown in every channel, clipped at the image's edge, and leaves its input alone", () => {
    const clear = maskPreset("Nothing", shape);
    const mask = dab(clear, shape, 0, 7, 0);
    assert.deepEqual(unknownAt(mask), ["0,6", "0,7", "1,6", "1,7"]);
    for (const channel of [1, 2]) assert.deepEqual(unknownAt(mask.subarray(channel * 48)), unknownAt(mask));
    assert.ok(clear.every((m) => m === 1));
  });

  it("the eraser marks the pixels known again, and a dab off the image changes nothing", () => {
    const half = maskPreset("Right half", shape);
    const erased = dab(half, shape, 3, 4, 1);
    assert.deepEqual(
      unknownAt(erased),
      unknownAt(half).filter((p) => !["2,4", "2,5", "3,4", "3,5", "4,4", "4,5"].includes(p))
    );
    assert.deepEqual(dab(half, shape, -5, 20, 0), half);
  });
});
