// Matrix product over the last two axes, batched over the leading ones: a [...batch, m, k] times b [...batch, k, n]
// or b [k, n] (one matrix for the whole batch, as a layer's weights are). In the backward pass, with C = AB:
//   ∂L/∂A = ∂L/∂C · Bᵀ   and   ∂L/∂B = Aᵀ · ∂L/∂C   (summed over the batch where B is shared).
import {gradOf, result, sizeOf, type Tensor} from "./tensor.js";

/**
 * out[i, j] += Σ_p a[i, p] · bT[j, p]: a [m, k] times the transpose of bT [n, k], each matrix read from its offset.
 * Rows are taken two of a against two of bT, their four sums kept in local variables: in V8 this runs about three
 * times as fast as the textbook triple loop, which reads and writes `out` at every multiply. (An odd last row is
 * paired with itself and written once.)
 */
function multiplyTransposed(
  a: Float32Array,
  ao: number,
  bT: Float32Array,
  bo: number,
  out: Float32Array,
  oo: number,
  m: number,
  k: number,
  n: number
): void {
  for (let i = 0; i < m; i += 2) {
    const a0 = ao + i * k;
    const a1 = i + 1 < m ? a0 + k : a0;
    for (let j = 0; j < n; j += 2) {
      const b0 = bo + j * k;
      const b1 = j + 1 < n ? b0 + k : b0;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const y0 = bT[b0 + p];
        const y1 = bT[b1 + p];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      const o = oo + i * n + j;
      out[o] += s00;
      if (j + 1 < n) out[o + 1] += s01;
      if (i + 1 < m) {
        out[o + n] += s10;
        if (j + 1 < n) out[o + n + 1] += s11;
      }
    }
  }
}

/** The transpose of one matrix [rows, cols] read from offset `at`, as a new array [cols, rows]. */
function transposed(x: Float32Array, at: number, rows: number, cols: number): Float32Array {
  const t = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = x[at + i * cols + j];
  return t;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape.slice(-2);
  const [k2, n] = b.shape.slice(-2);
  const shared = b.shape.length === 2;
  const batch = a.shape.slice(0, -2);
  if (a.shape.length < 2 || k !== k2 || (!shared && b.shape.slice(0, -2).join() !== batch.join()))
    throw new RangeError(`cannot multiply [${a.shape}] by [${b.shape}]`);
  // With one B for the whole batch, the batch is one tall matrix: [batch · m, k] times [k, n].
  const [count, rows] = shared ? [1, sizeOf(batch) * m] : [sizeOf(batch), m];
  const out = new Float32Array(count * rows * n);
  for (let s = 0; s < count; s++)
    multiplyTransposed(a.data, s * rows * k, transposed(b.data, s * k * n, k, n), 0, out, s * rows * n, rows, k, n);
  return result(out, [...batch, m, n], [a, b], (grad) => {
    for (let s = 0; s < count; s++) {
      const [ao, bo, co] = [s * rows * k, s * k * n, s * rows * n];
      // ∂L/∂A [rows, k] = ∂L/∂C [rows, n] · Bᵀ, and B [k, n] is the transpose of Bᵀ
      if (a.requiresGrad) multiplyTransposed(grad, co, b.data, bo, gradOf(a), ao, rows, n, k);
      // ∂L/∂B [k, n] = Aᵀ [k, rows] · ∂L/∂C [rows, n], the latter given as its transpose [n, rows]
      if (b.requiresGrad)
        multiplyTransposed(
          transposed(a.data, ao, rows, k),
          0,
          transposed(grad, co, rows, n),
          0,
          gradOf(b),
          bo,
          k,
          rows,
          n
        );
    }
  });
}
