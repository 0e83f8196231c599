// The neural probabilistic language model of Bengio et al. (2003): the last `window` tokens are embedded, their
// vectors joined, passed through a tanh hidden layer, then a linear layer to the logits (eq. 1 without its direct
// connections). Each position of a batch gets its own window; a window reaching before the text's start reads
// zeros there.
import type {Rng} from "../../random.js";
import {tanh} from "../activations.js";
import {normal} from "../init.js";
import {embedding, reshape} from "../shape.js";
import {addLinear, linear, type Params} from "./layers.js";
import {languageModel, type LanguageModel} from "./languageModel.js";

export interface WindowMlpOptions {
  vocab: number;
  window?: number;
  dEmbed?: number;
  hidden?: number;
  rng: Rng;
}

export function windowMlp({vocab, window = 8, dEmbed = 16, hidden = 128, rng}: WindowMlpOptions): LanguageModel {
  const params: Params = {embedding: normal([vocab, dEmbed], rng, 1)};
  addLinear(params, "hidden", window * dEmbed, hidden, rng);
  addLinear(params, "output", hidden, vocab, rng);
  return languageModel(params, window, (inputs, batch, time) => {
    // ids [batch, time, window]: for position t, tokens t - window + 1 .. t, -1 before the start
    const ids = new Int32Array(batch * time * window);
    for (let b = 0; b < batch; b++)
      for (let t = 0; t < time; t++)
        for (let w = 0; w < window; w++) {
          const source = t - window + 1 + w;
          ids[(b * time + t) * window + w] = source < 0 ? -1 : inputs[b * time + source];
        }
    const joined = reshape(embedding(params.embedding, ids, [batch, time, window]), [batch, time, window * dEmbed]);
    return linear(params, "output", tanh(linear(params, "hidden", joined)));
  });
}
