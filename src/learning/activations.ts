// Elementwise nonlinearities. Each gives its derivative in terms of its input x and output y, whichever is simpler
// (σ' = σ(1 − σ), tanh' = 1 − tanh²).
import {gradOf, result, type Tensor} from "./tensor.js";

function unary(x: Tensor, f: (x: number) => number, derivative: (x: number, y: number) => number): Tensor {
  const out = x.data.map(f);
  return result(out, x.shape, [x], (grad) => {
    const g = gradOf(x);
    for (let i = 0; i < g.length; i++) g[i] += grad[i] * derivative(x.data[i], out[i]);
  });
}

export const relu = (x: Tensor): Tensor =>
  unary(
    x,
    (v) => (v > 0 ? v : 0),
    (v) => (v > 0 ? 1 : 0)
  );

export const tanh = (x: Tensor): Tensor => unary(x, Math.tanh, (_, y) => 1 - y * y);

export const sigmoid = (x: Tensor): Tensor =>
  unary(
    x,
    (v) => 1 / (1 + Math.exp(-v)),
    (_, y) => y * (1 - y)
  );

// GELU, x·Φ(x), in the tanh approximation of Hendrycks & Gimpel (2016) that GPT-2 uses (PyTorch's
// GELU(approximate="tanh")): 0.5·x·(1 + tanh(u)) with u = √(2/π)·(x + 0.044715·x³). Since 0.5·(1 + tanh(u)) = σ(2u),
// this is x·s with s = σ(2u), and its derivative is s + 2x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²). Written out rather
// than through `unary`: one exp per value, s kept for the backward pass (in V8, about 2.5 times as fast as a tanh in
// each direction through a closure).
const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;
export function gelu(x: Tensor): Tensor {
  const n = x.data.length;
  const out = new Float32Array(n);
  const s = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = x.data[i];
    out[i] = v * (s[i] = 1 / (1 + Math.exp(-2 * C * (v + A * v * v * v))));
  }
  return result(out, x.shape, [x], (grad) => {
    const g = gradOf(x);
    for (let i = 0; i < n; i++) {
      const v = x.data[i];
      g[i] += grad[i] * (s[i] + 2 * v * s[i] * (1 - s[i]) * C * (1 + 3 * A * v * v));
    }
  });
}
