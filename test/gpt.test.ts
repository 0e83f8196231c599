// The GPT, run by onnxruntime-web in Node, against what PyTorch computed, and against itself with and without the
// key/value cache. Its float32 export is held to PyTorch within 1e-4; the file the lessons load (float16 weights) and
// the int8 copy within the drift their manifest states, and the lessons' file to PyTorch's greedy text.
import assert from "node:assert/strict";
import {after, before, describe, it} from "node:test";
import {causalBias} from "../src/attention/index.js";
import {generate, greedyBatch} from "../src/generation/index.js";
import {logSumExp, maxAbsDifference} from "../src/linalg/index.js";
import {appendKeysValues, gptEmbeddings, gptModel, traceGpt} from "../src/models/index.js";
import {tensorBundle} from "../src/tensors.js";
import {createSession, type ModelSession, type TensorData} from "../src/runtime/index.js";
import {compactTokenizer, gpt2Encoding} from "../src/tokenizer/index.js";
import {readFixture, readManifest, readModelFile} from "./fixtures.js";

const manifest = readManifest("gpt");
const {layers, heads, headDim, vocabSize} = manifest.architecture;
const fixture = readFixture("gpt");
const float = (t: TensorData) => t.data as Float32Array;
const fp32 = manifest.variants.find((v: {name: string}) => v.name === "fp32");

function feeds(ids: number[][], past?: TensorData): Record<string, TensorData> {
  const batch = ids.length;
  const sequence = ids[0].length;
  const pastLength = past ? past.dims[4] : 0;
  return {
    input_ids: {type: "int64", data: BigInt64Array.from(ids.flat(), BigInt), dims: [batch, sequence]},
    past_key_values: past ?? {type: "float32", data: new Float32Array(0), dims: [layers, 2, batch, heads, 0, headDim]},
    attn_bias: {type: "float32", data: causalBias(sequence, pastLength), dims: [sequence, pastLength + sequence]}
  };
}

const ids = (t: TensorData) => [...(t.data as BigInt64Array)].map(Number);

