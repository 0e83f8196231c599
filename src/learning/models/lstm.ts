// A long short-term memory network (Hochreiter & Schmidhuber 1997) as PyTorch's nn.LSTM computes it: embedding,
// one LSTM layer, a linear layer to the logits. At each step, from x_t and the previous h and c:
//   [i, f, g, o] = x_t W_x + h W_h + b         (four gates in one product, split along the last axis)
//   c ← σ(f) ⊙ c + σ(i) ⊙ tanh(g),   h ← σ(o) ⊙ tanh(c)
import type {Rng} from "../../random.js";
import {sigmoid, tanh} from "../activations.js";
import {add, mul} from "../elementwise.js";
import {normal, weight, zeros} from "../init.js";
import {matmul} from "../matmul.js";
import {concat, embedding, reshape, slice} from "../shape.js";
import {constant, type Tensor} from "../tensor.js";
import {addLinear, linear, type Params} from "./layers.js";
import {languageModel, type LanguageModel} from "./languageModel.js";

export interface LstmOptions {
  vocab: number;
  dEmbed?: number;
  hidden?: number;
  rng: Rng;
}

export function lstm({vocab, dEmbed = 32, hidden = 64, rng}: LstmOptions): LanguageModel {
  const params: Params = {
    embedding: normal([vocab, dEmbed], rng, 1),
    "lstm.inputWeight": weight(dEmbed, 4 * hidden, rng),
    "lstm.hiddenWeight": weight(hidden, 4 * hidden, rng),
    "lstm.bias": zeros([4 * hidden])
  };
  addLinear(params, "output", hidden, vocab, rng);
  return languageModel(params, Infinity, (inputs, batch, time) => {
    // every step's input product at once: [batch, time, 4 · hidden]
    const fromInputs = add(
      matmul(embedding(params.embedding, inputs, [batch, time]), params["lstm.inputWeight"]),
      params["lstm.bias"]
    );
    let h: Tensor = constant(new Float32Array(batch * hidden), [batch, hidden]);
    let c: Tensor = h;
    const outputs: Tensor[] = [];
    for (let t = 0; t < time; t++) {
      const x = reshape(slice(fromInputs, 1, t, t + 1), [batch, 4 * hidden]);
      const gates = add(x, matmul(h, params["lstm.hiddenWeight"]));
      const [i, f, g, o] = [0, 1, 2, 3].map((k) => slice(gates, 1, k * hidden, (k + 1) * hidden));
      c = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
      h = mul(sigmoid(o), tanh(c));
      outputs.push(reshape(h, [batch, 1, hidden]));
    }
    return linear(params, "output", concat(outputs, 1));
  });
}
