function clipByGlobalNorm(grads: number[][], maxNorm: number): number[][] {
  const norm = Math.sqrt(grads.flat().reduce((sum, x) => sum + x * x, 0));
  return norm > maxNorm ? grads.map((g) => g.map((x) => (x * maxNorm) / norm)) : grads;
}
