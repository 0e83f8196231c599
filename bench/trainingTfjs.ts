// The benchmark's small Transformer in TensorFlow.js (tfjs-core's ops and autodiff), built as src/learning's
// transformer() is: pre-LayerNorm blocks, causal attention, GELU (tanh form), the gradient clipped by its global
// norm. The optimiser is tfjs's Adam (tfjs has no AdamW; the decay is one multiply per weight). The backend is
// whichever the caller registered and chose (cpu, wasm).
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core registers the gradients of its ops only on request
import "@tensorflow/tfjs-core/dist/register_all_gradients";
import {normalArray, seededRandom} from "../src/random.js";
import {SIZES, tokenStream, type Stepper} from "./trainingSteps.js";

export async function tfjsStepper(backend: string, seed: number): Promise<Stepper> {
  if (!(await tf.setBackend(backend))) throw new Error(`the tfjs backend ${backend} did not start`);
  await tf.ready();
  const {vocab, context: T, d, layers, heads, batch: B} = SIZES;
  const rng = seededRandom(seed);
  const tokens = tokenStream(seed);
  const normal = (shape: number[], std: number) =>
    tf.variable(
      tf.tensor(
        normalArray(
          shape.reduce((n, s) => n * s, 1),
          rng
        ).map((v) => v * std),
        shape
      )
    );
  const linearParams = (fanIn: number, fanOut: number) => ({
    w: normal([fanIn, fanOut], 1 / Math.sqrt(fanIn)),
    b: tf.variable(tf.zeros([fanOut]))
  });
  const normParams = () => ({g: tf.variable(tf.ones([d])), b: tf.variable(tf.zeros([d]))});
  const params = {
    tokens: normal([vocab, d], 0.02),
    positions: normal([T, d], 0.02),
    blocks: Array.from({length: layers}, () => ({
      norm1: normParams(),
      query: linearParams(d, d),
      key: linearParams(d, d),
      value: linearParams(d, d),
      output: linearParams(d, d),
      norm2: normParams(),
      up: linearParams(d, 4 * d),
      down: linearParams(4 * d, d)
    })),
    finalNorm: normParams(),
    head: linearParams(d, vocab)
  };
  // 0 where a query may look, −1e9 above the diagonal
  const mask = tf.tensor2d(
    Array.from({length: T * T}, (_, k) => (k % T > Math.floor(k / T) ? -1e9 : 0)),
    [T, T]
  );
  const optimizer = tf.train.adam(SIZES.lr);

  // x [rows, fanIn] -> [rows, fanOut]
  const linear = (p: {w: tf.Variable; b: tf.Variable}, x: tf.Tensor2D) => tf.add(tf.matMul(x, p.w), p.b) as tf.Tensor2D;
  const norm = (p: {g: tf.Variable; b: tf.Variable}, x: tf.Tensor2D) => {
    const {mean, variance} = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-5))), p.g), p.b) as tf.Tensor2D;
  };
  const gelu = (x: tf.Tensor2D) =>
    tf.mul(
      tf.mul(x, 0.5),
      tf.add(1, tf.tanh(tf.mul(Math.sqrt(2 / Math.PI), tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))
    ) as tf.Tensor2D;
  const split = (x: tf.Tensor2D) => tf.transpose(tf.reshape(x, [B, T, heads, d / heads]), [0, 2, 1, 3]) as tf.Tensor4D;

  const loss = (inputs: tf.Tensor1D, targets: tf.Tensor1D) => {
    // x [B · T, d]: every position of every window as one row. The embedding is a one-hot product, not tf.gather:
    // gather's gradient needs the kernel UnsortedSegmentSum, which tfjs's wasm backend does not have.
    let x = tf.reshape(
      tf.add(
        tf.reshape(tf.matMul(tf.oneHot(inputs, vocab, 1, 0, "float32"), params.tokens), [B, T, d]),
        params.positions
      ),
      [B * T, d]
    ) as tf.Tensor2D;
    for (const block of params.blocks) {
      const h = norm(block.norm1, x);
      const [q, k, v] = [block.query, block.key, block.value].map((p) => split(linear(p, h)));
      const weights = tf.softmax(tf.add(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(d / heads)), mask));
      const joined = tf.reshape(tf.transpose(tf.matMul(weights, v), [0, 2, 1, 3]), [B * T, d]) as tf.Tensor2D;
      x = tf.add(x, linear(block.output, joined));
      x = tf.add(x, linear(block.down, gelu(linear(block.up, norm(block.norm2, x)))));
    }
    const logits = linear(params.head, norm(params.finalNorm, x));
    return tf.losses.softmaxCrossEntropy(tf.oneHot(targets, vocab), logits) as tf.Scalar;
  };

  return {
    step() {
      return tf.tidy(() => {
        const inputs = new Int32Array(B * T);
        const targets = new Int32Array(B * T);
        for (let b = 0; b < B; b++) {
          const start = Math.floor(rng() * (tokens.length - T));
          inputs.set(tokens.subarray(start, start + T), b * T);
          targets.set(tokens.subarray(start + 1, start + T + 1), b * T);
        }
        const {value, grads} = tf.variableGrads(() =>
          loss(tf.tensor1d(inputs, "int32"), tf.tensor1d(targets, "int32"))
        );
        const gradNorm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))));
        const scale = tf.minimum(1, tf.div(SIZES.clip, tf.add(gradNorm, 1e-6)));
        optimizer.applyGradients(
          Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.mul(g, scale)]))
        );
        return value.dataSync()[0];
      });
    }
  };
}
