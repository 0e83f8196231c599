// Solve x_t = sqrt(ᾱ) x0 + sqrt(1 - ᾱ) ε for x0, given the model's ε.
function predictX0(x: number[], eps: number[], alphaBar: number): number[] {
  return x.map((xt, i) => xt - eps[i]);
}
