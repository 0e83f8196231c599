// What cross-origin isolation buys (npm run bench:isolation, after npm run build): the diffusion UNet's forward pass
// in headless Chromium, through the course's runtime module, in a page the service worker has isolated (the runtime
// then runs min(4, cores) threads) against the same page with service workers blocked (one thread). The two kinds
// of page alternate, so a slow moment of the machine falls on both.
import {readFileSync} from "node:fs";
import {loadavg} from "node:os";
import type {Browser} from "playwright-core";
import {imageGeometry} from "../src/models/index.js";
import {courseCached, launchBrowser} from "../test/e2e/browser.js";
import {builtFile, serveStatic} from "../test/e2e/server.js";

const RUNS = 15;
const ROUNDS = 2;
const BATCHES = [1, 16];
const dist = "dist";
const runtimeModule = builtFile(dist, "_import/src/runtime", "index.");
const manifest = JSON.parse(readFileSync("data/models/diffusion/manifest.json", "utf8"));
const modelFile = builtFile(dist, "_file/data/models/diffusion", manifest.file.replace(/\.onnx$/, "."));
const shape = imageGeometry(manifest);

interface Measured {
  isolated: boolean;
  threads: number;
  ms: Record<number, number[]>;
}

/** Forward times at each batch size in one fresh page; `isolated` lets the service worker run or blocks it. */
async function measure(browser: Browser, url: string, isolated: boolean): Promise<Measured> {
  const context = await browser.newContext({serviceWorkers: isolated ? "allow" : "block"});
  const page = await context.newPage();
  let workers = 0;
  page.on("worker", () => workers++);
  await page.goto(url);
  if (isolated) {
    await page.waitForFunction(() => crossOriginIsolated, null, {timeout: 60_000});
    await courseCached(page); // the worker's background download must not share the machine with the runs
  }
  workers = 0; // count only the runtime's threads, started from here on
  const result = await page.evaluate(
    async ({runtime, file, shape, batches, runs}) => {
      const {createSession} = await import(runtime);
      const session = await createSession(new Uint8Array(await (await fetch(file)).arrayBuffer()), {backend: "wasm"});
      const ms: Record<number, number[]> = {};
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
        ms[batch] = [];
        for (let i = 0; i < runs; i++) {
          const started = performance.now();
          await session.run(feeds);
          ms[batch].push(performance.now() - started);
        }
      }
      await session.release();
      return {isolated: crossOriginIsolated, ms};
    },
    {runtime: runtimeModule, file: modelFile, shape, batches: BATCHES, runs: RUNS}
  );
  await context.close();
  if (result.isolated !== isolated) throw new Error(`the page was ${result.isolated ? "" : "not "}isolated`);
  // The runtime's main thread is the page; each worker it started is one more thread.
  return {...result, threads: 1 + workers};
}

const loadBefore = loadavg()[0];
const server = await serveStatic(dist, "/course/");
const browser = await launchBrowser();
const runs: Measured[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const isolated of [false, true]) runs.push(await measure(browser, server.url + "index.html", isolated));
}
const cores = await browser.newPage().then((p) => p.evaluate(() => navigator.hardwareConcurrency));
await browser.close();
await server.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const of = (isolated: boolean) => runs.filter((r) => r.isolated === isolated);
const threads = (isolated: boolean) => Math.max(...of(isolated).map((r) => r.threads));
const row = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(12) : c.padStart(22))).join(""));
console.log(
  `UNet forward pass in Chromium, median of ${RUNS * ROUNDS} (onnxruntime-web 1.30, WebAssembly, ${cores} cores)`
);
// Threads gain only from idle cores: on a busy machine they wait on each other, so say how busy it was.
console.log(`machine load average: ${loadBefore.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after`);
row(["", `not isolated, ${threads(false)} thread`, `isolated, ${threads(true)} threads`, "isolated speed-up"]);
for (const batch of BATCHES) {
  const plain = median(of(false).flatMap((r) => r.ms[batch]));
  const isolated = median(of(true).flatMap((r) => r.ms[batch]));
  row([`batch ${batch}`, `${plain.toFixed(1)} ms`, `${isolated.toFixed(1)} ms`, `${(plain / isolated).toFixed(2)}x`]);
}
