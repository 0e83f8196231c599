// The runs bench/native.ts times on both sides, native onnxruntime in Node and onnxruntime-web in Chromium: one
// self-contained function (the page receives its source), given a session of either runtime behind one `run`.

import {imageGeometry, STEP_LENT, STEP_OUTPUTS} from "../src/models/index.js";

/**
 * A GPT case asks for the outputs a generation step asks for and lends the feeds it lends (gptModel), so every side
 * times the call the course makes; a UNet case asks for its one output.
 */
export type PeerCase =
  | {
      name: string;
      model: "gpt";
      kind: "decode" | "forward";
      tokens: number;
      outputs: readonly string[];
      lent: readonly string[];
    }
  | {name: string; model: "unet"; batch: number; outputs?: undefined; lent?: undefined};

/** What the cases read from the manifests, so the page needs no file of ours. */
export interface PeerShapes {
  gpt: {layers: number; heads: number; headDim: number};
  unet: {channels: number; height: number; width: number};
}

/**
 * The cases the peer benchmarks time (bench/native.ts, bench/webgpu.ts, bench/kernels.ts), from the models' manifests:
 * a GPT decode step that makes the context 8, 200 and its full length long, a whole prompt of that length, and the
 * UNet at batches 1, 2, 16 and 32; and the shapes of their feeds.
 */
export function peerCases(
  gpt: {architecture: {layers: number; heads: number; headDim: number; contextLength: number}},
  unet: Parameters<typeof imageGeometry>[0]
): {cases: PeerCase[]; shapes: PeerShapes} {
  const geometry = imageGeometry(unet);
  const {layers, heads, headDim, contextLength: context} = gpt.architecture;
  return {
    shapes: {
      gpt: {layers, heads, headDim},
      unet: {channels: geometry.channels, height: geometry.height, width: geometry.width}
    },
    cases: [
      ...[8, 200, context].map((tokens) => ({
        name: `GPT decode, context ${tokens}`,
        model: "gpt" as const,
        kind: "decode" as const,
        tokens,
        outputs: STEP_OUTPUTS,
        lent: STEP_LENT
      })),
      {
        name: `GPT forward, ${context} tokens`,
        model: "gpt",
        kind: "forward",
        tokens: context,
        outputs: STEP_OUTPUTS,
        lent: STEP_LENT
      },
      ...[1, 2, 16, 32].map((batch) => ({name: `UNet, batch ${batch}`, model: "unet" as const, batch}))
    ]
  };
}

export interface Feed {
  type: "float32" | "int64";
  data: Float32Array | BigInt64Array;
  dims: number[];
}

/**
 * Milliseconds of every run of each case, after untimed runs for `warmMs` (two at least): Chromium compiles
 * WebAssembly with a quick baseline compiler first and its optimising one in the background, function by function
 * as they get hot, so a call's first few hundred milliseconds of runs measure the baseline code (a GPT decode step at
 * context 8 took 5.6 ms after three runs and 0.9 ms after 1.5 s of them); natively, the first runs fill the
 * allocator's arenas. A decode case is one new token after a cache of
 * `tokens - 1` (the step that makes the context `tokens` long); a forward case a whole prompt of `tokens` with an
 * empty cache; a UNet case one noise prediction for a batch. `run` is given the case's outputs and lent feeds, and
 * returns what the runtime gave back: lent feeds come back in it (the course's runtime moves them to its worker and
 * back) and are passed to the next run.
 */
export async function peerTimes(
  run: (
    model: "gpt" | "unet",
    feeds: Record<string, Feed>,
    outputs?: readonly string[],
    lent?: readonly string[]
  ) => Promise<Record<string, unknown>>,
  cases: PeerCase[],
  shapes: PeerShapes,
  runs: number,
  warmMs: number
): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = {};
  for (const c of cases) {
    let feeds: Record<string, Feed>;
    if (c.model === "unet") {
      const {channels, height, width} = shapes.unet;
      feeds = {
        x: {
          type: "float32",
          data: new Float32Array(c.batch * channels * height * width).fill(0.1),
          dims: [c.batch, channels, height, width]
        },
        t: {type: "int64", data: new BigInt64Array(c.batch).fill(500n), dims: [c.batch]},
        y: {type: "int64", data: new BigInt64Array(c.batch).fill(3n), dims: [c.batch]}
      };
    } else {
      const {layers, heads, headDim} = shapes.gpt;
      const sequence = c.kind === "decode" ? 1 : c.tokens;
      const past = c.tokens - sequence;
      const cache = new Float32Array(layers * 2 * heads * past * headDim);
      for (let i = 0; i < cache.length; i++) cache[i] = Math.sin(i) * 0.5;
      // causal: position i sees the past and itself, not the tokens after it
      const bias = new Float32Array(sequence * c.tokens);
      for (let i = 0; i < sequence; i++) bias.fill(-Infinity, i * c.tokens + past + i + 1, (i + 1) * c.tokens);
      feeds = {
        input_ids: {
          type: "int64",
          data: BigInt64Array.from({length: sequence}, (_, i) => BigInt(i % 100)),
          dims: [1, sequence]
        },
        past_key_values: {type: "float32", data: cache, dims: [layers, 2, 1, heads, past, headDim]},
        attn_bias: {type: "float32", data: bias, dims: [sequence, c.tokens]}
      };
    }
    times[c.name] = [];
    // no named inner functions: the page gets this function's source, without the helper tsx names them with
    for (let i = 0, start = performance.now(); times[c.name].length < runs; i++) {
      const began = performance.now();
      const result = await run(c.model, feeds, c.outputs, c.lent);
      if (i >= 2 && began - start >= warmMs) times[c.name].push(performance.now() - began);
      for (const name of c.lent ?? []) if (result[name]) feeds[name] = result[name] as Feed;
    }
  }
  return times;
}
