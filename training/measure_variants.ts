// Measures how far each smaller variant of the GPT moves the logits from the float32 model, with onnxruntime-web
// (the runtime the lessons use), on the first held-out window of the fixtures, and writes it into the manifest.
// Usage, after export_gpt.py: npx tsx training/measure_variants.ts
import {readFileSync, writeFileSync} from "node:fs";
import {causalBias} from "../src/attention/index.js";
import {createSession, type TensorData} from "../src/runtime/index.js";

const folder = new URL("../data/models/gpt/", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("manifest.json", folder), "utf8"));
const index = JSON.parse(readFileSync(new URL("../test/fixtures/gpt.json", import.meta.url), "utf8"));
const bin = readFileSync(new URL("../test/fixtures/gpt.bin", import.meta.url));
const {offset} = index.tensors.input_ids;
const prompt = new BigInt64Array(bin.buffer.slice(bin.byteOffset + offset, bin.byteOffset + offset + 8 * 8));
const {layers, heads, headDim} = manifest.architecture;
const feeds: Record<string, TensorData> = {
  input_ids: {type: "int64", data: prompt, dims: [1, 8]},
  past_key_values: {type: "float32", data: new Float32Array(0), dims: [layers, 2, 1, heads, 0, headDim]},
  attn_bias: {type: "float32", data: causalBias(8), dims: [8, 8]}
};

async function logits(file: string): Promise<Float32Array> {
  const session = await createSession(new Uint8Array(readFileSync(new URL(file, folder))), {backend: "wasm"});
  const out = (await session.run(feeds)).logits.data as Float32Array;
  await session.release();
  return out;
}

const reference = await logits(manifest.file);
for (const variant of manifest.variants) {
  const values = await logits(variant.file);
  variant.maxAbsLogitDifference = Number(values.reduce((max, v, i) => Math.max(max, Math.abs(v - reference[i])), 0).toPrecision(4));
  console.log(`${variant.file}: ${(variant.bytes / 1e6).toFixed(2)} MB, max |logit - fp32 logit| = ${variant.maxAbsLogitDifference}`);
}
writeFileSync(new URL("manifest.json", folder), JSON.stringify(manifest, null, 1) + "\n");
