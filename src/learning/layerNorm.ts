// Layer normalisation over the last axis (Ba, Kiros & Hinton 2016): y = γ ⊙ (x − μ)/σ + β, with μ and σ² the mean
// and (biased) variance of the row and σ = √(σ² + ε). The backward pass is the usual closed form for one row of d:
//   ∂L/∂x = (1/σ) · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)),   ĝ = γ ⊙ ∂L/∂y,  x̂ = (x − μ)/σ.
import {gradOf, result, type Tensor} from "./tensor.js";

export function layerNorm(x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor {
  const d = x.shape[x.shape.length - 1];
  const rows = x.data.length / d;
  const normed = new Float32Array(x.data.length); // x̂
  const inverse = new Float32Array(rows); // 1/σ per row
  const out = new Float32Array(x.data.length);
  for (let r = 0; r < rows; r++) {
    const at = r * d;
    let mean = 0;
    for (let j = 0; j < d; j++) mean += x.data[at + j];
    mean /= d;
    let variance = 0;
    for (let j = 0; j < d; j++) variance += (x.data[at + j] - mean) ** 2;
    inverse[r] = 1 / Math.sqrt(variance / d + eps);
    for (let j = 0; j < d; j++) {
      normed[at + j] = (x.data[at + j] - mean) * inverse[r];
      out[at + j] = gamma.data[j] * normed[at + j] + beta.data[j];
    }
  }
  return result(out, x.shape, [x, gamma, beta], (grad) => {
    const [gx, gg, gb] = [x, gamma, beta].map((t) => (t.requiresGrad ? gradOf(t) : null));
    for (let r = 0; r < rows; r++) {
      const at = r * d;
      let meanG = 0;
      let meanGX = 0;
      for (let j = 0; j < d; j++) {
        const g = grad[at + j] * gamma.data[j];
        meanG += g;
        meanGX += g * normed[at + j];
        if (gg) gg[j] += grad[at + j] * normed[at + j];
        if (gb) gb[j] += grad[at + j];
      }
      [meanG, meanGX] = [meanG / d, meanGX / d];
      if (gx)
        for (let j = 0; j < d; j++)
          gx[at + j] += inverse[r] * (grad[at + j] * gamma.data[j] - meanG - normed[at + j] * meanGX);
    }
  });
}
