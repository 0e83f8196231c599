// WebGPU against WebAssembly for the course's own models (npm run bench:webgpu, and part of npm run bench): the model
// files the lessons load, run by the course's runtime (src/runtime/inThread.ts, onnxruntime-web) in Node on each
// backend, taking turns round after round: WebGPU through Dawn (the WebGPU implementation inside Chromium, as the
// `webgpu` package builds it for Node), and WebAssembly on one thread (onnxruntime-web's threaded WebAssembly does not
// start in Node: "fetch failed"; an isolated page runs min(4, cores) threads, so where WebGPU wins by less than that,
// it may lose in the page). The cases are bench/native.ts's: a GPT decode step that makes the context 8, 200 and 256 tokens
// long, a whole 256-token prompt, and the UNet at batches 1, 2, 16 and 32. It also prints how far WebGPU's outputs
// are from WebAssembly's. Without a hardware adapter (no GPU, or only a software one such as SwiftShader) it says so
// and measures nothing; --software runs it on a software adapter anyway, the smallest GPT and UNet cases twice each,
// to check the script.
// With --record it writes each model's outcome into its manifest (`webgpu`), from which the course chooses the
// model's backend when the reader leaves the choice to it (src/runtime/backend.ts).
//   npx tsx bench/webgpu.ts [--record] [--software]
import {readFileSync, writeFileSync} from "node:fs";
import {availableParallelism, loadavg} from "node:os";
import {probeGpu, type GpuMeasurement} from "../src/runtime/backend.js";
import {inThreadRuntime} from "../src/runtime/inThread.js";
import type {ModelSession, TensorData} from "../src/runtime/types.js";
import {median, row} from "./measure.js";
import {peerCases, peerTimes} from "./peerTimes.js";

const RECORD = process.argv.includes("--record");
const SOFTWARE = process.argv.includes("--software");
const ROUNDS = SOFTWARE ? 1 : 2;
const RUNS = SOFTWARE ? 2 : 8;
const WARM_MS = SOFTWARE ? 0 : 1500; // see peerTimes
const manifests = {gpt: "data/models/gpt/manifest.json", unet: "data/models/diffusion/manifest.json"};
const gpt = JSON.parse(readFileSync(manifests.gpt, "utf8"));
const unet = JSON.parse(readFileSync(manifests.unet, "utf8"));
const {cases: allCases, shapes} = peerCases(gpt, unet);
const cases = SOFTWARE ? allCases.filter((c) => c.name.endsWith(" 8") || c.name.endsWith(" 1")) : allCases;
type Model = "gpt" | "unet";
const models: Model[] = ["gpt", "unet"];

const dawn = await import("webgpu").catch((error: Error) => {
  console.log(`WebGPU against WebAssembly: not measured, Dawn's binding for Node did not load (${error.message}).`);
  process.exit(0);
});
const {create, globals} = dawn;
// Node has no navigator.gpu: Dawn's objects stand in for the browser's
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, "navigator", {value: {gpu: create([])}, configurable: true});
// The runtime hands writeBuffer views of its WebAssembly memory, a SharedArrayBuffer, which Chromium accepts and
// Dawn's Node binding refuses ("Invalid argument"): such a view is copied first, as Chromium copies what it sends to
// its GPU process.
const writeBuffer = GPUQueue.prototype.writeBuffer;
GPUQueue.prototype.writeBuffer = function (buffer, offset, data, dataOffset = 0, size) {
  if (!ArrayBuffer.isView(data) || !(data.buffer instanceof SharedArrayBuffer))
    return writeBuffer.call(this, buffer, offset, data, dataOffset, size);
  const element = "BYTES_PER_ELEMENT" in data ? (data.BYTES_PER_ELEMENT as number) : 1; // offsets count elements
  const bytes = (size ?? data.byteLength / element - dataOffset) * element;
  return writeBuffer.call(
    this,
    buffer,
    offset,
    new Uint8Array(data.buffer, data.byteOffset + dataOffset * element, bytes).slice()
  );
};
const gpu = await probeGpu();
if (!gpu.adapter || (gpu.fallback && !SOFTWARE)) {
  console.log(
    `WebGPU against WebAssembly: not measured, ${gpu.adapter ? `the only adapter is a software one (${gpu.description})` : "this machine offers no WebGPU adapter"}.`
  );
  process.exit(0);
}

