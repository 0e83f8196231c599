// Small dense matrices as arrays of rows: enough for the lessons' worked examples, easy to read and to plot.
import {softmax} from "./softmax.js";

export type Vector = number[];
export type Matrix = number[][];

export function matmul(a: Matrix, b: Matrix): Matrix {
  const inner = b.length;
  if (a.length > 0 && a[0].length !== inner) {
    throw new RangeError(`matmul: ${a.length}x${a[0].length} times ${inner}x${b[0]?.length ?? 0} does not fit`);
  }
  const cols = inner === 0 ? 0 : b[0].length;
  return a.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let k = 0; k < inner; k++) {
      const aik = row[k];
      const bk = b[k];
      for (let j = 0; j < cols; j++) out[j] += aik * bk[j];
    }
    return out;
  });
}

export function transpose(a: Matrix): Matrix {
  if (a.length === 0) return [];
  return a[0].map((_, j) => a.map((row) => row[j]));
}

export function add(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

export function dot(a: Vector, b: Vector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Softmax of each row. */
export function softmaxRows(a: Matrix): Matrix {
  return a.map((row) => [...softmax(row)]);
}

/** Largest absolute elementwise difference of two vectors: how the lessons and tests show two computations agree. */
export function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** The same for two matrices. */
export function maxAbsDiff(a: Matrix, b: Matrix): number {
  return a.reduce((max, row, i) => Math.max(max, maxAbsDifference(row, b[i])), 0);
}
