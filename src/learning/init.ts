// Seeded initial weights, so the same seed gives the same model and the same run.
import {randomNormal} from "d3-random";
import type {Rng} from "../random.js";
import {parameter, sizeOf, type Tensor} from "./tensor.js";

/** Normal draws with standard deviation `std` (GPT-2 draws its weights with 0.02). */
export function normal(shape: number[], rng: Rng, std: number): Tensor {
  const draw = randomNormal.source(rng)(0, std);
  const data = new Float32Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = draw();
  return parameter(data, shape);
}

/** A weight matrix [fanIn, fanOut] scaled by 1/√fanIn, so a layer keeps its input's variance (LeCun et al. 1998). */
export const weight = (fanIn: number, fanOut: number, rng: Rng): Tensor =>
  normal([fanIn, fanOut], rng, 1 / Math.sqrt(fanIn));

export const zeros = (shape: number[]): Tensor => parameter(new Float32Array(sizeOf(shape)), shape);

export const ones = (shape: number[]): Tensor => parameter(new Float32Array(sizeOf(shape)).fill(1), shape);
