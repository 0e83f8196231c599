// probabilities[i]: what the model gave the token that actually came next, at each position.
// Perplexity = exp of the mean surprisal, -ln p.
function perplexityOf(probabilities: number[]): number {
  const surprisals = probabilities.map((p) => -Math.log(p));
  return surprisals.reduce((a, b) => a + b, 0); // not yet a mean, not yet exponentiated
}
