// The course's performance budgets (npm run bench), measured in one run: a full build of the site from a cold start,
// then a reader's first visit to every lesson in lessons/course.json, in headless Chromium on localhost with an empty
// cache, the site served gzip-compressed as static hosts serve it:
//   - bytes transferred (compressed, headers included) until the page has settled and its models are ready, and
//     what the same visit weighs from a host that serves the build's brotli copies (scripts/precompress.mjs);
//   - time from navigation to the first drawn plot (a figure.plot with its SVG);
//   - time from navigation until every model on the page is ready (its loader shows the backend badge).
// Budgets: a lesson that loads the GPT at most 10 MB gzip-served and 8 MB brotli-served, one that loads the diffusion
// UNet at most 6 MB, any other 5 MB; the first plot within 1.5 s, the models within 3 s, the build within 60 s on
// 2 cores. The visits block the service worker, so they count what the lesson itself needs; one more visit with the
// worker measures what it adds on a first visit to make the whole course work offline.
import {spawnSync} from "node:child_process";
import {rmSync} from "node:fs";
import {availableParallelism, loadavg} from "node:os";
import type {Page} from "playwright-core";
import {courseCached, launchBrowser, settled} from "../test/e2e/browser.js";
import {courseLessons, serveStatic} from "../test/e2e/server.js";
import {median, row} from "./measure.js";

const BUDGET = {plotMs: 1500, modelMs: 3000, buildS: 60};
/** Megabytes a first visit may transfer, gzip-served and brotli-served, by the largest model the lesson loads. */
const MEGABYTES = {gpt: {gzip: 10, brotli: 8}, diffusion: {gzip: 6, brotli: 6}, none: {gzip: 5, brotli: 5}};
type Weight = keyof typeof MEGABYTES;
const RUNS = 3;
const lessons = courseLessons();

interface FirstVisit {
  bytes: number;
  brotliBytes: number;
  /** which budget applies: the largest model the page fetched */
  weight: Weight;
  plotMs: number;
  /** null when the page loads no model */
  modelMs: number | null;
}

/** Marks, in the page's own clock (0 at navigation), when the first plot was drawn and when each model was ready. */
function watchPage() {
  const marks = {plot: null as number | null, models: new Map<Element, number>()};
  (window as any).__budget = marks;
  new MutationObserver(() => {
    if (marks.plot === null && document.querySelector("figure.plot > [role=img]")) marks.plot = performance.now();
    for (const loader of document.querySelectorAll(".model-loader")) {
      if (!marks.models.has(loader) && loader.querySelector(".backend-badge"))
        marks.models.set(loader, performance.now());
    }
  }).observe(document, {childList: true, subtree: true});
}

/** Read once the page has settled, when every model has loaded or failed; a failure, or no plot, meets no budget. */
async function marks(page: Page): Promise<{plotMs: number; modelMs: number | null}> {
  return page.evaluate(() => {
    const marks = (window as any).__budget;
    const loaders = [...document.querySelectorAll(".model-loader")];
    const failed = loaders.find((l) => l.querySelector("[data-kind=error]"));
    if (failed) throw new Error(`a model failed to load: ${failed.textContent}`);
    if (marks.plot === null) {
      const error = document.querySelector(".observablehq--error")?.textContent;
      throw new Error(`${location.pathname} drew no plot${error ? `: ${error}` : ""}`);
    }
    return {plotMs: marks.plot, modelMs: loaders.length ? Math.max(...loaders.map((l) => marks.models.get(l))) : null};
  });
}

/** One visit in a new browser context (empty cache); bytes are counted by the server, so a worker's fetches count too. */
async function firstVisit(url: string, serviceWorkers: "allow" | "block"): Promise<FirstVisit & {page: Page}> {
  const context = await browser.newContext({serviceWorkers});
  const page = await context.newPage();
  await page.addInitScript(watchPage);
  let weight: Weight = "none";
  // the model file itself (model.<hash>.onnx), not a manifest or the embedding tables beside it
  page.on("request", (request) => {
    if (/\/data\/models\/gpt\/model\.[^/]*\.onnx$/.test(request.url())) weight = "gpt";
    else if (/\/data\/models\/diffusion\/model\.[^/]*\.onnx$/.test(request.url()) && weight === "none")
      weight = "diffusion";
  });
  const before = server.bytesSent();
  const beforeBrotli = server.bytesIfBrotli();
  await page.goto(url);
  await settled(page);
  // a lesson whose first plot is the model's own output draws it after its loaders settle, later on a busy machine
  await page.locator("figure.plot > [role=img]").first().waitFor({timeout: 60_000});
  return {
    page,
    bytes: server.bytesSent() - before,
    brotliBytes: server.bytesIfBrotli() - beforeBrotli,
    weight,
    ...(await marks(page))
  };
}

