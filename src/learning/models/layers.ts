// The layers the models share, as functions of their parameters. Parameters live in one flat record per model,
// named by path ("blocks.0.attention.query.weight"), the names training/learning_fixture.py gives them too.
import type {Rng} from "../../random.js";
import {gelu} from "../activations.js";
import {add, mul} from "../elementwise.js";
import {ones, weight, zeros} from "../init.js";
import {layerNorm} from "../layerNorm.js";
import {matmul} from "../matmul.js";
import {permute, reshape} from "../shape.js";
import {softmax} from "../softmax.js";
import type {Tensor} from "../tensor.js";

export type Params = Record<string, Tensor>;

/** Adds `name.weight` [fanIn, fanOut] and `name.bias` [fanOut] to `params`. */
export function addLinear(params: Params, name: string, fanIn: number, fanOut: number, rng: Rng): void {
  params[`${name}.weight`] = weight(fanIn, fanOut, rng);
  params[`${name}.bias`] = zeros([fanOut]);
}

/** x W + b over the last axis. */
export const linear = (params: Params, name: string, x: Tensor): Tensor =>
  add(matmul(x, params[`${name}.weight`]), params[`${name}.bias`]);

export function addLayerNorm(params: Params, name: string, d: number): void {
  params[`${name}.weight`] = ones([d]);
  params[`${name}.bias`] = zeros([d]);
}

export const norm = (params: Params, name: string, x: Tensor): Tensor =>
  layerNorm(x, params[`${name}.weight`], params[`${name}.bias`]);

export function addAttention(params: Params, name: string, d: number, rng: Rng): void {
  for (const part of ["query", "key", "value", "output"]) addLinear(params, `${name}.${part}`, d, d, rng);
}

/**
 * Causal multi-head self-attention (Vaswani et al. 2017, eq. 1 and §3.2.2) on x [batch, time, d]:
 * softmax(Q Kᵀ/√d_head, causal) V in each head, the heads joined and projected.
 */
export function selfAttention(params: Params, name: string, x: Tensor, heads: number): Tensor {
  const [batch, time, d] = x.shape;
  const dHead = d / heads;
  // [batch, time, d] -> [batch, heads, time, dHead], or with `order` [0, 2, 3, 1] Kᵀ's [batch, heads, dHead, time]
  const split = (t: Tensor, order: number[]) => permute(reshape(t, [batch, time, heads, dHead]), order);
  const q = split(linear(params, `${name}.query`, x), [0, 2, 1, 3]);
  const kT = split(linear(params, `${name}.key`, x), [0, 2, 3, 1]);
  const v = split(linear(params, `${name}.value`, x), [0, 2, 1, 3]);
  const weights = softmax(mul(matmul(q, kT), 1 / Math.sqrt(dHead)), {causal: true}); // [batch, heads, time, time]
  const joined = reshape(permute(matmul(weights, v), [0, 2, 1, 3]), [batch, time, d]);
  return linear(params, `${name}.output`, joined);
}

export function addFeedForward(params: Params, name: string, d: number, hidden: number, rng: Rng): void {
  addLinear(params, `${name}.up`, d, hidden, rng);
  addLinear(params, `${name}.down`, hidden, d, rng);
}

/** The position-wise feed-forward network, with GPT-2's GELU in place of the original ReLU. */
export const feedForward = (params: Params, name: string, x: Tensor): Tensor =>
  linear(params, `${name}.down`, gelu(linear(params, `${name}.up`, x)));

/** 0, 1, ..., time − 1: the rows of the position table a window reads. */
export const positionIds = (time: number): Int32Array => Int32Array.from({length: time}, (_, i) => i);
