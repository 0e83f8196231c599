// Addition and multiplication with NumPy's broadcasting: shapes are aligned from the right, and an axis of size 1
// (or a missing one) repeats to match the other. In the backward pass a repeated operand receives the sum of the
// gradients of every place it was repeated to.
import {constant, gradOf, result, sizeOf, type Tensor} from "./tensor.js";

export function broadcastShape(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({length: rank}, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new RangeError(`shapes [${a}] and [${b}] do not broadcast`);
    return Math.max(x, y);
  });
}

/** For each flat index of the output, the flat index of the operand it reads (null: the same index). */
function sourceIndex(out: number[], shape: number[]): Int32Array | null {
  const n = sizeOf(out);
  if (sizeOf(shape) === n) return null;
  const index = new Int32Array(n);
  // stride of each output axis in the operand: 0 where the operand repeats along it
  const strides = out.map(() => 0);
  for (let i = shape.length - 1, stride = 1; i >= 0; i--) {
    if (shape[i] !== 1) strides[out.length - shape.length + i] = stride;
    stride *= shape[i];
  }
  for (let k = 0; k < n; k++) {
    let rest = k;
    let at = 0;
    for (let axis = out.length - 1; axis >= 0; axis--) {
      at += (rest % out[axis]) * strides[axis];
      rest = Math.floor(rest / out[axis]);
    }
    index[k] = at;
  }
  return index;
}

const asTensor = (x: Tensor | number): Tensor => (typeof x === "number" ? constant([x], []) : x);

function binary(
  x: Tensor | number,
  y: Tensor | number,
  f: (a: number, b: number) => number,
  // ∂f/∂a and ∂f/∂b at (a, b)
  da: (a: number, b: number) => number,
  db: (a: number, b: number) => number
): Tensor {
  const [a, b] = [asTensor(x), asTensor(y)];
  const shape = broadcastShape(a.shape, b.shape);
  const [ia, ib] = [sourceIndex(shape, a.shape), sourceIndex(shape, b.shape)];
  const n = sizeOf(shape);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = f(a.data[ia ? ia[k] : k], b.data[ib ? ib[k] : k]);
  return result(out, shape, [a, b], (grad) => {
    for (const [t, index, d] of [[a, ia, da] as const, [b, ib, db] as const]) {
      if (!t.requiresGrad) continue;
      const g = gradOf(t);
      for (let k = 0; k < n; k++) {
        const [i, j] = [ia ? ia[k] : k, ib ? ib[k] : k];
        g[index ? index[k] : k] += grad[k] * d(a.data[i], b.data[j]);
      }
    }
  });
}

export const add = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary(
    a,
    b,
    (x, y) => x + y,
    () => 1,
    () => 1
  );

export const sub = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary(
    a,
    b,
    (x, y) => x - y,
    () => 1,
    () => -1
  );

export const mul = (a: Tensor | number, b: Tensor | number): Tensor =>
  binary(
    a,
    b,
    (x, y) => x * y,
    (_, y) => y,
    (x) => x
  );
