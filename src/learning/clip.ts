// Gradient clipping by global norm (Pascanu, Mikolov & Bengio 2013): when ‖g‖, the norm of all gradients taken as
// one vector, exceeds `maxNorm`, every gradient is scaled by maxNorm/‖g‖, so a rare huge step keeps its direction but
// not its size. Same formula as PyTorch's clip_grad_norm_ (which adds 1e-6 to the norm).
import type {Tensor} from "./tensor.js";

/** The factor every gradient is scaled by, given their global norm ‖g‖ and the limit. */
export type ClipRule = (norm: number, maxNorm: number) => number;

export const byGlobalNorm: ClipRule = (norm, maxNorm) => {
  const scale = maxNorm / (norm + 1e-6);
  return scale < 1 ? scale : 1; // a norm that is not a number (the run has blown up) is left as it is
};

export function clipGradNorm(
  params: Tensor[],
  maxNorm = Infinity,
  rule: ClipRule = byGlobalNorm
): {before: number; after: number} {
  let squares = 0;
  for (const p of params) if (p.grad) for (const g of p.grad) squares += g * g;
  const before = Math.sqrt(squares);
  const scale = rule(before, maxNorm);
  if (!(scale >= 0 && scale < Infinity)) throw new RangeError(`the clipping scale must be a number ≥ 0, not ${scale}`);
  if (scale === 1) return {before, after: before};
  for (const p of params) if (p.grad) for (let i = 0; i < p.grad.length; i++) p.grad[i] *= scale;
  return {before, after: before * scale};
}
