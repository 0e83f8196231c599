// Named arrays in one little-endian binary file with a JSON index (training/tensors.py writes them): the test
// fixtures and the embedding tables the lessons read.
import type {TensorData, TensorType} from "./runtime/index.js";

export interface TensorIndex {
  tensors: Record<string, {dtype: TensorType | "int8"; shape: number[]; offset: number; length: number}>;
}

export interface TensorBundle {
  names: string[];
  get(name: string): TensorData | {type: "int8"; data: Int8Array; dims: number[]};
}

const ARRAYS = {float32: Float32Array, int64: BigInt64Array, int32: Int32Array, uint8: Uint8Array, int8: Int8Array};

export function tensorBundle(index: TensorIndex, bytes: Uint8Array): TensorBundle {
  return {
    names: Object.keys(index.tensors),
    get(name) {
      const entry = index.tensors[name];
      if (!entry) throw new Error(`no tensor named ${name}; there are ${Object.keys(index.tensors).join(", ")}`);
      const Array = ARRAYS[entry.dtype as keyof typeof ARRAYS];
      if (!Array) throw new Error(`tensor ${name} has type ${entry.dtype}, which this reader does not know`);
      if (entry.offset + entry.length > bytes.length)
        throw new RangeError(`tensor ${name} lies past the end of its file (${bytes.length} bytes)`);
      // a copy (a Node Buffer's slice would share its pool): typed arrays need aligned offsets, which a buffer of its own has
      const buffer = new Uint8Array(bytes.subarray(entry.offset, entry.offset + entry.length)).buffer;
      return {type: entry.dtype, data: new Array(buffer), dims: entry.shape} as ReturnType<TensorBundle["get"]>;
    }
  };
}
