// An attention-only model: token embedding plus a learned position embedding, one layer of causal multi-head
// self-attention with its residual connection, and a linear layer to the logits. No feed-forward network, no
// normalisation: what attention alone can learn. (Without positions, causal attention could not tell order apart
// beyond what the mask reveals.)
import type {Rng} from "../../random.js";
import {add} from "../elementwise.js";
import {normal} from "../init.js";
import {embedding} from "../shape.js";
import {addAttention, addLinear, linear, positionIds, selfAttention, type Params} from "./layers.js";
import {languageModel, type LanguageModel} from "./languageModel.js";

export interface AttentionOnlyOptions {
  vocab: number;
  context: number;
  d?: number;
  heads?: number;
  rng: Rng;
}

export function attentionOnly({vocab, context, d = 64, heads = 4, rng}: AttentionOnlyOptions): LanguageModel {
  const params: Params = {
    tokenEmbedding: normal([vocab, d], rng, 0.02),
    positionEmbedding: normal([context, d], rng, 0.02)
  };
  addAttention(params, "attention", d, rng);
  addLinear(params, "output", d, vocab, rng);
  return languageModel(params, context, (inputs, batch, time) => {
    const x = add(
      embedding(params.tokenEmbedding, inputs, [batch, time]),
      embedding(params.positionEmbedding, positionIds(time), [time])
    );
    return linear(params, "output", add(x, selfAttention(params, "attention", x, heads)));
  });
}
