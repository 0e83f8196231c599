// Matrix product over the last two axes, batched over the leading ones: a [...batch, m, k] times b [...batch, k, n]
// or b [k, n] (one matrix for the whole batch, as a layer's weights are). In the backward pass, with C = AB:
//   ∂L/∂A = ∂L/∂C · Bᵀ   and   ∂L/∂B = Aᵀ · ∂L/∂C   (summed over the batch where B is shared).
import {base64Bytes} from "../base64.js";
import {MATMUL_WASM} from "./matmulKernel.js";
import {gradOf, result, sizeOf, type Tensor} from "./tensor.js";

/**
 * out[i, j] += Σ_p a[i, p] · bT[j, p]: a [m, k] times the transpose of bT [n, k], each matrix read from its offset,
 * in JavaScript, for engines without WebAssembly's SIMD (Safari before 16.4). Four rows of a are taken against two
 * of bT, their eight sums kept in local variables, so that each value read serves several multiplies and `out` is
 * touched once per sum. The textbook triple loop reads and writes `out` at every multiply. In V8, on the small
 * Transformer's shapes, two rows against two ran at 2.2–3.0 GFLOP/s and this at 3.2–4.4. Rows past the end read the
 * first row of the four again and are not written.
 */
export function multiplyTransposedScalar(
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
  for (let i = 0; i < m; i += 4) {
    const a0 = ao + i * k;
    const a1 = i + 1 < m ? a0 + k : a0;
    const a2 = i + 2 < m ? a0 + 2 * k : a0;
    const a3 = i + 3 < m ? a0 + 3 * k : a0;
    for (let j = 0; j < n; j += 2) {
      const b0 = bo + j * k;
      const pair = j + 1 < n;
      const b1 = pair ? b0 + k : b0;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      let s20 = 0;
      let s21 = 0;
      let s30 = 0;
      let s31 = 0;
      for (let p = 0; p < k; p++) {
        const y0 = bT[b0 + p];
        const y1 = bT[b1 + p];
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const x2 = a[a2 + p];
        const x3 = a[a3 + p];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s20 += x2 * y0;
        s21 += x2 * y1;
        s30 += x3 * y0;
        s31 += x3 * y1;
      }
      const o = oo + i * n + j;
      out[o] += s00;
      if (pair) out[o + 1] += s01;
      if (i + 1 < m) {
        out[o + n] += s10;
        if (pair) out[o + n + 1] += s11;
      }
      if (i + 2 < m) {
        out[o + 2 * n] += s20;
        if (pair) out[o + 2 * n + 1] += s21;
      }
      if (i + 3 < m) {
        out[o + 3 * n] += s30;
        if (pair) out[o + 3 * n + 1] += s31;
      }
    }
  }
}

/**
 * The same product by the WebAssembly kernel (matmul.wat, 128-bit SIMD), or undefined where this engine has no
 * WebAssembly SIMD. The matrices are copied into the kernel's memory, each row padded with zeros to a multiple of
 * four floats and the rows to a multiple of four (a) and two (bT), and `out` with them; the kernel adds the sums to
 * `out` there, which is copied back. In Node, on the small Transformer's shapes, it ran 3.0–7.7x the speed of the
 * JavaScript above, copies included (1.2x on an attention head's 32 x 8 times 8 x 32), and the benchmark's training
 * steps 1.89x (bench/trainingEngine.ts).
 */
export const multiplyTransposedSimd = simdKernel();

/** What the kernel uses of WebAssembly's JavaScript API, which src/'s types (ES2022 and Node's) leave out. */
declare const WebAssembly:
  | {
      validate(bytes: Uint8Array): boolean;
      Module: new (bytes: Uint8Array) => object;
      Instance: new (module: object) => {exports: object};
    }
  | undefined;

function simdKernel(): typeof multiplyTransposedScalar | undefined {
  const bytes = base64Bytes(MATMUL_WASM);
  if (typeof WebAssembly === "undefined" || !WebAssembly.validate(bytes)) return undefined;
  // small enough to compile synchronously, even on a page's own thread
  const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as {
    memory: {buffer: ArrayBuffer; grow(pages: number): number};
    multiplyTransposed(a: number, bT: number, out: number, m: number, k: number, n: number): void;
  };
  let heap = new Float32Array(kernel.memory.buffer);
  const up = (size: number, by: number) => Math.ceil(size / by) * by;
  return (a, ao, bT, bo, out, oo, m, k, n) => {
    const [rows, depth, columns] = [up(m, 4), up(k, 4), up(n, 2)];
    const [atB, atOut, end] = [rows * depth, (rows + columns) * depth, (rows + columns) * depth + rows * columns];
    if (end * 4 > heap.byteLength) {
      kernel.memory.grow(Math.ceil((end * 4 - heap.byteLength) / 65536));
      heap = new Float32Array(kernel.memory.buffer);
    }
    if (depth !== k) heap.fill(0, 0, atOut); // the padding of each row must be zero, not an earlier call's values
    copyRows(a, ao, k, heap, 0, depth, m, k);
    copyRows(bT, bo, k, heap, atB, depth, n, k);
    // padded rows of a and bT give sums in padded rows and columns of out, which are not copied back
    copyRows(out, oo, n, heap, atOut, columns, m, n);
    kernel.multiplyTransposed(0, atB * 4, atOut * 4, rows, depth, columns);
    copyRows(heap, atOut, columns, out, oo, n, m, n);
  };
}

/** `count` rows of `width` floats from `from` to `to`, each array's rows `stride` floats apart: one copy if packed. */
function copyRows(
  from: Float32Array,
  fromAt: number,
  fromStride: number,
  to: Float32Array,
  toAt: number,
  toStride: number,
  count: number,
  width: number
): void {
  if (fromStride === width && toStride === width) to.set(from.subarray(fromAt, fromAt + count * width), toAt);
  else
    for (let i = 0; i < count; i++)
      to.set(from.subarray(fromAt + i * fromStride, fromAt + i * fromStride + width), toAt + i * toStride);
}

const multiplyTransposed = multiplyTransposedSimd ?? multiplyTransposedScalar;

/** What runs the matrix products on this thread, for a page to say. */
export const matmulEngine = multiplyTransposedSimd ? "WebAssembly SIMD" : "JavaScript";

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
