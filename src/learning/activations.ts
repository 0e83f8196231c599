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
// GELU(approximate="tanh")): 0.5·x·(1 + tanh(u)) with u = √(2/π)·(x + 0.044715·x³).
const C = Math.sqrt(2 / Math.PI);
export const gelu = (x: Tensor): Tensor =>
  unary(
    x,
    (v) => 0.5 * v * (1 + Math.tanh(C * (v + 0.044715 * v * v * v))),
    (v) => {
      const t = Math.tanh(C * (v + 0.044715 * v * v * v));
      return 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * C * (1 + 3 * 0.044715 * v * v);
    }
  );
