// A small causal Transformer in GPT-2's arrangement (Radford et al. 2019; nanoGPT): token embedding plus positions
// (learned, or the fixed sinusoids of Vaswani et al. 2017, §3.5), then blocks with LayerNorm before each sublayer:
//   x ← x + Attention(LN₁(x)),   x ← x + FeedForward(LN₂(x))
// then a last LayerNorm and a linear layer to the logits.
import type {Rng} from "../../random.js";
import {sinusoidalEncoding} from "../../positional/index.js";
import {add} from "../elementwise.js";
import {normal} from "../init.js";
import {embedding} from "../shape.js";
import {constant, type Tensor} from "../tensor.js";
import {
  addAttention,
  addFeedForward,
  addLayerNorm,
  addLinear,
  feedForward,
  linear,
  norm,
  positionIds,
  selfAttention,
  type Params
} from "./layers.js";
import {languageModel, type LanguageModel} from "./languageModel.js";

export interface TransformerOptions {
  vocab: number;
  context: number;
  d?: number;
  layers?: number;
  heads?: number;
  positions?: "learned" | "sinusoidal";
  rng: Rng;
}

export function transformer({
  vocab,
  context,
  d = 64,
  layers = 2,
  heads = 4,
  positions = "learned",
  rng
}: TransformerOptions): LanguageModel {
  if (d % heads !== 0) throw new RangeError(`d = ${d} does not split into ${heads} heads`);
  if (positions !== "learned" && positions !== "sinusoidal")
    throw new RangeError(`positions are "learned" or "sinusoidal", not ${JSON.stringify(positions)}`);
  const params: Params = {tokenEmbedding: normal([vocab, d], rng, 0.02)};
  const positionTable: Tensor =
    positions === "learned"
      ? (params.positionEmbedding = normal([context, d], rng, 0.02))
      : constant(sinusoidalEncoding(context, d).flat(), [context, d]);
  for (let l = 0; l < layers; l++) {
    addLayerNorm(params, `blocks.${l}.norm1`, d);
    addAttention(params, `blocks.${l}.attention`, d, rng);
    addLayerNorm(params, `blocks.${l}.norm2`, d);
    addFeedForward(params, `blocks.${l}.feedForward`, d, 4 * d, rng);
  }
  addLayerNorm(params, "finalNorm", d);
  addLinear(params, "output", d, vocab, rng);
  return languageModel(params, context, (inputs, batch, time) => {
    if (time > context) throw new RangeError(`a window of ${time} tokens is longer than the context of ${context}`);
    let x = add(
      embedding(params.tokenEmbedding, inputs, [batch, time]),
      embedding(positionTable, positionIds(time), [time])
    );
    for (let l = 0; l < layers; l++) {
      x = add(x, selfAttention(params, `blocks.${l}.attention`, norm(params, `blocks.${l}.norm1`, x), heads));
      x = add(x, feedForward(params, `blocks.${l}.feedForward`, norm(params, `blocks.${l}.norm2`, x)));
    }
    return linear(params, "output", norm(params, "finalNorm", x));
  });
}
