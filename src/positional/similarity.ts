import {dot, type Matrix, type Vector} from "../linalg/index.js";

export type Similarity = (a: Vector, b: Vector) => number;

/** S[i][j] = measure(rows[i], rows[j]), the dot product unless told otherwise. */
export function similarityMatrix(rows: Matrix, measure: Similarity = dot): Matrix {
  return rows.map((a) => rows.map((b) => measure(a, b)));
}

/** Whether S[i][j] depends only on j - i: the largest spread of the values along any diagonal. */
export function diagonalSpread(s: Matrix): number {
  const byOffset = new Map<number, {min: number; max: number}>();
  s.forEach((row, i) =>
    row.forEach((v, j) => {
      const range = byOffset.get(j - i) ?? {min: v, max: v};
      byOffset.set(j - i, {min: Math.min(range.min, v), max: Math.max(range.max, v)});
    })
  );
  return Math.max(0, ...[...byOffset.values()].map(({min, max}) => max - min));
}

/**
 * Whether similarity depends only on the offset: for offsets k = 0..length-1, how far measure(PE(start), PE(start + k))
 * differs between the starts, at most. Offsets past the last row are skipped.
 */
export function offsetSpread(pe: Matrix, starts: number[], length: number, measure: Similarity = dot): number {
  let spread = 0;
  for (let k = 0; k < length; k++) {
    const values = starts.filter((s) => s + k < pe.length).map((s) => measure(pe[s], pe[s + k]));
    if (values.length > 1) spread = Math.max(spread, Math.max(...values) - Math.min(...values));
  }
  return spread;
}
