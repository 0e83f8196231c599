/** How many tokens two generations share before they first differ: all of `a` when it is a prefix of `b`. */
export function sharedPrefixLength(a: readonly number[], b: readonly number[]): number {
  const first = a.findIndex((id, i) => id !== b[i]);
  return first === -1 ? a.length : first;
}
