// Matrix product over the last two axes, batched over the leading ones: a [...batch, m, k] times b [...batch, k, n]
// or b [k, n] (one matrix for the whole batch, as a layer's weights are). In the backward pass, with C = AB:
//   ∂L/∂A = ∂L/∂C · Bᵀ   and   ∂L/∂B = Aᵀ · ∂L/∂C   (summed over the batch where B is shared).
import {gradOf, result, sizeOf, type Tensor} from "./tensor.js";

// out[m, n] += a[m, k] · b[k, n] for one matrix of the batch; the i-k-j order reads b and writes out row by row.
function multiplyAdd(
  a: Float32Array,
  ao: number,
  b: Float32Array,
  bo: number,
  out: Float32Array,
  oo: number,
  m: number,
  k: number,
  n: number
) {
  for (let i = 0; i < m; i++) {
    const row = oo + i * n;
    for (let p = 0; p < k; p++) {
      const x = a[ao + i * k + p];
      if (x === 0) continue;
      const col = bo + p * n;
      for (let j = 0; j < n; j++) out[row + j] += x * b[col + j];
    }
  }
}

// The transpose of the last two axes of one matrix [rows, cols] at offset `at`, into a new array.
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
  for (let s = 0; s < count; s++) multiplyAdd(a.data, s * rows * k, b.data, s * k * n, out, s * rows * n, rows, k, n);
  return result(out, [...batch, m, n], [a, b], (grad) => {
    for (let s = 0; s < count; s++) {
      const [ao, bo, co] = [s * rows * k, s * k * n, s * rows * n];
      // ∂L/∂A [rows, k] = ∂L/∂C [rows, n] · Bᵀ [n, k]
      if (a.requiresGrad) multiplyAdd(grad, co, transposed(b.data, bo, k, n), 0, gradOf(a), ao, rows, n, k);
      // ∂L/∂B [k, n] = Aᵀ [k, rows] · ∂L/∂C [rows, n]
      if (b.requiresGrad) multiplyAdd(transposed(a.data, ao, rows, k), 0, grad, co, gradOf(b), bo, k, rows, n);
    }
  });
}