describe("the GPT's float32 export", () => {
  let gpt: ModelSession;
  before(async () => {
    gpt = await createSession(readModelFile("gpt", fp32.file), {backend: "wasm"});
  });
  after(() => gpt.release());

  it("takes and gives the tensors its manifest names", () => {
    assert.deepEqual(
      gpt.inputNames,
      manifest.inputs.map((i: {name: string}) => i.name)
    );
    assert.deepEqual(
      gpt.outputNames,
      manifest.outputs.map((o: {name: string}) => o.name)
    );
    assert.equal(fp32.bytes, readModelFile("gpt", fp32.file).length);
    assert.ok(fp32.bytes <= 16 * 1024 * 1024, "a model file is at most 16 MB");
  });

  it("matches PyTorch's logits, cache, attention and hidden states for a whole prompt (empty cache) to 1e-4", async () => {
    const input = fixture.get("input_ids");
    const rows = [ids(input).slice(0, 8), ids(input).slice(8)];
    const out = await gpt.run(feeds(rows));
    assert.deepEqual(out.logits.dims, [2, 8, vocabSize]);
    assert.deepEqual(out.present_key_values.dims, [layers, 2, 2, heads, 8, headDim]);
    assert.deepEqual(out.attentions.dims, [layers, 2, heads, 8, 8]);
    assert.deepEqual(out.hidden_states.dims, [layers + 1, 2, 8, manifest.architecture.dModel]);
    for (const name of ["logits", "present_key_values", "attentions", "hidden_states"]) {
      const difference = maxAbsDifference(float(out[name]), float(fixture.get(name)));
      assert.ok(difference < 1e-4, `${name}: max |difference| ${difference}`);
    }
  });

  it("matches PyTorch for one more token fed with the cache", async () => {
    const input = ids(fixture.get("input_ids"));
    const first = await gpt.run(feeds([input.slice(0, 8), input.slice(8)]));
    const next = ids(fixture.get("step_input_ids"));
    const step = await gpt.run(feeds([[next[0]], [next[1]]], first.present_key_values));
    assert.ok(maxAbsDifference(float(step.logits), float(fixture.get("step_logits"))) < 1e-4);
    assert.ok(maxAbsDifference(float(step.present_key_values), float(fixture.get("step_present_key_values"))) < 1e-4);
  });

  it("gives the same logits for a prompt at once as token by token with the cache", async () => {
    const prompt = ids(fixture.get("greedy_prompt_0"));
    const whole = await gpt.run(feeds([prompt]));
    let past: TensorData | undefined;
    for (let i = 0; i < prompt.length; i++) {
      const out = await gpt.run(feeds([[prompt[i]]], past));
      const expected = float(whole.logits).subarray(i * vocabSize, (i + 1) * vocabSize);
      assert.ok(maxAbsDifference(float(out.logits), expected) < 1e-4, `position ${i}`);
      past = out.present_key_values;
    }
  });

  it("generates PyTorch's greedy continuations through the generation engine, with the cache and without it", async () => {
    const model = gptModel(gpt, manifest);
    for (let p = 0; p < 3; p++) {
      const expected = ids(fixture.get(`greedy_continuation_${p}`));
      for (const useCache of [true, false]) {
        const tokens: number[] = [];
        for await (const step of generate(model, ids(fixture.get(`greedy_prompt_${p}`)), {
          strategy: "greedy",
          maxNewTokens: expected.length,
          stopAtEndOfText: false,
          useCache
        }))
          tokens.push(step.token);
        assert.deepEqual(tokens, expected, `prompt ${p}, cache ${useCache ? "on" : "off"}`);
      }
    }
  });

  it("builds its cache from the new tokens' keys and values as the graph's present_key_values, in used-up caches' memory", async () => {
    const model = gptModel(gpt, manifest);
    const input = ids(fixture.get("input_ids"));
    const rows = [input.slice(0, 8), input.slice(8)];
    const first = await model.next(rows);
    const graph = await gpt.run(feeds(rows), ["present_key_values"]);
    assert.deepEqual([...float(first.cache)], [...float(graph.present_key_values)]);
    assert.deepEqual(first.cache.dims, graph.present_key_values.dims);
    const firstBuffer = first.cache.data.buffer;
    const step = [[input[1]], [input[9]]];
    const second = await model.next(step, first.cache);
    const graphSecond = await gpt.run(feeds(step, graph.present_key_values), ["present_key_values"]);
    assert.deepEqual([...float(second.cache)], [...float(graphSecond.present_key_values)]);
    // the first cache is used up: the step after the second writes into its memory
    const third = await model.next(step, second.cache);
    assert.equal(third.cache.data.buffer, firstBuffer);
    assert.equal(model.cacheLength(third.cache), 10);
  });

  it("appends keys and values on the token axis of [L, 2, B, H, T, Dh], into a buffer that holds them or a new one", () => {
    const [l, two, b, h, d] = [2, 2, 2, 3, 4];
    const tensor = (t: number, offset: number) => ({
      data: Float32Array.from({length: l * two * b * h * t * d}, (_, i) => offset + i),
      dims: [l, two, b, h, t, d]
    });
    const [past, fresh] = [tensor(3, 0), tensor(2, 1000)];
    const expected: number[] = [];
    for (let row = 0; row < l * two * b * h; row++)
      expected.push(
        ...past.data.subarray(row * 3 * d, (row + 1) * 3 * d),
        ...fresh.data.subarray(row * 2 * d, (row + 1) * 2 * d)
      );
    const roomy = new ArrayBuffer(expected.length * 4 + 64);
    const into = appendKeysValues(past, fresh, roomy);
    assert.deepEqual([...into.data], expected);
    assert.deepEqual(into.dims, [l, two, b, h, 5, d]);
    assert.equal(into.data.buffer, roomy);
    const fresher = appendKeysValues(past, fresh, new ArrayBuffer(8));
    assert.deepEqual([...fresher.data], expected);
    assert.ok(fresher.data.buffer.byteLength > expected.length * 4, "a new buffer should have room to grow");
  });

  it("reorders its cache by row, as beam search needs: swapped rows give swapped next logits", async () => {
    const model = gptModel(gpt, manifest);
    const input = ids(fixture.get("input_ids"));
    const rows = [input.slice(0, 8), input.slice(8)];
    const swapped = await model.next(
      [[rows[1][0]], [rows[0][0]]],
      model.reorder((await model.next(rows)).cache, [1, 0])
    );
    const direct = await model.next([rows[1].concat(rows[1][0])]);
    assert.ok(maxAbsDifference(swapped.logits[0], direct.logits[0]) < 1e-4);
    assert.equal(model.cacheLength(model.reorder((await model.next(rows)).cache, [0, 0, 1])), 8);
  });

  it("continues several prompts in one batch exactly as one at a time, each cut to the shortest prompt's length", async () => {
    const model = gptModel(gpt, manifest);
    const prompts = [0, 1, 2].map((p) => ids(fixture.get(`greedy_prompt_${p}`)));
    const length = Math.min(...prompts.map((p) => p.length));
    const batched = await greedyBatch(model, prompts, 6);
    for (const [b, prompt] of prompts.entries()) {
      const alone: number[] = [];
      for await (const step of generate(model, prompt.slice(-length), {
        strategy: "greedy",
        maxNewTokens: 6,
        stopAtEndOfText: false
      }))
        alone.push(step.token);
      assert.deepEqual(batched[b], alone, `prompt ${b}`);
    }
  });

  it("refuses more tokens than its context with a sentence, before onnxruntime sees them, and generates past it cropped", async () => {
    const model = gptModel(gpt, manifest);
    const {contextLength} = manifest.architecture;
    const long = Array.from({length: contextLength + 44}, (_, i) => i % 100);
    await assert.rejects(
      model.next([long]),
      new RegExp(`reads at most ${contextLength} tokens, but was given ${long.length}`)
    );
    const generated: number[] = [];
    for await (const step of generate(model, long, {strategy: "greedy", maxNewTokens: 3, stopAtEndOfText: false}))
      generated.push(step.token);
    assert.equal(generated.length, 3);
    assert.equal((await greedyBatch(model, [long, long.slice(1)], 2))[0].length, 2);
  });

  it("reports a run onnxruntime refuses as a sentence naming the inputs, not the runtime's own message", async () => {
    const tooLong = manifest.architecture.contextLength + 1;
    await assert.rejects(gpt.run(feeds([Array(tooLong).fill(0)])), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(`^The model could not run on these inputs: input_ids \\[1, ${tooLong}\\]`)
      );
      assert.doesNotMatch(error.message, /OrtRun|Gather/);
      return true;
    });
  });

  it("traces a prompt: the logits of every position, attention rows that sum to 1 and see no later token, and the hidden states", async () => {
    const input = ids(fixture.get("input_ids")).slice(0, 8);
    const trace = await traceGpt(gpt, manifest, input);
    const whole = float((await gpt.run(feeds([input]))).logits);
    assert.ok(maxAbsDifference(trace.logits[7], whole.subarray(7 * vocabSize)) < 1e-6);
    for (let layer = 0; layer < layers; layer++) {
      const a = trace.attention(layer, heads - 1);
      a.forEach((row, i) => {
        assert.ok(Math.abs(row.reduce((x, y) => x + y, 0) - 1) < 1e-5);
        assert.ok(
          row.slice(i + 1).every((w) => w === 0),
          `layer ${layer}: query ${i} looks ahead`
        );
      });
    }
    assert.equal(trace.hidden(layers).length, 8);
    assert.throws(() => trace.attention(layers, 0), /layer 4 is not one of 0..3/);
  });

  it("without the causal mask lets an early position see a later token; with it, changing a later token moves nothing before it", async () => {
    const input = ids(fixture.get("input_ids")).slice(0, 8);
    const changed = input.map((id, i) => (i === 6 ? input[2] : id));
    const open = new Float32Array(64);
    const [a, b] = [await traceGpt(gpt, manifest, input), await traceGpt(gpt, manifest, changed)];
    for (let i = 0; i < 6; i++)
      assert.ok(maxAbsDifference(a.logits[i], b.logits[i]) < 1e-5, `masked: position ${i} moved`);
    const [c, d] = [await traceGpt(gpt, manifest, input, open), await traceGpt(gpt, manifest, changed, open)];
    assert.ok(maxAbsDifference(c.logits[0], d.logits[0]) > 1e-3, "unmasked: position 0 should see the change at 6");
  });

  it("ships embedding tables that are the graph's own: the first hidden state is E[token] + P[position]", async () => {
    const embeddings = gptEmbeddings(
      tensorBundle(
        JSON.parse(new TextDecoder().decode(readModelFile("gpt", "embeddings.json"))),
        readModelFile("gpt", "embeddings.bin")
      )
    );
    assert.equal(embeddings.token.length, vocabSize);
    assert.equal(embeddings.position.length, manifest.architecture.contextLength);
    const input = ids(fixture.get("input_ids")).slice(0, 8);
    const hidden = (await traceGpt(gpt, manifest, input)).hidden(0);
    input.forEach((id, i) => {
      const sum = embeddings.token[id].map((x, j) => x + embeddings.position[i][j]);
      const scale = Math.max(...embeddings.token[id].map(Math.abs));
      assert.ok(maxAbsDifference(sum, hidden[i]) <= scale / 254 + 1e-6, `position ${i}: more than int8 rounding apart`);
    });
  });
});

