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

/** Whether the query at one position may look at the key at another. */
export type MaskRule = (query: number, key: number) => boolean;

/** The bias [n, n] of any mask, given as a rule: sliding windows, prefixes, or a reader's own. */
export function maskBias(rule: MaskRule, n: number): Float32Array {
  const bias = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    let open = 0;
    for (let j = 0; j < n; j++) {
      const allowed = rule(i, j);
      if (typeof allowed !== "boolean")
        throw new TypeError(
          `the mask must return true or false; for query ${i}, key ${j} it returned ${String(allowed)}`
        );
      if (allowed) open++;
      else bias[i * n + j] = -Infinity;
    }
    // a query that sees nothing has a softmax of 0/0
    if (open === 0)
      throw new RangeError(
        `the query at position ${i} may look at no key at all; every query needs at least one (itself, say)`
      );
  }
  return bias;
}

/** The keys after each query a mask lets it see: a model trained causally then reads the answer it should predict. */
export function looksAhead(rule: MaskRule, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (rule(i, j)) return true;
  return false;
}
