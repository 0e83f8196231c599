// Reads the fixtures the training scripts write (training/tensors.py): a JSON index and one binary file of arrays.
import {readFileSync} from "node:fs";
import type {TensorData} from "../src/runtime/index.js";

interface Entry {
  dtype: "float32" | "int64" | "uint8" | "int32";
  shape: number[];
  offset: number;
  length: number;
}

export function readFixture(name: string): {meta: Record<string, unknown>; get(tensor: string): TensorData} {
  const {tensors, ...meta} = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as {
    tensors: Record<string, Entry>;
  };
  const bytes = readFileSync(new URL(`./fixtures/${name}.bin`, import.meta.url));
  return {
    meta,
    get(tensor) {
      const entry = tensors[tensor];
      if (!entry) throw new Error(`fixture ${name} has no tensor ${tensor}`);
      const buffer = bytes.buffer.slice(bytes.byteOffset + entry.offset, bytes.byteOffset + entry.offset + entry.length);
      const data =
        entry.dtype === "float32" ? new Float32Array(buffer) : entry.dtype === "int64" ? new BigInt64Array(buffer) : entry.dtype === "int32" ? new Int32Array(buffer) : new Uint8Array(buffer);
      return {type: entry.dtype, data, dims: entry.shape};
    }
  };
}

export function readModelFile(model: string, file: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../data/models/${model}/${file}`, import.meta.url)));
}

export function readManifest<T = any>(model: string): T {
  return JSON.parse(readFileSync(new URL(`../data/models/${model}/manifest.json`, import.meta.url), "utf8"));
}
