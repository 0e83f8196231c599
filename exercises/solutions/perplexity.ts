function perplexityOf(probabilities: number[]): number {
  const surprisals = probabilities.map((p) => -Math.log(p));
  return Math.exp(surprisals.reduce((a, b) => a + b, 0) / surprisals.length);
}