describe("the GPT the lessons load (float16 weights) and its int8 copy", () => {
  it("move PyTorch's logits by the drift their manifest states, the lessons' file by less than 0.02", async () => {
    const prompt = [ids(fixture.get("input_ids")).slice(0, 8)];
    const reference = float(fixture.get("logits")).subarray(0, 8 * vocabSize);
    for (const entry of [manifest, ...manifest.variants] as {
      file: string;
      bytes: number;
      sha256: string;
      maxAbsLogitDifference: number;
    }[]) {
      const bytes = readModelFile("gpt", entry.file);
      assert.equal(entry.bytes, bytes.length);
      const session = await createSession(bytes, {backend: "wasm"});
      const difference = maxAbsDifference(float((await session.run(feeds(prompt))).logits), reference);
      await session.release();
      assert.ok(
        Math.abs(difference - entry.maxAbsLogitDifference) < 1e-4,
        `${entry.file}: ${difference} against ${entry.maxAbsLogitDifference} in the manifest`
      );
    }
    assert.equal(manifest.precision, "fp16");
    assert.ok(manifest.maxAbsLogitDifference < 0.02);
    assert.ok(manifest.bytes < 0.55 * fp32.bytes, "half the bytes of the float32 file");
  });

  it("the lessons' file generates PyTorch's greedy continuations, and the int8 file shifts its logits more", async () => {
    const session = await createSession(readModelFile("gpt", manifest.file), {backend: "wasm"});
    const model = gptModel(session, manifest);
    for (let p = 0; p < 3; p++) {
      const tokens: number[] = [];
      const expected = ids(fixture.get(`greedy_continuation_${p}`));
      for await (const step of generate(model, ids(fixture.get(`greedy_prompt_${p}`)), {
        strategy: "greedy",
        maxNewTokens: expected.length,
        stopAtEndOfText: false
      }))
        tokens.push(step.token);
      assert.deepEqual(tokens, expected, `prompt ${p}`);
    }
    await session.release();
    const int8 = manifest.variants.find((v: {name: string}) => v.name === "int8");
    assert.ok(int8.maxAbsLogitDifference > manifest.maxAbsLogitDifference);
  });
});

