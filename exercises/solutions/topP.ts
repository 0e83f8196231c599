function nucleus(probabilities: number[], p: number): number[] {
  const order = probabilities.map((_, i) => i).sort((a, b) => probabilities[b] - probabilities[a]);
  const kept = new Set<number>();
  let mass = 0;
  for (const i of order) {
    kept.add(i);
    mass += probabilities[i];
    if (mass >= p) break;
  }
  return probabilities.map((q, i) => (kept.has(i) ? q / mass : 0));
}
