// Diffusion benchmark, measured side by side in one run (npm run bench, once the budgets benchmark has built it):
//   1. the UNet's forward pass at batch 1 and 16, in headless Chromium and in Node, both through the course's
//      runtime module (onnxruntime-web, WebAssembly, one thread); target: the browser within 1.25x of Node;
//   2. a whole guided sample with DDPM over 1000 steps against DDIM over 50, in Node; target: DDIM 15x faster.
import {readFileSync} from "node:fs";
import {ddimScheduler, ddpmScheduler, guided, linearSchedule, sampleToEnd} from "../src/diffusion/index.js";
import {imageGeometry, type ImageShape, unetDenoiser} from "../src/models/index.js";
import {seededRandom} from "../src/random.js";
import {createSession} from "../src/runtime/index.js";
import {inChromium} from "./chromium.js";
import {median, row} from "./measure.js";

const RUNS = 20;
const manifest = JSON.parse(readFileSync("data/models/diffusion/manifest.json", "utf8"));
const model = new Uint8Array(readFileSync(`data/models/diffusion/${manifest.file}`));
const geometry = imageGeometry(manifest);

/** Milliseconds of each UNet forward pass at each batch size; the same code runs in Node and in the page (as source
 * text, so it calls nothing outside itself). */
async function forwardTimes(
  make: (bytes: Uint8Array) => Promise<{run: (feeds: any) => Promise<unknown>}>,
  bytes: Uint8Array,
  shape: ImageShape,
  batches: number[],
  runs: number
) {
  const session = await make(bytes);
  const result: Record<number, number[]> = {};
  for (const batch of batches) {
    const feeds = {
      x: {
        type: "float32",
        data: new Float32Array(batch * shape.size).fill(0.1),
        dims: [batch, shape.channels, shape.height, shape.width]
      },
      t: {type: "int64", data: new BigInt64Array(batch).fill(500n), dims: [batch]},
      y: {type: "int64", data: new BigInt64Array(batch).fill(3n), dims: [batch]}
    };
    for (let i = 0; i < 3; i++) await session.run(feeds);
    const times = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await session.run(feeds);
      times.push(performance.now() - started);
    }
    result[batch] = times;
  }
  return result;
}

const medians = (times: Record<number, number[]>) =>
  Object.fromEntries(Object.entries(times).map(([batch, t]) => [batch, median(t)]));
const node = medians(
  await forwardTimes((bytes) => createSession(bytes, {backend: "wasm"}), model, geometry, [1, 16], RUNS)
);

const web = medians(
  await inChromium((page, site) =>
    page.evaluate(
      async ({source, runtime, file, shape, runs}): Promise<Record<number, number[]>> => {
        const {createSession} = await import(runtime);
        const bytes = new Uint8Array(await (await fetch(file)).arrayBuffer());
        const measure = new Function(`return ${source}`)();
        return measure((b: Uint8Array) => createSession(b, {backend: "wasm"}), bytes, shape, [1, 16], runs);
      },
      {
        source: forwardTimes.toString(),
        runtime: site.runtime,
        file: site.file("_file/data/models/diffusion", "model."),
        shape: geometry,
        runs: RUNS
      }
    )
  )
);

const session = await createSession(model, {backend: "wasm"});
const denoiser = guided(unetDenoiser(session, geometry), 2, geometry.nullClass);
const schedule = linearSchedule({
  T: manifest.schedule.T,
  betaStart: manifest.schedule.betaStart,
  betaEnd: manifest.schedule.betaEnd
});
const whole: Record<string, number> = {};
for (const [name, scheduler, steps] of [
  ["DDPM-1000", ddpmScheduler(schedule), 1000],
  ["DDIM-50", ddimScheduler(schedule), 50]
] as const) {
  scheduler.setTimesteps(steps);
  const started = performance.now();
  await sampleToEnd(denoiser, scheduler, {classes: [7], size: geometry.size, noise: seededRandom(1)});
  whole[name] = performance.now() - started;
}

console.log("UNet forward pass, median of 20 (onnxruntime-web 1.30, WebAssembly, 1 thread)");
row(["", "Node ms", "Chromium ms", "browser/Node"]);
for (const batch of [1, 16])
  row([`batch ${batch}`, node[batch].toFixed(1), web[batch].toFixed(1), `${(web[batch] / node[batch]).toFixed(2)}x`]);
console.log(`target: browser/Node <= 1.25x`);
console.log("\nOne guided sample (batch 2 per model call), Node");
row(["", "ms", "", ""]);
row(["DDPM, 1000 steps", whole["DDPM-1000"].toFixed(0), "", ""]);
row(["DDIM, 50 steps", whole["DDIM-50"].toFixed(0), "", ""]);
console.log(
  `DDIM-50 is ${(whole["DDPM-1000"] / whole["DDIM-50"]).toFixed(1)}x faster than DDPM-1000 (target: at least 15x)`
);
await session.release();
