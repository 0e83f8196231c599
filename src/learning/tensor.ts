// A tensor for reverse-mode automatic differentiation, small enough to read in one sitting. Every op makes a new
// tensor holding its parents and a closure that, given this tensor's gradient, adds its share into theirs (the chain
// rule). backward() runs those closures from the loss back to the parameters, each after all of its consumers.
//
//   data      the values, row-major (the last axis varies fastest)
//   grad      ∂loss/∂data, same layout; made on first use, zeroed by zeroGrad
//   shape     sizes of the axes, e.g. [batch, time, channels]
export interface Tensor {
  readonly shape: number[];
  readonly data: Float32Array;
  grad: Float32Array | null;
  /** Whether a gradient flows into this tensor: it is a parameter, or made from one. */
  readonly requiresGrad: boolean;
  readonly parents: Tensor[];
  /** Adds this tensor's gradient, through the op that made it, into its parents' gradients. */
  readonly backward: (() => void) | null;
}

export const sizeOf = (shape: number[]): number => shape.reduce((n, s) => n * s, 1);

function checkSize(data: Float32Array, shape: number[]): void {
  if (data.length !== sizeOf(shape))
    throw new RangeError(`${data.length} values cannot fill a tensor of shape [${shape.join(", ")}]`);
}

/** A constant: data the loss depends on but that is never trained (inputs, targets, masks). */
export function constant(data: Float32Array | number[], shape: number[]): Tensor {
  const values = Float32Array.from(data);
  checkSize(values, shape);
  return {shape, data: values, grad: null, requiresGrad: false, parents: [], backward: null};
}

/** A trainable parameter: the optimiser updates its data in place from its grad. */
export function parameter(data: Float32Array, shape: number[]): Tensor {
  checkSize(data, shape);
  return {shape, data, grad: null, requiresGrad: true, parents: [], backward: null};
}

/**
 * The result of an op: `backward(grad)` receives this tensor's gradient and must add into `gradOf(parent)` for each
 * parent that requires a gradient. With no parent requiring one, no closure is kept (inference costs no memory).
 */
export function result(
  data: Float32Array,
  shape: number[],
  parents: Tensor[],
  backward: (grad: Float32Array) => void
): Tensor {
  checkSize(data, shape);
  const requiresGrad = parents.some((p) => p.requiresGrad);
  const out: Tensor = {
    shape,
    data,
    grad: null,
    requiresGrad,
    parents,
    backward: requiresGrad ? () => backward(gradOf(out)) : null
  };
  return out;
}

/** The tensor's gradient, made (zeros) on first use. */
export function gradOf(t: Tensor): Float32Array {
  return (t.grad ??= new Float32Array(t.data.length));
}

/**
 * Adds `weight` · ∂loss/∂tensor to the gradient of every tensor reachable from `loss`, which must hold one value. A
 * weight other than 1 makes the gradients of the parts of a batch, each weighted by its share, add up to the batch's.
 */
export function backward(loss: Tensor, weight = 1): void {
  if (loss.data.length !== 1) throw new RangeError(`backward() needs a scalar loss, not shape [${loss.shape}]`);
  // Depth-first post-order: each tensor after everything it was made from; reversed, after all its consumers.
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([loss]);
  const stack: {tensor: Tensor; next: number}[] = [{tensor: loss, next: 0}];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const parent = top.tensor.parents[top.next++];
    if (parent === undefined) order.push(stack.pop()!.tensor);
    else if (parent.requiresGrad && !seen.has(parent)) {
      seen.add(parent);
      stack.push({tensor: parent, next: 0});
    }
  }
  gradOf(loss)[0] = weight;
  for (let i = order.length - 1; i >= 0; i--) order[i].backward?.();
}

/** Zeroes the gradients of these parameters before the next backward pass (gradients add up otherwise). */
export function zeroGrad(params: Iterable<Tensor>): void {
  for (const p of params) p.grad?.fill(0);
}
