// The bigram model: one row of logits per token, read off a table [vocab, vocab]. It sees only the previous token,
// so its best loss is the entropy of the next token given the current one.
import type {Rng} from "../../random.js";
import {normal} from "../init.js";
import {embedding} from "../shape.js";
import {languageModel, type LanguageModel} from "./languageModel.js";

export function bigram({vocab, rng}: {vocab: number; rng: Rng}): LanguageModel {
  const params = {table: normal([vocab, vocab], rng, 0.02)};
  return languageModel(params, Infinity, (inputs, batch, time) => embedding(params.table, inputs, [batch, time]));
}
