// x_t = sqrt(ᾱ_t) x0 + sqrt(1 - ᾱ_t) ε for the linear schedule (β from 1e-4 to 0.02 over T = 1000 steps).
// alphaBar(t) is given; t counts from 0.
function noisy(x0: number[], eps: number[], t: number): number[] {
  const a = alphaBar(t);
  return x0.map((x, i) => x + eps[i]); // weigh them
}
