// The score ∇ log q(x_t) that the network's noise estimate ε̂ implies at a step whose cumulative product is ᾱ.
function score(epsHat: number[], alphaBar: number): number[] {
  return epsHat.map((e) => -e);
}