const runtime = inThreadRuntime({numThreads: 1});
const backends = ["wasm", "webgpu"] as const;
type Backend = (typeof backends)[number];
const bytes = {
  gpt: new Uint8Array(readFileSync(`data/models/gpt/${gpt.file}`)),
  unet: new Uint8Array(readFileSync(`data/models/diffusion/${unet.file}`))
};
/** The last output of each model on each backend, by the shapes of its feeds: the cases run the same feeds. */
const outputs = new Map<string, Record<string, TensorData>>();

async function timesOn(backend: Backend): Promise<Record<string, number[]>> {
  const sessions: Record<Model, ModelSession> = {
    gpt: await runtime.createSession(bytes.gpt, {backend}),
    unet: await runtime.createSession(bytes.unet, {backend})
  };
  const times = await peerTimes(
    async (model, feeds, wanted, lent) => {
      const result = await sessions[model].run(feeds as Record<string, TensorData>, wanted, lent);
      const key = `${backend} ${model} ${Object.values(feeds).map((f) => f.dims.join("x"))}`;
      outputs.set(key, result);
      return result;
    },
    cases,
    shapes,
    RUNS,
    WARM_MS
  );
  await Promise.all(models.map((m) => sessions[m].release()));
  return times;
}

const loadBefore = loadavg()[0];
const all: Record<Backend, Record<string, number[]>[]> = {wasm: [], webgpu: []};
for (let round = 0; round < ROUNDS; round++) for (const backend of backends) all[backend].push(await timesOn(backend));

let drift = 0;
for (const [key, wasmOut] of outputs) {
  if (!key.startsWith("wasm ")) continue;
  const gpuOut = outputs.get(key.replace(/^wasm /, "webgpu "))!;
  for (const [name, t] of Object.entries(wasmOut)) {
    const other = gpuOut[name].data;
    for (let i = 0; i < t.data.length; i++) drift = Math.max(drift, Math.abs(Number(t.data[i]) - Number(other[i])));
  }
}

const merged = (backend: Backend, name: string) => median(all[backend].flatMap((t) => t[name]));
const on = `${gpu.description}${gpu.fallback ? ", a software adapter" : ""}`;
console.log(
  `WebGPU (onnxruntime-web, Dawn in Node, on ${on}) against WebAssembly (onnxruntime-web, one thread, ${availableParallelism()} cores), median of ${RUNS * ROUNDS} runs each, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`
);
row(["case", "WebAssembly ms", "WebGPU ms", "WebGPU speed"]);
const speeds: Record<Model, number[]> = {gpt: [], unet: []};
for (const c of cases) {
  const [w, g] = [merged("wasm", c.name), merged("webgpu", c.name)];
  speeds[c.model].push(w / g);
  row([c.name, w.toFixed(2), g.toFixed(2), `${(w / g).toFixed(2)}x`]);
}
console.log(
  `largest difference between the backends' outputs, over every output of every case: ${drift.toExponential(2)}`
);
const measure = (model: Model): GpuMeasurement => {
  // the geometric mean of the model's cases: each case counts alike, however long it takes
  const speed = Math.exp(speeds[model].reduce((s, v) => s + Math.log(v), 0) / speeds[model].length);
  console.log(
    `${model === "gpt" ? "GPT" : "UNet"}: WebGPU at ${speed.toFixed(2)}x the speed of WebAssembly (geometric mean of its cases), so the course runs it on ${speed >= 1 ? "WebGPU" : "WebAssembly"} where a GPU is offered`
  );
  return {
    adapter: gpu.description,
    date: new Date().toISOString().slice(0, 10),
    speed: Number(speed.toPrecision(3)),
    cases: Object.fromEntries(
      cases
        .filter((c) => c.model === model)
        .map((c) => [c.name, Number((merged("wasm", c.name) / merged("webgpu", c.name)).toPrecision(3))])
    )
  };
};
const measured = {gpt: measure("gpt"), unet: measure("unet")};
if (RECORD && !gpu.fallback)
  for (const model of models) {
    const manifest = model === "gpt" ? gpt : unet;
    manifest.webgpu = measured[model];
    writeFileSync(manifests[model], JSON.stringify(manifest, null, 1) + "\n");
  }
process.exit(0); // Dawn's instance keeps Node's event loop alive
