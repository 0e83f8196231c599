// Memory over long use (npm run bench:leaks, and npm run bench): one page each, in headless Chromium on the built site.
// - Generation: the sampling lesson with a prompt of about 60 tokens and 200 new tokens, so that every run crosses
//   the model's 256-token context; the seed moved once per run, each run a greedy and a sampled continuation (400
//   tokens), until 10,000 tokens have been generated.
// - Diffusion: the reverse-sampler lesson, its default DDIM-20 sample run 50 times (the seed moved each time).
// Measured after the first run and after the last, each time after a garbage collection: the page's JavaScript heap
// (main thread), its DOM nodes and event listeners, and the renderer process's resident memory (the model's worker
// and its WebAssembly memory included). Target: each grows by under 10%.
import {readFileSync} from "node:fs";
import {loadavg} from "node:os";
import type {CDPSession, Page} from "playwright-core";
import {launchBrowser, PATIENCE, setRange, visit} from "../test/e2e/browser.js";
import {serveStatic} from "../test/e2e/server.js";
import {row} from "./measure.js";

const GROWTH_TARGET = 0.1;
const TOKENS = 10_000;
const SAMPLES = 50;

interface Memory {
  heap: number;
  nodes: number;
  listeners: number;
  rss: number;
}

/** The renderer's memory after a garbage collection of the page's heap. */
async function memory(cdp: CDPSession): Promise<Memory> {
  await cdp.send("HeapProfiler.collectGarbage");
  const {usedSize} = await cdp.send("Runtime.getHeapUsage");
  const {nodes, jsEventListeners} = await cdp.send("Memory.getDOMCounters");
  // the page's renderer: the one renderer process of a browser with one page open
  const {processInfo} = await cdp.send("SystemInfo.getProcessInfo");
  const renderers = processInfo.filter((p) => p.type === "renderer");
  if (renderers.length !== 1) throw new Error(`expected one renderer process, found ${renderers.length}`);
  const status = readFileSync(`/proc/${renderers[0].id}/status`, "utf8");
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  return {heap: usedSize, nodes, listeners: jsEventListeners, rss};
}

interface Workload {
  name: string;
  page: string;
  /** Sets the page up and waits for its first run to finish. */
  prepare: (page: Page) => Promise<void>;
  /** Starts run `n` (from 2) and waits for it to finish. */
  run: (page: Page, n: number) => Promise<void>;
  runs: number;
}

const continuations = (page: Page, status: RegExp) =>
  Promise.all(
    ["Greedy", "Sampled"].map((name) =>
      page
        .locator(`.generated-block:has([aria-label="${name} continuation"]) .generated-status`)
        .first()
        .filter({hasText: status})
        .waitFor({timeout: 10 * PATIENCE})
    )
  );
const NEW_TOKENS = 200;
const generated = new RegExp(`^${NEW_TOKENS} tokens; ended by the token limit`);
const denoised = (page: Page) =>
  page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: 10 * PATIENCE});

async function setSeed(page: Page, seed: number): Promise<void> {
  await setRange(page, "Seed", seed);
}

const workloads: Workload[] = [
  {
    name: `${TOKENS.toLocaleString("en")} generated tokens`,
    page: "sampling.html",
    runs: TOKENS / (2 * NEW_TOKENS),
    prepare: async (page) => {
      await page.locator(".model-status", {hasText: "the GPT is ready"}).waitFor({timeout: PATIENCE});
      await page.locator("form", {hasText: "Stop at end-of-text"}).locator("input[type=checkbox]").uncheck();
      await page
        .locator("form", {hasText: "Prompt"})
        .locator("input")
        .fill("And the LORD said unto Moses, Go in unto Pharaoh. ".repeat(5));
      await setRange(page, "New tokens", NEW_TOKENS);
      await continuations(page, generated);
    },
    run: async (page, n) => {
      await setSeed(page, n);
      await continuations(page, generated);
    }
  },
  {
    name: `${SAMPLES} diffusion samples`,
    page: "reverse-sampler.html",
    runs: SAMPLES,
    prepare: denoised,
    run: async (page, n) => {
      await setSeed(page, n);
      await denoised(page);
    }
  }
];

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const growth = (before: number, after: number) => after / before - 1;
const percent = (g: number) => `${g >= 0 ? "+" : ""}${(100 * g).toFixed(1)}%`;

const server = await serveStatic("dist", "/course/");
const browser = await launchBrowser();
console.log(`Memory over long use, headless Chromium on the built site, load ${loadavg()[0].toFixed(1)}:`);
row(["workload", "measure", "after run 1", `after the last`, "growth", "target"]);
let over = 0;
try {
  for (const workload of workloads) {
    const {page, problems} = await visit(browser, server.url + workload.page);
    const cdp = await page.context().newCDPSession(page);
    await workload.prepare(page);
    const before = await memory(cdp);
    for (let n = 2; n <= workload.runs; n++) await workload.run(page, n);
    const after = await memory(cdp);
    if (problems.length) throw new Error(`${workload.name}: ${problems.join("; ")}`);
    for (const [label, key, format] of [
      ["JS heap", "heap", mb],
      ["DOM nodes", "nodes", String],
      ["event listeners", "listeners", String],
      ["renderer memory", "rss", mb]
    ] as const) {
      const g = growth(before[key], after[key]);
      const met = g < GROWTH_TARGET;
      if (!met) over++;
      row([
        workload.name,
        label,
        format(before[key]),
        format(after[key]),
        percent(g),
        `< +${100 * GROWTH_TARGET}%: ${met ? "met" : "over"}`
      ]);
    }
    await page.context().close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(over === 0 ? "Every measure met its target." : `${over} measures over their target.`);
