// Central finite differences against backpropagation: the check every op and layer of src/learning passes.
import assert from "node:assert/strict";
import {normalArray, seededRandom} from "../src/random.js";
import {backward, constant, meanSquaredError, parameter, zeroGrad, type Tensor} from "../src/learning/index.js";

/** A trainable tensor of normal draws, from a seed. */
export const randomParameter = (shape: number[], seed: number, scale = 1): Tensor =>
  parameter(
    normalArray(
      shape.reduce((n, s) => n * s, 1),
      seededRandom(seed)
    ).map((v) => v * scale),
    shape
  );

/**
 * Checks ∂L/∂x for every input x, where L = mse(f(inputs), a fixed random target) (the loss of a scalar `f` is f),
 * at up to `entries` entries of each input: the gradient backpropagation gives against (L(x + h) − L(x − h)) / 2h.
 */
export function checkGradients(
  f: () => Tensor,
  inputs: Tensor[],
  {h = 3e-3, tolerance = 2e-2, entries = 24}: {h?: number; tolerance?: number; entries?: number} = {}
): void {
  const first = f();
  const target = constant(normalArray(first.data.length, seededRandom(7)), first.shape);
  const loss = () => (first.data.length === 1 && first.shape.length === 0 ? f() : meanSquaredError(f(), target));
  zeroGrad(inputs);
  backward(loss());
  const rng = seededRandom(11);
  inputs.forEach((x, n) => {
    const analytic = Float32Array.from(x.grad ?? new Float32Array(x.data.length));
    const picks =
      x.data.length <= entries
        ? Array.from({length: x.data.length}, (_, i) => i)
        : Array.from({length: entries}, () => Math.floor(rng() * x.data.length));
    for (const i of picks) {
      const saved = x.data[i];
      x.data[i] = saved + h;
      const up = loss().data[0];
      x.data[i] = saved - h;
      const down = loss().data[0];
      x.data[i] = saved;
      const numeric = (up - down) / (2 * h);
      const scale = Math.max(1e-2, Math.abs(numeric), Math.abs(analytic[i]));
      assert.ok(
        Math.abs(numeric - analytic[i]) <= tolerance * scale,
        `input ${n} [${x.shape}], entry ${i}: backpropagation ${analytic[i]}, finite differences ${numeric}`
      );
    }
  });
}
