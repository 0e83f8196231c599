// The course's GPT as a LanguageModel: compact token ids in, next-token logits out, its key/value cache kept as the
// graph's present_key_values tensor [layers, 2, batch, heads, past, headDim], which it builds itself from the graph's
// new_key_values (the new tokens' keys and values alone), in memory it reuses.
import {causalBias} from "../attention/index.js";
import type {LanguageModel} from "../generation/index.js";
import type {ModelSession, TensorData} from "../runtime/index.js";
import {appendKeysValues, cacheArray} from "./kvCache.js";

export interface GptManifest {
  architecture: {
    layers: number;
    heads: number;
    headDim: number;
    dModel: number;
    contextLength: number;
    vocabSize: number;
  };
  tokenizer: {endOfText: number};
}

/**
 * What a generation step asks the graph for: the logits and the new tokens' keys and values, not the whole cache the
 * graph also makes (onnxruntime-web would copy it into a new array, megabytes at every step of a long generation), nor
 * the attentions and hidden states a trace reads. The cache it passes is lent: it moves to the model's worker and back.
 */
export const STEP_OUTPUTS = ["logits", "new_key_values"] as const;
export const STEP_LENT = ["past_key_values"] as const;

/** Used-up caches' buffers a model keeps: one per generation running at once, as the lessons run them. */
const SPARE = 4;

export function gptModel(session: ModelSession, {architecture, tokenizer}: GptManifest): LanguageModel<TensorData> {
  const {layers, heads, headDim, contextLength, vocabSize} = architecture;
  // buffers of caches that calls have used up, for the caches after them; a generation takes one a step and gives one
  // back, and several generations may share the model
  const spare: ArrayBuffer[] = [];
  const usedUp = ({data}: {data: TensorData["data"]}) => {
    if (data.byteLength > 0 && spare.length < SPARE) spare.push(data.buffer as ArrayBuffer);
  };
  return {
    contextLength,
    endOfText: tokenizer.endOfText,
    cacheLength: (cache) => cache.dims[4],
    async next(rows, cache) {
      const batch = rows.length;
      const sequence = rows[0].length;
      const past = cache ? cache.dims[4] : 0;
      // the graph has a position embedding for the first contextLength positions only: refuse before it runs
      if (past + sequence > contextLength)
        throw new RangeError(
          `the model reads at most ${contextLength} tokens, but was given ${past + sequence}: crop the context first`
        );
      const out = await session.run(
        {
          input_ids: {type: "int64", data: BigInt64Array.from(rows.flat(), BigInt), dims: [batch, sequence]},
          past_key_values: cache ?? {
            type: "float32",
            data: new Float32Array(0),
            dims: [layers, 2, batch, heads, 0, headDim]
          },
          attn_bias: {type: "float32", data: causalBias(sequence, past), dims: [sequence, past + sequence]}
        },
        STEP_OUTPUTS,
        STEP_LENT
      );
      const used = out.past_key_values as {data: Float32Array; dims: number[]};
      const next = appendKeysValues(used, out.new_key_values as {data: Float32Array; dims: number[]}, spare.pop());
      usedUp(used); // the cache passed in (LanguageModel.next): its memory holds a later one
      const logits = out.logits.data as Float32Array;
      return {
        logits: rows.map((_, b) => logits.slice(((b + 1) * sequence - 1) * vocabSize, (b + 1) * sequence * vocabSize)),
        cache: {type: "float32", ...next}
      };
    },
    reorder(cache, order) {
      // gather along the batch axis: [L, 2, B, H, P, Dh] -> [L, 2, order.length, H, P, Dh]
      const [l, two, batch, h, p, d] = cache.dims;
      const block = h * p * d;
      const source = cache.data as Float32Array;
      const data = cacheArray(l * two * order.length * block, spare.pop());
      for (let outer = 0; outer < l * two; outer++) {
        order.forEach((row, i) =>
          data.set(
            source.subarray((outer * batch + row) * block, (outer * batch + row + 1) * block),
            (outer * order.length + i) * block
          )
        );
      }
      usedUp(cache); // LanguageModel.reorder
      return {type: "float32", data, dims: [l, two, order.length, h, p, d]};
    }
  };
}

/** Everything one forward pass over a prompt shows: what the lessons on attention and evaluation plot. */
export interface GptTrace {
  /** Next-token logits after each position: logits[i] scores the token at i + 1. */
  logits: Float32Array[];
  /** Attention probabilities of a layer and head: row i is the query at position i, one column per key. */
  attention(layer: number, head: number): number[][];
  /** The vectors after a layer, one per position: layer 0 is the embeddings, layer L the last block's output. */
  hidden(layer: number): Float32Array[];
}

/** Runs the whole prompt at once; `bias` is the attention mask ([T, T], 0 or -Infinity), causal unless given. */
export async function traceGpt(
  session: ModelSession,
  {architecture}: GptManifest,
  ids: number[],
  bias?: Float32Array
): Promise<GptTrace> {
  const {layers, heads, headDim, contextLength, vocabSize, dModel} = architecture;
  const n = ids.length;
  if (n < 1 || n > contextLength)
    throw new RangeError(`the model reads 1 to ${contextLength} tokens at once, got ${n}`);
  if (bias && bias.length !== n * n) throw new RangeError(`the mask must be ${n} x ${n}, one row per query`);
  const out = await session.run({
    input_ids: {type: "int64", data: BigInt64Array.from(ids, BigInt), dims: [1, n]},
    past_key_values: {type: "float32", data: new Float32Array(0), dims: [layers, 2, 1, heads, 0, headDim]},
    attn_bias: {type: "float32", data: bias ?? causalBias(n), dims: [n, n]}
  });
  const logits = out.logits.data as Float32Array;
  const attentions = out.attentions.data as Float32Array; // [layers, 1, heads, T, T]
  const hidden = out.hidden_states.data as Float32Array; // [layers + 1, 1, T, d]
  const check = (value: number, count: number, what: string) => {
    if (!Number.isInteger(value) || value < 0 || value >= count)
      throw new RangeError(`${what} ${value} is not one of 0..${count - 1}`);
  };
  return {
    logits: ids.map((_, i) => logits.slice(i * vocabSize, (i + 1) * vocabSize)),
    attention(layer, head) {
      check(layer, layers, "layer");
      check(head, heads, "head");
      const base = (layer * heads + head) * n * n;
      return ids.map((_, i) => Array.from(attentions.subarray(base + i * n, base + (i + 1) * n)));
    },
    hidden(layer) {
      check(layer, layers + 1, "layer");
      return ids.map((_, i) => hidden.slice((layer * n + i) * dModel, (layer * n + i + 1) * dModel));
    }
  };
}
