// p_i = exp(z_i / T) / Σ_j exp(z_j / T): the classifier's logits z as probabilities at temperature T.
function softmaxWithTemperature(z: number[], T: number): number[] {
  const exps = z.map((v) => Math.exp(v)); // T is not used yet
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
