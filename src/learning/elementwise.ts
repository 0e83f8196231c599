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

// Index maps depend on shapes only, and a model uses a handful of shapes: each is computed once.
const sourceIndices = new Map<string, Int32Array>();

/** For each flat index of the output, the flat index of the operand (of shape `shape`) it reads. */
function sourceIndex(out: number[], shape: number[]): Int32Array {
  const key = `${out}|${shape}`;
  let index = sourceIndices.get(key);
  if (index) return index;
  const n = sizeOf(out);
  index = new Int32Array(n);
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
  sourceIndices.set(key, index);
  return index;
}

const asTensor = (x: Tensor | number): Tensor => (typeof x === "number" ? constant([x], []) : x);

function broadcast(x: Tensor | number, y: Tensor | number) {
  const [a, b] = [asTensor(x), asTensor(y)];
  const shape = broadcastShape(a.shape, b.shape);
  return {a, b, shape, ia: sourceIndex(shape, a.shape), ib: sourceIndex(shape, b.shape), n: sizeOf(shape)};
}

// a + sign · b, and its gradient: 1 for a, sign for b
function addScaled(x: Tensor | number, y: Tensor | number, sign: 1 | -1): Tensor {
  const {a, b, shape, ia, ib, n} = broadcast(x, y);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = a.data[ia[k]] + sign * b.data[ib[k]];
  return result(out, shape, [a, b], (grad) => {
    if (a.requiresGrad) {
      const g = gradOf(a);
      for (let k = 0; k < n; k++) g[ia[k]] += grad[k];
    }
    if (b.requiresGrad) {
      const g = gradOf(b);
      for (let k = 0; k < n; k++) g[ib[k]] += sign * grad[k];
    }
  });
}

export const add = (a: Tensor | number, b: Tensor | number): Tensor => addScaled(a, b, 1);

export const sub = (a: Tensor | number, b: Tensor | number): Tensor => addScaled(a, b, -1);

/** a ⊙ b; ∂(ab)/∂a = b and ∂(ab)/∂b = a. */
export function mul(x: Tensor | number, y: Tensor | number): Tensor {
  const {a, b, shape, ia, ib, n} = broadcast(x, y);
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = a.data[ia[k]] * b.data[ib[k]];
  return result(out, shape, [a, b], (grad) => {
    if (a.requiresGrad) {
      const g = gradOf(a);
      for (let k = 0; k < n; k++) g[ia[k]] += grad[k] * b.data[ib[k]];
    }
    if (b.requiresGrad) {
      const g = gradOf(b);
      for (let k = 0; k < n; k++) g[ib[k]] += grad[k] * a.data[ia[k]];
    }
  });
}
