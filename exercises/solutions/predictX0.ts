function predictX0(x: number[], eps: number[], alphaBar: number): number[] {
  return x.map((xt, i) => (xt - Math.sqrt(1 - alphaBar) * eps[i]) / Math.sqrt(alphaBar));
}
