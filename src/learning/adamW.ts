// AdamW (Loshchilov & Hutter 2019, Algorithm 2), as PyTorch's torch.optim.AdamW computes it:
//   θ ← θ − lr·λ·θ                        decoupled weight decay
//   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²
//   θ ← θ − lr · m̂ / (√v̂ + ε),  m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)
import type {Tensor} from "./tensor.js";

export interface AdamWOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

export interface Optimizer {
  /** Updates every parameter in place from its gradient; `lr` overrides the rate for this step (a schedule). */
  step(lr?: number): void;
}

export function adamW(
  params: Tensor[],
  {lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0.01}: AdamWOptions = {}
): Optimizer {
  if (!(lr > 0)) throw new RangeError(`the learning rate must be positive, not ${lr}`);
  const [beta1, beta2] = betas;
  const m = params.map((p) => new Float32Array(p.data.length));
  const v = params.map((p) => new Float32Array(p.data.length));
  let t = 0;
  return {
    step(rate = lr) {
      t++;
      const [c1, c2] = [1 - beta1 ** t, 1 - beta2 ** t];
      params.forEach((p, k) => {
        const g = p.grad;
        if (!g) return;
        const [mk, vk, theta] = [m[k], v[k], p.data];
        for (let i = 0; i < theta.length; i++) {
          theta[i] *= 1 - rate * weightDecay;
          mk[i] = beta1 * mk[i] + (1 - beta1) * g[i];
          vk[i] = beta2 * vk[i] + (1 - beta2) * g[i] * g[i];
          theta[i] -= (rate * (mk[i] / c1)) / (Math.sqrt(vk[i] / c2) + eps);
        }
      });
    }
  };
}
