// Measures how far each file of each model moves its output from PyTorch's, with onnxruntime-web (the runtime the
// lessons use), on the inputs of the model's fixture, and writes it into the manifest: the file the lessons load
// (float16 weights) and each variant. The GPT's logits on the first held-out window; the UNet's predicted noise for
// the fixture's four images; the classifier's class probabilities for its eight.
// Usage, after export_gpt.py and export_images.py: npx tsx training/measure_variants.ts
import {readFileSync, writeFileSync} from "node:fs";
import {causalBias} from "../src/attention/index.js";
import {softmaxRows} from "../src/linalg/index.js";
import {createSession, type TensorData} from "../src/runtime/index.js";
import {tensorBundle, type TensorBundle} from "../src/tensors.js";

interface Measured {
  /** the manifest field the drift is written to */
  field: string;
  feeds(fixture: TensorBundle, manifest: any): Record<string, TensorData>;
  /** the model's output, as comparable with PyTorch's */
  output(outputs: Record<string, TensorData>, manifest: any): Float32Array;
  reference(fixture: TensorBundle, manifest: any): Float32Array;
}

const float = (t: {data: unknown}) => t.data as Float32Array;
const GPT_WINDOW = 8;

const models: Record<string, Measured> = {
  gpt: {
    field: "maxAbsLogitDifference",
    feeds(fixture, {architecture: {layers, heads, headDim}}) {
      const ids = (fixture.get("input_ids").data as BigInt64Array).slice(0, GPT_WINDOW);
      return {
        input_ids: {type: "int64", data: ids, dims: [1, GPT_WINDOW]},
        past_key_values: {type: "float32", data: new Float32Array(0), dims: [layers, 2, 1, heads, 0, headDim]},
        attn_bias: {type: "float32", data: causalBias(GPT_WINDOW), dims: [GPT_WINDOW, GPT_WINDOW]}
      };
    },
    output: (outputs) => float(outputs.logits),
    // [2, 8, vocab] in the fixture: row 0 here
    reference: (fixture, manifest) =>
      float(fixture.get("logits")).subarray(0, GPT_WINDOW * manifest.architecture.vocabSize)
  },
  diffusion: {
    field: "maxAbsDifference",
    feeds: (fixture) => ({x: fixture.get("x"), t: fixture.get("t"), y: fixture.get("y")}) as Record<string, TensorData>,
    output: (outputs) => float(outputs.eps),
    reference: (fixture) => float(fixture.get("eps"))
  },
  classifier: {
    field: "maxAbsDifference",
    feeds: (fixture) => ({x: fixture.get("x")}) as Record<string, TensorData>,
    output({logits}) {
      const [batch, classes] = logits.dims;
      const rows = Array.from({length: batch}, (_, i) => [...float(logits).subarray(i * classes, (i + 1) * classes)]);
      return Float32Array.from(softmaxRows(rows).flat());
    },
    reference: (fixture) => float(fixture.get("probabilities"))
  }
};

for (const [name, measured] of Object.entries(models)) {
  const folder = new URL(`../data/models/${name}/`, import.meta.url);
  const manifest = JSON.parse(readFileSync(new URL("manifest.json", folder), "utf8"));
  const read = (file: string) => readFileSync(new URL(`../test/fixtures/${name}.${file}`, import.meta.url));
  const fixture = tensorBundle(JSON.parse(read("json").toString()), read("bin"));
  const reference = measured.reference(fixture, manifest);
  for (const entry of [manifest, ...manifest.variants]) {
    const session = await createSession(new Uint8Array(readFileSync(new URL(entry.file, folder))), {backend: "wasm"});
    const output = measured.output(await session.run(measured.feeds(fixture, manifest)), manifest);
    await session.release();
    const difference = output.reduce((max, v, i) => Math.max(max, Math.abs(v - reference[i])), 0);
    entry[measured.field] = Number(difference.toPrecision(4));
    console.log(`${name}/${entry.file}: ${(entry.bytes / 1e6).toFixed(2)} MB, max |output - PyTorch's| = ${entry[measured.field]}`);
  }
  writeFileSync(new URL("manifest.json", folder), JSON.stringify(manifest, null, 1) + "\n");
}
