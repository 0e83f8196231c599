function noisy(x0: number[], eps: number[], t: number): number[] {
  const a = alphaBar(t);
  return x0.map((x, i) => Math.sqrt(a) * x + Math.sqrt(1 - a) * eps[i]);
}
