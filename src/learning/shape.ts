// Ops that move values without computing new ones: their gradient moves back the same way.
import {gradOf, result, sizeOf, type Tensor} from "./tensor.js";

/** The same values read with another shape (row-major order is kept). */
export function reshape(x: Tensor, shape: number[]): Tensor {
  if (sizeOf(shape) !== x.data.length) throw new RangeError(`cannot reshape [${x.shape}] to [${shape}]`);
  return result(x.data, shape, [x], (grad) => {
    const g = gradOf(x);
    for (let i = 0; i < g.length; i++) g[i] += grad[i];
  });
}

// Which input value each output value of a permutation reads: it depends on shapes only, so it is computed once.
const permutations = new Map<string, Int32Array>();

function permutationSource(shape: number[], axes: number[]): Int32Array {
  const key = `${shape}|${axes}`;
  let source = permutations.get(key);
  if (source) return source;
  const inStrides = shape.map((_, i) => sizeOf(shape.slice(i + 1)));
  const outShape = axes.map((a) => shape[a]);
  const strides = axes.map((a) => inStrides[a]);
  source = new Int32Array(sizeOf(shape));
  for (let k = 0; k < source.length; k++) {
    let rest = k;
    let at = 0;
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      at += (rest % outShape[axis]) * strides[axis];
      rest = Math.floor(rest / outShape[axis]);
    }
    source[k] = at;
  }
  permutations.set(key, source);
  return source;
}

/** Reorders the axes: output axis i is input axis `axes[i]` (e.g. [batch, time, heads, d] -> [batch, heads, time, d]). */
export function permute(x: Tensor, axes: number[]): Tensor {
  const source = permutationSource(x.shape, axes);
  const n = source.length;
  const out = new Float32Array(n);
  for (let k = 0; k < n; k++) out[k] = x.data[source[k]];
  return result(
    out,
    axes.map((a) => x.shape[a]),
    [x],
    (grad) => {
      const g = gradOf(x);
      for (let k = 0; k < n; k++) g[source[k]] += grad[k];
    }
  );
}

// A tensor seen as [outer, size along axis, inner].
const around = (shape: number[], axis: number) => [sizeOf(shape.slice(0, axis)), sizeOf(shape.slice(axis + 1))];

/** Entries start..end-1 along one axis (an LSTM's four gates out of one product, one time step of a sequence). */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const [outer, inner] = around(x.shape, axis);
  const [size, width] = [x.shape[axis], end - start];
  if (start < 0 || end > size || width <= 0) throw new RangeError(`cannot take ${start}..${end} of an axis of ${size}`);
  const out = new Float32Array(outer * width * inner);
  for (let o = 0; o < outer; o++)
    out.set(x.data.subarray((o * size + start) * inner, (o * size + end) * inner), o * width * inner);
  return result(
    out,
    x.shape.map((s, i) => (i === axis ? width : s)),
    [x],
    (grad) => {
      const g = gradOf(x);
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < width * inner; i++) g[(o * size + start) * inner + i] += grad[o * width * inner + i];
    }
  );
}

/** Tensors joined along one axis; every other axis must agree. */
export function concat(xs: Tensor[], axis: number): Tensor {
  const [outer, inner] = around(xs[0].shape, axis);
  const size = xs.reduce((n, x) => n + x.shape[axis], 0);
  const out = new Float32Array(outer * size * inner);
  let start = 0;
  const starts = xs.map((x) => {
    if (x.data.length !== outer * x.shape[axis] * inner)
      throw new RangeError(`cannot join [${x.shape}] on axis ${axis}`);
    const at = start;
    for (let o = 0; o < outer; o++)
      out.set(x.data.subarray(o * x.shape[axis] * inner, (o + 1) * x.shape[axis] * inner), (o * size + at) * inner);
    start += x.shape[axis];
    return at;
  });
  return result(
    out,
    xs[0].shape.map((s, i) => (i === axis ? size : s)),
    xs,
    (grad) => {
      xs.forEach((x, n) => {
        if (!x.requiresGrad) return;
        const g = gradOf(x);
        const width = x.shape[axis] * inner;
        for (let o = 0; o < outer; o++)
          for (let i = 0; i < width; i++) g[o * width + i] += grad[(o * size + starts[n]) * inner + i];
      });
    }
  );
}

/**
 * Rows of `table` [vocab, d] picked by `ids`, shaped [...idsShape, d]: an embedding lookup. An id of -1 reads a row
 * of zeros (a window reaching before the start of the text) and passes no gradient.
 */
export function embedding(table: Tensor, ids: Int32Array, idsShape: number[]): Tensor {
  const [vocab, d] = table.shape;
  if (ids.length !== sizeOf(idsShape)) throw new RangeError(`${ids.length} ids cannot fill shape [${idsShape}]`);
  const out = new Float32Array(ids.length * d);
  ids.forEach((id, i) => {
    if (id < -1 || id >= vocab) throw new RangeError(`token id ${id} is outside the vocabulary of ${vocab}`);
    if (id >= 0) out.set(table.data.subarray(id * d, (id + 1) * d), i * d);
  });
  return result(out, [...idsShape, d], [table], (grad) => {
    const g = gradOf(table);
    ids.forEach((id, i) => {
      if (id >= 0) for (let j = 0; j < d; j++) g[id * d + j] += grad[i * d + j];
    });
  });
}
