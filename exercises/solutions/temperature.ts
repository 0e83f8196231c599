// p_i = exp(z_i / T) / Σ_j exp(z_j / T): the classifier's logits z as probabilities at temperature T.
function softmaxWithTemperature(z: number[], T: number): number[] {
  const scaled = z.map((v) => v / T);
  const max = Math.max(...scaled); // exp of the largest is then 1: no overflow
  const exps = scaled.map((v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}
