// Reads the fixtures the training scripts write (training/tensors.py): a JSON index and one binary file of arrays.
import {readFileSync} from "node:fs";
import type {TensorData} from "../src/runtime/index.js";
import {tensorBundle, type TensorIndex} from "../src/tensors.js";

export function readFixture(name: string): {meta: Record<string, unknown>; get(tensor: string): TensorData} {
  const {tensors, ...meta} = JSON.parse(
    readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")
  ) as TensorIndex;
  const bundle = tensorBundle({tensors}, readFileSync(new URL(`./fixtures/${name}.bin`, import.meta.url)));
  return {meta, get: (tensor) => bundle.get(tensor) as TensorData};
}

export function readModelFile(model: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../data/models/${model}/${file}`, import.meta.url)));
}

export function readManifest<T = any>(model: string): T {
  return JSON.parse(readFileSync(new URL(`../data/models/${model}/manifest.json`, import.meta.url), "utf8"));
}
