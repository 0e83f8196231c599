// Classifier-free guidance (Ho & Salimans 2022): one model, trained with labels sometimes dropped, predicts the
// noise with and without the class; the guided prediction leans away from the unconditional one:
//   ε̃ = ε(x, t, ∅) + w (ε(x, t, y) - ε(x, t, ∅))
// w = 1 is the plain conditional model, w = 0 the unconditional one, w > 1 trades variety for fidelity to y.
// Both passes go through the model in one batch of twice the size: one call, not two.

/** The model: noise predictions for a batch of images x [B, C, H, W] (flat), timesteps t [B] and classes y [B]. */
export type Denoiser = (x: Float32Array, t: number[], y: number[]) => Promise<Float32Array>;

export function guided(denoiser: Denoiser, scale: number, nullClass: number | null): Denoiser {
  if (!Number.isFinite(scale)) throw new RangeError(`the guidance scale must be a number, not ${scale}`);
  if (nullClass === null)
    throw new RangeError("guidance needs a model trained with a null class, and this one has none");
  return async (x, t, y) => {
    const doubled = new Float32Array(2 * x.length);
    doubled.set(x);
    doubled.set(x, x.length);
    const eps = await denoiser(doubled, [...t, ...t], [...y, ...y.map(() => nullClass)]);
    if (eps.length !== doubled.length)
      throw new RangeError(`the denoiser returned ${eps.length} values for ${doubled.length}`);
    const conditional = eps.subarray(0, x.length);
    const unconditional = eps.subarray(x.length);
    return unconditional.map((u, i) => u + scale * (conditional[i] - u));
  };
}
