// Nearest neighbours by cosine similarity: which token embeddings point the same way as a query.
//   cos(a, b) = a·b / (|a| |b|)

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

export interface Neighbour {
  index: number;
  similarity: number;
}

/** The k rows most similar to the query, most similar first; rows in `exclude` are skipped. */
export function nearest(
  rows: readonly ArrayLike<number>[],
  query: ArrayLike<number>,
  k: number,
  exclude: ReadonlySet<number> = new Set()
): Neighbour[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number of at least 1, got ${k}`);
  return rows
    .map((row, index) => ({index, similarity: cosine(row, query)}))
    .filter(({index}) => !exclude.has(index))
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, k);
}
