// The GPT's embedding tables (data/models/gpt/embeddings.*, written by training/export_embeddings.py from the
// graph's own weights): a token's vector E[t] and a position's vector P[i]; the model reads x_i = E[t_i] + P[i].
import type {TensorBundle} from "../tensors.js";

export interface GptEmbeddings {
  /** E: one row per compact token id. */
  token: Float32Array[];
  /** P: one row per position, 0 .. context - 1. */
  position: Float32Array[];
}

export function gptEmbeddings(bundle: TensorBundle): GptEmbeddings {
  const quantized = bundle.get("token_int8");
  const scale = bundle.get("token_scale").data as Float32Array;
  const [vocab, d] = quantized.dims;
  const position = bundle.get("position");
  const rows = (data: ArrayLike<number>, n: number, width: number, factor: (i: number) => number) =>
    Array.from({length: n}, (_, i) => Float32Array.from({length: width}, (_, j) => data[i * width + j] * factor(i)));
  return {
    token: rows(quantized.data as Int8Array, vocab, d, (i) => scale[i]),
    position: rows(position.data as Float32Array, position.dims[0], position.dims[1], () => 1)
  };
}
