// What the rest of the library sees of a model runtime, wherever it runs: in this thread or in the page's worker.
import type {Backend} from "./backend.js";

export type TensorType = "float32" | "float16" | "int64" | "int32" | "uint8" | "bool";

/** A tensor as the rest of the library sees it: a typed array and its dimensions, no runtime object. */
export interface TensorData {
  type: TensorType;
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array | Uint16Array;
  dims: number[];
}

export interface ModelSession {
  /** The backend that runs now: it changes to "wasm" if the GPU is lost. */
  readonly backend: Backend;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /**
   * Runs the model; `outputs` names the outputs wanted (all of them by default), the rest are not copied out.
   * `lent` names feeds whose buffers the caller lends for the call, whole: a page's runtime moves them to its worker
   * and back instead of copying them (a language model's key/value cache, up to megabytes a token), so they are empty
   * meanwhile. They come back unchanged in the result, under their input names, beside the outputs.
   */
  run(
    feeds: Record<string, TensorData>,
    outputs?: readonly string[],
    lent?: readonly string[]
  ): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  backend: Backend;
  /** Told of anything the reader should know, such as a fall back to WebAssembly. */
  onNotice?: (message: string) => void;
}

export interface Runtime {
  /**
   * Readies the runtime for a backend without a model: downloads and compiles its WebAssembly (and opens the GPU
   * device for WebGPU) by making a session of a one-node model. A page calls it while its model downloads, so that
   * work is done by the time the model arrives instead of starting then.
   */
  loadRuntime(backend: Backend): Promise<void>;
  createSession(model: Uint8Array, options: SessionOptions): Promise<ModelSession>;
}

export interface RuntimeConfig {
  /** Where the built site put each backend's wasm file; Node's runtime finds its own. */
  wasm?: Record<Backend, string>;
  numThreads?: number;
}
