// Where a GPT decode step's time goes (npm run bench, or npm run bench:kernels): the share of a call that onnxruntime
// spends outside its WebAssembly, in Node on one thread, for the decode steps that make the context 8, 200 and 256
// tokens long. A call asks for the logits and the whole new key/value cache (present_key_values), as the GPT did until
// 2026-12-04, and then for the logits and the new token's keys and values alone (new_key_values), as it does since,
// keeping its cache itself: the difference is the cost of copying the whole cache out. Outside WebAssembly is onnxruntime-web's
// JavaScript: making the feeds' tensors, copying them into its memory and the outputs out of it. Inside it are the
// kernels and onnxruntime's own C++ around them, which its profiler cannot tell apart at this size (it times every node,
// and its timing outweighs nodes that take microseconds), so the share is a lower bound of the time outside the
// kernels. V8's sampling profiler says where each 100 µs went, over RUNS calls after 1.5 s of untimed ones.
import {readFileSync} from "node:fs";
import {Session} from "node:inspector/promises";
import {loadavg} from "node:os";
import * as ort from "onnxruntime-web/wasm";
import {median, row} from "./measure.js";
import {peerCases, peerTimes, type Feed, type PeerCase} from "./peerTimes.js";

const RUNS = 400;
const WARM_MS = 1500; // see peerTimes
const manifest = JSON.parse(readFileSync("data/models/gpt/manifest.json", "utf8"));
const unet = JSON.parse(readFileSync("data/models/diffusion/manifest.json", "utf8"));
const peers = peerCases(manifest, unet);
const {shapes} = peers;
const cases = peers.cases.filter((c) => c.model === "gpt" && c.kind === "decode");
// what the GPT asked for until 2026-12-04, and what it asks for since (gptModel in src/models/gpt.ts)
const OUTPUTS = {
  "whole cache": ["logits", "present_key_values"],
  "new keys, values": ["logits", "new_key_values"]
};

ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(`data/models/gpt/${manifest.file}`)), {
  executionProviders: ["wasm"],
  graphOptimizationLevel: "all"
});
const inspector = new Session();
inspector.connect();
await inspector.post("Profiler.enable");
await inspector.post("Profiler.setSamplingInterval", {interval: 100});

/** Milliseconds a call, and the share of the CPU's samples in WebAssembly while the timed calls ran. */
async function measure(c: PeerCase, outputs: string[]): Promise<{call: number; inWasm: number}> {
  const tensors = (feeds: Record<string, Feed>) =>
    Object.fromEntries(Object.entries(feeds).map(([n, f]) => [n, new ort.Tensor(f.type, f.data, f.dims)]));
  let profiling = false;
  const run = async (_: string, feeds: Record<string, Feed>) => {
    // the first timed call starts the profiler: peerTimes's untimed calls have run by then
    if (!profiling && (profiling = performance.now() - started > WARM_MS)) await inspector.post("Profiler.start");
    return session.run(tensors(feeds), outputs);
  };
  const started = performance.now();
  const times = await peerTimes(run, [c], shapes, RUNS, WARM_MS);
  const {profile} = await inspector.post("Profiler.stop");
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  let wasm = 0;
  let busy = 0;
  profile.samples!.forEach((id, i) => {
    const frame = frames.get(id)!;
    if (frame.functionName === "(idle)") return;
    const dt = profile.timeDeltas![i];
    busy += dt;
    if (frame.url.startsWith("wasm://")) wasm += dt;
  });
  return {call: median(times[c.name]), inWasm: wasm / busy};
}

const loadBefore = loadavg()[0];
console.log(
  `A GPT decode step's time outside onnxruntime-web's WebAssembly (its JavaScript: the feeds in, the outputs out), Node, one thread, ${RUNS} calls after ${WARM_MS / 1000} s of untimed ones`
);
row(["case", "outputs", "call ms", "outside"]);
for (const c of cases)
  for (const [label, outputs] of Object.entries(OUTPUTS)) {
    const {call, inWasm} = await measure(c, outputs);
    row([c.name, label, call.toFixed(3), `${(100 * (1 - inWasm)).toFixed(1)}%`]);
  }
console.log(`load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
await session.release();
