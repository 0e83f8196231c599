// Attention masks as the additive bias the model's graph takes: 0 where a query may look at a key, -Infinity where
// it may not, so the softmax gives those keys no weight.
//   bias [T, P+T]: row i is the query at position P+i, column j the key at position j

/** The causal mask: the query at position P+i sees keys 0..P+i, never a later one. */
export function causalBias(sequence: number, past = 0): Float32Array {
  const total = past + sequence;
  const bias = new Float32Array(sequence * total);
  for (let i = 0; i < sequence; i++) bias.fill(-Infinity, i * total + past + i + 1, (i + 1) * total);
  return bias;
}
