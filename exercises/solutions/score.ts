// The score ∇ log q(x_t) that the network's noise estimate ε̂ implies at a step whose cumulative product is ᾱ.
function score(epsHat: number[], alphaBar: number): number[] {
  // x_t = √ᾱ x₀ + √(1 − ᾱ) ε, so ∇ log q(x_t | x₀) = −ε / √(1 − ᾱ); the network's ε̂ stands in for ε
  return epsHat.map((e) => -e / Math.sqrt(1 - alphaBar));
}
