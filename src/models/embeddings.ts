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
  // plain loops: the token table is 1.9 million numbers, decoded before the lesson can draw
  const rows = (data: ArrayLike<number>, n: number, width: number, factor: (i: number) => number) =>
    Array.from({length: n}, (_, i) => {
      const row = new Float32Array(width);
      const f = factor(i);
      for (let j = 0; j < width; j++) row[j] = data[i * width + j] * f;
      return row;
    });
  return {
    token: rows(quantized.data as Int8Array, vocab, d, (i) => scale[i]),
    position: rows(position.data as Float32Array, position.dims[0], position.dims[1], () => 1)
  };
}
