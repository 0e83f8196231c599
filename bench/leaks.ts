// Memory over long use (npm run bench:leaks, and npm run bench): one page each, in headless Chromium on the built site.
// - Generation: the sampling lesson with a prompt of about 60 tokens and 200 new tokens, so that every run crosses
//   the model's 256-token context; the seed moved once per run, each run a greedy and a sampled continuation (400
//   tokens), until 10,000 tokens have been generated.
// - Diffusion: the reverse-sampler lesson, its default DDIM-20 sample run 50 times (the seed moved each time).
// Measured after the first run and after the last, each time after a garbage collection: the page's JavaScript heap
// (main thread), its DOM nodes and event listeners, and the resident memory of the browser's renderer processes (the
// page's, with the model's worker and its WebAssembly memory, and the browser's few others). Target: each grows by
// under 10%.
import {readFileSync} from "node:fs";
import {loadavg} from "node:os";
import type {Browser, CDPSession, Page} from "playwright-core";
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

/** The page's memory after a garbage collection of its heap; `rss` is every renderer process's resident memory. */
async function memory(browser: Browser, cdp: CDPSession): Promise<Memory> {
  await cdp.send("HeapProfiler.collectGarbage");
  const {usedSize} = await cdp.send("Runtime.getHeapUsage");
  const {nodes, jsEventListeners} = await cdp.send("Memory.getDOMCounters");
  // the page's renderer and the browser's few others (one page is open): their resident memory, summed
  const session = await browser.newBrowserCDPSession();
  const {processInfo} = await session.send("SystemInfo.getProcessInfo");
  await session.detach();
  let rss = 0;
  for (const {id} of processInfo.filter((p) => p.type === "renderer")) {
    const status = readFileSync(`/proc/${id}/status`, "utf8");
    rss += Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }
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
        .locator(`.generated-block:has([aria-label="${name} continuation"]) .generated-status:not([data-seen])`)
        .first()
        .filter({hasText: status})
        .waitFor({timeout: 10 * PATIENCE})
    )
  );
const NEW_TOKENS = 200;
// the status's text follows its (hidden) Stop button's
const generated = new RegExp(`\\b${NEW_TOKENS} tokens; ended by the token limit`);
const denoised = (page: Page) =>
  page.locator(".denoising p:not([data-seen])", {hasText: /^Done: 20 steps/}).waitFor({timeout: 10 * PATIENCE});

/** Moves the seed, once what the last run showed is marked as seen: the next run's end is then told from it. */
async function setSeed(page: Page, seed: number): Promise<void> {
  await page.evaluate(() =>
    document.querySelectorAll(".generated-status, .denoising p").forEach((e) => e.setAttribute("data-seen", ""))
  );
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
    const before = await memory(browser, cdp);
    for (let n = 2; n <= workload.runs; n++) {
      await workload.run(page, n);
      process.stderr.write(`\r${workload.name}: run ${n} of ${workload.runs}`);
    }
    process.stderr.write("\n");
    const after = await memory(browser, cdp);
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
