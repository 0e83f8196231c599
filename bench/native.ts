// The browser against native onnxruntime (npm run bench, or npm run bench:native, after npm run build): the same
// model files the lessons load, run by onnxruntime-node (native, CPU) in Node and by the course's runtime module
// (onnxruntime-web, WebAssembly) in headless Chromium, on one thread and on two: natively intra-op threads; in the
// browser a page that is not cross-origin isolated (one thread) against one the service worker has isolated (the
// runtime then runs min(4, cores) threads, two on the 2-core development machine). Cases: a GPT decode step that
// makes the context 8, 200 and 256 tokens long (one new token after a cache of the rest), a whole 256-token prompt,
// each asking for what a generation step asks for (the logits and the new keys and values, the cache lent), and the
// UNet at batches 1, 2, 16 and 32. Native and browser take turns, round after round, so a slow moment of the machine
// falls on both sides. Speed is native time over browser time; targets with more than one thread (the browser
// isolated): decode at least 0.8x, the UNet at least 0.5x.
import {readFileSync} from "node:fs";
import {loadavg} from "node:os";
import * as ort from "onnxruntime-node";
import type {Browser} from "playwright-core";
import {courseCached, launchBrowser} from "../test/e2e/browser.js";
import {builtFile, serveStatic} from "../test/e2e/server.js";
import {median, row} from "./measure.js";
import {peerCases, peerTimes, type Feed} from "./peerTimes.js";

const RUNS = 8;
const ROUNDS = 2;
/** Untimed runs of each case first, on both sides: see peerTimes. */
const WARM_MS = 1500;
const TARGETS = {decode: 0.8, unet: 0.5};
const dist = "dist";
const gpt = JSON.parse(readFileSync("data/models/gpt/manifest.json", "utf8"));
const unet = JSON.parse(readFileSync("data/models/diffusion/manifest.json", "utf8"));
const files = {gpt: `data/models/gpt/${gpt.file}`, unet: `data/models/diffusion/${unet.file}`};
const {cases, shapes} = peerCases(gpt, unet);
type Times = Record<string, number[]>;

async function nativeTimes(threads: number): Promise<Times> {
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all"
  };
  const sessions = {
    gpt: await ort.InferenceSession.create(files.gpt, options),
    unet: await ort.InferenceSession.create(files.unet, options)
  };
  const tensors = (feeds: Record<string, Feed>) =>
    Object.fromEntries(Object.entries(feeds).map(([name, f]) => [name, new ort.Tensor(f.type, f.data, f.dims)]));
  const times = await peerTimes(
    (model, feeds, outputs) =>
      outputs ? sessions[model].run(tensors(feeds), [...outputs]) : sessions[model].run(tensors(feeds)),
    cases,
    shapes,
    RUNS,
    WARM_MS
  );
  await Promise.all([sessions.gpt.release(), sessions.unet.release()]);
  return times;
}

async function browserTimes(browser: Browser, url: string, threads: number): Promise<Times> {
  const isolated = threads > 1; // see THREADS
  const page = await (await browser.newContext({serviceWorkers: isolated ? "allow" : "block"})).newPage();
  await page.goto(url);
  if (isolated) {
    await page.waitForFunction(() => crossOriginIsolated, null, {timeout: 60_000});
    await courseCached(page); // the worker's background download must not share the machine with the runs
  }
  const built = {
    runtime: builtFile(dist, "_import/src/runtime", "index."),
    gpt: builtFile(dist, "_file/data/models/gpt", gpt.file.replace(/\.onnx$/, ".")),
    unet: builtFile(dist, "_file/data/models/diffusion", unet.file.replace(/\.onnx$/, "."))
  };
  const result = await page.evaluate(
    async ({built, source, cases, shapes, runs, warmMs}) => {
      const {createSession} = await import(built.runtime);
      const timeCases = new Function(`return (${source})`)();
      // no named inner functions: the page gets this function's source, without the helper tsx names them with
      const [gpt, unet] = await Promise.all(
        [built.gpt, built.unet].map(async (file) =>
          createSession(new Uint8Array(await (await fetch(file)).arrayBuffer()), {backend: "wasm"})
        )
      );
      const sessions: Record<string, any> = {gpt, unet};
      const times = await timeCases(
        (model: string, feeds: unknown, outputs?: string[], lent?: string[]) =>
          sessions[model].run(feeds, outputs, lent),
        cases,
        shapes,
        runs,
        warmMs
      );
      await Promise.all([sessions.gpt.release(), sessions.unet.release()]);
      return {isolated: crossOriginIsolated, times};
    },
    {built, source: peerTimes.toString(), cases, shapes, runs: RUNS, warmMs: WARM_MS}
  );
  await page.context().close();
  if (result.isolated !== isolated) throw new Error(`the page was ${result.isolated ? "" : "not "}isolated`);
  return result.times;
}

const loadBefore = loadavg()[0];
const server = await serveStatic(dist, "/course/");
const browser = await launchBrowser();
// An isolated page's runtime runs min(4, cores) threads (src/runtime/pageRuntime.ts), one otherwise: native runs as many.
const cores = await (await browser.newPage()).evaluate(() => navigator.hardwareConcurrency);
const THREADS = [1, Math.min(4, cores)];
const all = new Map(THREADS.map((t) => [t, {native: [] as Times[], browser: [] as Times[]}]));
for (let round = 0; round < ROUNDS; round++) {
  for (const threads of THREADS) {
    all.get(threads)!.native.push(await nativeTimes(threads));
    all.get(threads)!.browser.push(await browserTimes(browser, server.url + "index.html", threads));
  }
}
await browser.close();
await server.close();

const merged = (times: Times[], name: string) => median(times.flatMap((t) => t[name]));
console.log(
  `Browser (onnxruntime-web ${ort.env.versions?.web ?? "1.30"}, WebAssembly, Chromium) against native (onnxruntime-node ${ort.env.versions?.node ?? ""}, CPU), median of ${RUNS * ROUNDS} runs each, load average ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`
);
row(["case", "threads", "native ms", "browser ms", "speed", "target"]);
let under = 0;
for (const c of cases) {
  for (const threads of THREADS) {
    const {native, browser} = all.get(threads)!;
    const [n, b] = [merged(native, c.name), merged(browser, c.name)];
    const target =
      threads !== 2 ? undefined : c.model === "unet" ? TARGETS.unet : c.kind === "decode" ? TARGETS.decode : undefined;
    const met = target === undefined || n / b >= target;
    under += Number(!met);
    row([
      c.name,
      String(threads),
      n.toFixed(2),
      b.toFixed(2),
      `${(n / b).toFixed(2)}x`,
      target === undefined ? "-" : `${target}x ${met ? "ok" : "UNDER"}`
    ]);
  }
}
console.log(
  `speed = native ms / browser ms; targets with ${THREADS[1]} threads, the browser isolated: GPT decode >= ${TARGETS.decode}x, UNet >= ${TARGETS.unet}x; ${under} under. WebGPU: not measured, this machine has no GPU.`
);
