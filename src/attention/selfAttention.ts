// Single-head scaled dot-product self-attention over a sequence of token vectors.
//   X [n, d] inputs, Wq Wk [d, dk], Wv [d, dv]
//   Q = X Wq, K = X Wk, V = X Wv
//   A = softmax(Q K^T / sqrt(dk) + M)   [n, n], M the additive mask (0 or -inf)
//   Y = A V                             [n, dv]
import {add, matmul, softmaxRows, transpose, type Matrix} from "../linalg/index.js";

export interface AttentionWeights {
  wq: Matrix;
  wk: Matrix;
  wv: Matrix;
}

export interface AttentionResult {
  weights: Matrix;
  output: Matrix;
}

export function selfAttention(x: Matrix, {wq, wk, wv}: AttentionWeights, mask?: Matrix): AttentionResult {
  return attend(matmul(x, wq), matmul(x, wk), matmul(x, wv), mask);
}

/** Scaled dot-product attention of given queries, keys and values: softmax(Q K^T / sqrt(dk) + M) V. */
export function attend(q: Matrix, k: Matrix, v: Matrix, mask?: Matrix): AttentionResult {
  const scale = 1 / Math.sqrt(k[0].length);
  const scores = matmul(q, transpose(k)).map((row) => row.map((s) => s * scale));
  const weights = softmaxRows(mask ? add(scores, mask) : scores);
  return {weights, output: matmul(weights, v)};
}

/** Rows of `x` in the order `order`: row i of the result is row order[i] of x. */
export function permuteRows(x: Matrix, order: number[]): Matrix {
  if (order.length !== x.length || new Set(order).size !== order.length || order.some((i) => !(i in x))) {
    throw new RangeError(`permuteRows: ${JSON.stringify(order)} is not a permutation of 0..${x.length - 1}`);
  }
  return order.map((i) => x[i]);
}
