// Softmax over the last axis, optionally causal: for scores [..., queries, keys], query i may only see keys j ≤ i
// (Vaswani et al. 2017, §3.2.3), so a masked score is −∞ before the softmax and its probability is exactly 0.
// Backward, for one row with p = softmax(s):  ∂L/∂s_j = p_j · (∂L/∂p_j − Σ_k p_k ∂L/∂p_k).
import {gradOf, result, type Tensor} from "./tensor.js";

export function softmax(x: Tensor, {causal = false}: {causal?: boolean} = {}): Tensor {
  const n = x.shape[x.shape.length - 1];
  const queries = x.shape[x.shape.length - 2] ?? 1;
  if (causal && queries !== n) throw new RangeError(`a causal mask needs as many queries as keys, not [${x.shape}]`);
  const rows = x.data.length / n;
  const out = new Float32Array(x.data.length);
  for (let r = 0; r < rows; r++) {
    const at = r * n;
    // keys 0..visible-1 are seen; the rest stay 0
    const visible = causal ? (r % queries) + 1 : n;
    let max = -Infinity;
    for (let j = 0; j < visible; j++) max = Math.max(max, x.data[at + j]);
    let total = 0;
    for (let j = 0; j < visible; j++) total += out[at + j] = Math.exp(x.data[at + j] - max);
    for (let j = 0; j < visible; j++) out[at + j] /= total;
  }
  return result(out, x.shape, [x], (grad) => {
    const g = gradOf(x);
    for (let r = 0; r < rows; r++) {
      const at = r * n;
      let dot = 0;
      for (let j = 0; j < n; j++) dot += out[at + j] * grad[at + j];
      for (let j = 0; j < n; j++) g[at + j] += out[at + j] * (grad[at + j] - dot);
    }
  });
}
