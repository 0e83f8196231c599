// Principal component analysis, for drawing high-dimensional vectors (token embeddings, hidden states) in 2-D.
//   X [n, d] rows, centred: Xc = X - mean
//   C = Xc^T Xc / n   [d, d], the covariance
//   components: the top eigenvectors of C, by power iteration with deflation; projection Xc V [n, k]
import type {Rng} from "../random.js";

export interface Pca {
  /** One [x, y, ...] per row. */
  points: number[][];
  /** The share of the total variance each component explains. */
  explained: number[];
}

export function pca(rows: readonly ArrayLike<number>[], rng: Rng, components = 2): Pca {
  const n = rows.length;
  if (n < 2) throw new RangeError(`PCA needs at least two vectors, got ${n}`);
  const d = rows[0].length;
  const mean = new Float64Array(d);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j] += row[j] / n;
  const centred = rows.map((row) => Float64Array.from({length: d}, (_, j) => row[j] - mean[j]));
  const covariance = Array.from({length: d}, () => new Float64Array(d));
  for (const row of centred) {
    for (let i = 0; i < d; i++) {
      const ri = row[i] / n;
      if (ri === 0) continue;
      const out = covariance[i];
      for (let j = 0; j < d; j++) out[j] += ri * row[j];
    }
  }
  const total = covariance.reduce((sum, row, i) => sum + row[i], 0);
  const vectors: Float64Array[] = [];
  const explained: number[] = [];
  for (let c = 0; c < Math.min(components, d); c++) {
    let v = Float64Array.from({length: d}, () => rng() - 0.5);
    let lambda = 0;
    const next = new Float64Array(d);
    for (let iteration = 0; iteration < 300; iteration++) {
      for (let i = 0; i < d; i++) next[i] = dot(covariance[i], v);
      for (const u of vectors) orthogonalise(next, u); // deflation: stay away from the components found
      const norm = Math.sqrt(dot(next, next));
      if (norm === 0) break;
      let converged = true;
      for (let j = 0; j < d; j++) {
        const x = next[j] / norm;
        if (Math.abs(x - v[j]) >= 1e-10) converged = false;
        v[j] = x;
      }
      lambda = norm;
      if (converged) break;
    }
    // a fixed sign, so the picture does not flip between runs: the largest entry positive
    const largest = v.reduce((best, x, j) => (Math.abs(x) > Math.abs(v[best]) ? j : best), 0);
    if (v[largest] < 0) v = v.map((x) => -x);
    vectors.push(v);
    explained.push(total > 0 ? lambda / total : 0);
  }
  return {points: centred.map((row) => vectors.map((v) => dot(row, v))), explained};
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < a.length; j++) sum += a[j] * b[j];
  return sum;
}

function orthogonalise(v: Float64Array, unit: Float64Array): void {
  const projection = dot(v, unit);
  for (let j = 0; j < v.length; j++) v[j] -= projection * unit[j];
}
