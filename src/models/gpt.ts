// The course's GPT as a LanguageModel: compact token ids in, next-token logits out, its key/value cache kept as the
// graph's present_key_values tensor [layers, 2, batch, heads, past, headDim].
import {causalBias} from "../attention/index.js";
import type {LanguageModel} from "../generation/index.js";
import type {ModelSession, TensorData} from "../runtime/index.js";

export interface GptManifest {
  architecture: {layers: number; heads: number; headDim: number; contextLength: number; vocabSize: number};
  tokenizer: {endOfText: number};
}

export function gptModel(session: ModelSession, {architecture, tokenizer}: GptManifest): LanguageModel<TensorData> {
  const {layers, heads, headDim, contextLength, vocabSize} = architecture;
  return {
    contextLength,
    endOfText: tokenizer.endOfText,
    cacheLength: (cache) => cache.dims[4],
    async next(rows, cache) {
      const batch = rows.length;
      const sequence = rows[0].length;
      const past = cache ? cache.dims[4] : 0;
      const out = await session.run({
        input_ids: {type: "int64", data: BigInt64Array.from(rows.flat(), BigInt), dims: [batch, sequence]},
        past_key_values: cache ?? {type: "float32", data: new Float32Array(0), dims: [layers, 2, batch, heads, 0, headDim]},
        attn_bias: {type: "float32", data: causalBias(sequence, past), dims: [sequence, past + sequence]}
      });
      const logits = out.logits.data as Float32Array;
      return {
        logits: rows.map((_, b) => logits.slice(((b + 1) * sequence - 1) * vocabSize, (b + 1) * sequence * vocabSize)),
        cache: out.present_key_values
      };
    },
    reorder(cache, order) {
      // gather along the batch axis: [L, 2, B, H, P, Dh] -> [L, 2, order.length, H, P, Dh]
      const [l, two, batch, h, p, d] = cache.dims;
      const block = h * p * d;
      const source = cache.data as Float32Array;
      const data = new Float32Array(l * two * order.length * block);
      for (let outer = 0; outer < l * two; outer++) {
        order.forEach((row, i) => data.set(source.subarray((outer * batch + row) * block, (outer * batch + row + 1) * block), (outer * order.length + i) * block));
      }
      return {type: "float32", data, dims: [l, two, order.length, h, p, d]};
    }
  };
}
