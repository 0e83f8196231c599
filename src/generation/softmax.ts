// Softmax and log-softmax over a vector of logits, shifted by the maximum so large logits cannot overflow.
// Logits of -Infinity (filtered out) get probability 0.
export function softmax(logits: Float32Array): Float32Array {
  const max = logits.reduce((m, v) => Math.max(m, v), -Infinity);
  const exps = logits.map((v) => (v === -Infinity ? 0 : Math.exp(v - max)));
  const sum = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / sum);
}

export function logSoftmax(logits: Float32Array): Float32Array {
  const max = logits.reduce((m, v) => Math.max(m, v), -Infinity);
  const logSum = Math.log(logits.reduce((s, v) => s + (v === -Infinity ? 0 : Math.exp(v - max)), 0)) + max;
  return logits.map((v) => v - logSum);
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