describe("the GPT's checkpoints", () => {
  it("predict held-out text better the longer they trained: untrained, then early, then final", async () => {
    const input = ids(fixture.get("input_ids")).slice(0, 8);
    const losses: number[] = [];
    for (const checkpoint of manifest.checkpoints as {name: string; file: string}[]) {
      const session = await createSession(readModelFile("gpt", checkpoint.file), {backend: "wasm"});
      const logits = float((await session.run(feeds([input]))).logits);
      await session.release();
      let loss = 0;
      for (let i = 0; i < 7; i++) {
        const row = logits.subarray(i * vocabSize, (i + 1) * vocabSize);
        loss += logSumExp(row) - row[input[i + 1]];
      }
      losses.push(loss / 7);
    }
    assert.deepEqual(
      manifest.checkpoints.map((c: {name: string}) => c.name),
      ["untrained", "early", "final"]
    );
    assert.ok(
      losses[0] > losses[1] && losses[1] > losses[2],
      `cross-entropies ${losses.map((l) => l.toFixed(2)).join(", ")}`
    );
  });
});

describe("the GPT's tokenizer", () => {
  const tokenizer = compactTokenizer(gpt2Encoding(), manifest.tokenizer);

  it("reads the held-out text as the ids the model was trained on, and back", () => {
    const input = ids(fixture.get("input_ids")).slice(0, 8);
    const text = tokenizer.decode(input);
    assert.deepEqual(
      tokenizer.encode(text).map((t) => t.id),
      input
    );
  });

  it("gives the one token a word is, and refuses a word of several tokens, naming its pieces, or one it never saw", () => {
    assert.equal(tokenizer.token(" LORD").id, tokenizer.encode(" LORD")[0].id);
    assert.throws(
      () => tokenizer.token(" Nebuchadnezzar"),
      /^RangeError: “ Nebuchadnezzar” is \d tokens \(" Neb" \+ .*\), not one/
    );
    assert.throws(() => tokenizer.token(""), /“” is 0 tokens, not one/);
    assert.throws(() => tokenizer.token("🙃"), /not in the model's vocabulary|tokens/);
  });

  it("encodes text with tokens the model never saw to the unknown token, flagged, without failing", () => {
    const tokens = tokenizer.encode("And God said 🤖");
    assert.deepEqual(
      tokens.slice(0, 3).map((t) => [t.text, t.known]),
      [
        ["And", true],
        [" God", true],
        [" said", true]
      ]
    );
    const unseen = tokens.slice(3).filter((t) => !t.known);
    assert.ok(unseen.length > 0, "the emoji should be new to a model trained on the King James Bible");
    assert.ok(unseen.every((t) => t.id === tokenizer.unknown));
    assert.equal(tokenizer.vocabSize, vocabSize);
  });

  it("knows <|endoftext|> and refuses an id outside the vocabulary", () => {
    assert.deepEqual(
      tokenizer.encode("<|endoftext|>").map((t) => t.id),
      [tokenizer.endOfText]
    );
    assert.equal(tokenizer.decode([tokenizer.endOfText]), "<|endoftext|>");
    assert.throws(() => tokenizer.decode([vocabSize]), /outside the vocabulary/);
  });
});
