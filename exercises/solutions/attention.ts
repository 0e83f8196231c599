function attention(q: number[][], k: number[][], v: number[][], causal: boolean): number[][] {
  const dk = k[0].length;
  return q.map((qi, i) => {
    const scores = k.map((kj, j) =>
      causal && j > i ? -Infinity : kj.reduce((sum, x, d) => sum + x * qi[d], 0) / Math.sqrt(dk)
    );
    const max = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - max));
    const total = weights.reduce((a, b) => a + b, 0);
    return v[0].map((_, c) => v.reduce((sum, row, j) => sum + (weights[j] / total) * row[c], 0));
  });
}
