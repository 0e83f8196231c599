// cos(a, b) = a·b / (|a| |b|)
function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot; // not yet divided by the lengths
}