/** A visit that only readies the server and the disk for the ones measured after it. */
async function warmUp(url: string): Promise<void> {
  const context = await browser.newContext({serviceWorkers: "block"});
  await (await context.newPage()).goto(url);
  await settled(context.pages()[0]);
  await context.close();
}

function build(): number {
  // cold: no previous output, no Framework cache, no precompressed copies kept from an earlier build
  rmSync("dist", {recursive: true, force: true});
  rmSync("lessons/.observablehq/cache", {recursive: true, force: true});
  rmSync("node_modules/.cache/stepwise-precompress", {recursive: true, force: true});
  const started = performance.now();
  const result = spawnSync("npm", ["run", "build"], {stdio: ["ignore", "ignore", "inherit"]});
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
  return (performance.now() - started) / 1000;
}

const loadBefore = loadavg()[0];
const buildS = build();
const server = await serveStatic("dist", "/course/", {gzip: true});
const browser = await launchBrowser();
const visits = new Map<string, FirstVisit[]>();
for (const {page} of lessons) {
  const runs: FirstVisit[] = [];
  await warmUp(server.url + page);
  for (let i = 0; i < RUNS; i++) {
    const visit = await firstVisit(server.url + page, "block");
    await visit.page.context().close();
    runs.push(visit);
  }
  visits.set(page, runs);
}
const beforeOffline = server.bytesSent();
const offline = await firstVisit(server.url + lessons[0].page, "allow");
// the first visit reloads once the worker takes over (to be isolated); ask the worker only after that
await offline.page.waitForFunction(() => crossOriginIsolated, null, {timeout: 60_000});
await courseCached(offline.page);
const withWorker = server.bytesSent() - beforeOffline;
const lessonOnly = median(visits.get(lessons[0].page)!.map((v) => v.bytes));
await browser.close();
await server.close();

const mb = (bytes: number) => (bytes / 1e6).toFixed(2);
const mark = (ok: boolean) => (ok ? "ok" : "OVER");
const ms = (value: number | null, budget: number) =>
  value === null ? "-" : `${value.toFixed(0)} ${mark(value <= budget)}`;
console.log(
  `Budgets: a first visit to each lesson in headless Chromium on localhost, gzip, empty cache, median of ${RUNS}; brotli: the same responses from a host that serves the build's .br copies`
);
row(["lesson", "MB gzip", "MB brotli", "first plot ms", "models ready ms"]);
let over = 0;
for (const {name, page} of lessons) {
  const runs = visits.get(page)!;
  const limit = MEGABYTES[runs[0].weight];
  const bytes = median(runs.map((r) => r.bytes));
  const brotliBytes = median(runs.map((r) => r.brotliBytes));
  const plot = median(runs.map((r) => r.plotMs));
  const model = runs[0].modelMs === null ? null : median(runs.map((r) => r.modelMs!));
  over +=
    Number(bytes > limit.gzip * 1e6) +
    Number(brotliBytes > limit.brotli * 1e6) +
    Number(plot > BUDGET.plotMs) +
    Number(model !== null && model > BUDGET.modelMs);
  row([
    name,
    `${mb(bytes)} ${mark(bytes <= limit.gzip * 1e6)} (${limit.gzip})`,
    `${mb(brotliBytes)} ${mark(brotliBytes <= limit.brotli * 1e6)} (${limit.brotli})`,
    ms(plot, BUDGET.plotMs),
    ms(model, BUDGET.modelMs)
  ]);
}
console.log(
  `budgets: MB in brackets (a lesson with the GPT ${MEGABYTES.gpt.gzip} gzip and ${MEGABYTES.gpt.brotli} brotli, with the UNet ${MEGABYTES.diffusion.gzip}, else ${MEGABYTES.none.gzip}), first plot within ${BUDGET.plotMs} ms, models ready within ${BUDGET.modelMs} ms; ${over} over`
);
console.log(
  `with the service worker, a first visit to ${lessons[0].name} transfers ${mb(withWorker)} MB in all once the course is cached for offline use: ${mb(withWorker - lessonOnly)} MB more than the lesson alone, once for the whole course`
);
console.log(
  `full build, cold (no dist/, no Framework cache, no precompressed copies): ${buildS.toFixed(1)} s on ${availableParallelism()} cores, load average ${loadBefore.toFixed(1)} before; budget ${BUDGET.buildS} s: ${mark(buildS <= BUDGET.buildS)}`
);
