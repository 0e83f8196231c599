// How repetitive a text is: the share of its n-grams that are distinct (distinct-n, Li et al., 2016). Greedy
// decoding falls into loops, which show as a low share.

export function distinctNgrams(tokens: readonly number[], n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a whole number of at least 1, got ${n}`);
  const total = tokens.length - n + 1;
  if (total < 1) return 1;
  const seen = new Set<string>();
  for (let i = 0; i < total; i++) seen.add(tokens.slice(i, i + n).join(","));
  return seen.size / total;
}
