// Debian's Chromium driven by playwright-core, never a downloaded browser. A page under test records everything
// that would make a reader's visit go wrong: page errors, console errors, failed requests, and any request that
// leaves the site's own origin (those are blocked as well as recorded). A first visit to the built site reloads once,
// when its service worker takes over and makes the page cross-origin isolated; visit() returns the reloaded page.
import {mkdirSync, readFileSync} from "node:fs";
import {after, before} from "node:test";
import {build} from "esbuild";
import {chromium, type Browser, type BrowserContext, type Page, type Request} from "playwright-core";
import {serveStatic, type StaticServer} from "./server.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/**
 * How long any wait on a condition may take before the test fails. Waits end as soon as their condition holds, so a
 * generous ceiling costs nothing on a quiet machine and keeps a loaded one (a parallel build, a CPU slowed 4x) from
 * failing a test that would have passed a few seconds later.
 */
export const PATIENCE = 180_000;

/** `args` are flags added to the usual ones, such as --enable-unsafe-webgpu. */
export async function launchBrowser({args = []}: {args?: string[]} = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // The flags keep Chromium from calling home, which this machine's closed network refuses noisily.
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run",
      ...args
    ]
  });
}

export interface Visit {
  page: Page;
  /** What went wrong while the page was open, one line each. */
  problems: string[];
}

export interface VisitOptions {
  viewport?: {width: number; height: number};
  colorScheme?: "light" | "dark";
  reducedMotion?: "reduce" | "no-preference";
  /**
   * "allow" visits as a reader's browser does on a first visit: the service worker installs, the page reloads
   * isolated, and the worker downloads the rest of the course in the background. "block" (the default) visits as a
   * browser without service workers: no reload, no background download, so a test of a lesson's behaviour measures
   * the lesson. The site and offline tests visit every page with the worker.
   */
  serviceWorkers?: "allow" | "block";
}

/**
 * A browser context as one reader: its own cache, storage and service worker. Every request that leaves `origin` is
 * blocked and reported to the page visited at the time.
 */
export async function readerContext(
  browser: Browser,
  origin: string,
  {
    viewport = {width: 1200, height: 900},
    colorScheme = "light",
    reducedMotion = "no-preference",
    serviceWorkers = "block"
  }: VisitOptions = {}
): Promise<BrowserContext> {
  const context = await browser.newContext({viewport, colorScheme, reducedMotion, serviceWorkers});
  context.setDefaultTimeout(PATIENCE);
  await context.route("**/*", (route) => {
    const request = route.request().url();
    if (new URL(request).origin === origin || request.startsWith("data:") || request.startsWith("blob:")) {
      return route.continue();
    }
    currentProblems.get(context)?.push(`request to another origin: ${request}`);
    return route.abort("blockedbyclient");
  });
  return context;
}
const currentProblems = new WeakMap<BrowserContext, string[]>();

/**
 * Opens `url` in a new context (a reader's first visit) or, given `context`, in a new page of that reader's context
 * (a reader going on to another page, with what the first visit cached), and waits until the page has settled.
 */
export async function visit(
  browser: Browser,
  url: string,
  options: VisitOptions & {context?: BrowserContext} = {}
): Promise<Visit> {
  const origin = new URL(url).origin;
  const context = options.context ?? (await readerContext(browser, origin, options));
  const page = await context.newPage();
  const problems: string[] = [];
  currentProblems.set(context, problems);
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  // Requests that the page's own reload cuts off (the service worker's first visit) are not failures.
  let loads = 0;
  const loadOf = new WeakMap<Request, number>();
  page.on("request", (request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) loads++;
    loadOf.set(request, loads);
  });
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText;
    if (error === "net::ERR_ABORTED" && (loadOf.get(request) ?? loads) < loads) return;
    if (new URL(request.url()).origin === origin) problems.push(`failed request: ${request.url()} ${error}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url, {waitUntil: "load"});
  if (options.serviceWorkers === "allow") await isolated(page);
  await settled(page);
  return {page, problems};
}

/** Waits until the service worker has made the page cross-origin isolated (after its reload on a first visit). */
export async function isolated(page: Page): Promise<void> {
  if (!(await page.evaluate(() => "serviceWorker" in navigator))) return;
  await page.waitForFunction(() => crossOriginIsolated, null, {timeout: PATIENCE});
}

/** Asks the page's service worker to cache the rest of the course (models, runtime) and waits until it has. */
export async function courseCached(page: Page): Promise<string> {
  return page.evaluate(() =>
    navigator.serviceWorker.ready.then(
      (registration) =>
        new Promise<string>((resolve) => {
          const channel = new MessageChannel();
          channel.port1.onmessage = (event) => resolve(event.data);
          registration.active!.postMessage("fill", [channel.port2]);
        })
    )
  );
}

/**
 * Waits until Framework has run every cell: the network quiet, no loading placeholders left, and every model loader
 * finished, ready or failed (then the cells that need its model wait). A quiet network does not mean a model is ready: its runtime may still be compiling, and
 * the cells that use the model run only after it.
 */
export async function settled(page: Page): Promise<void> {
  const cellsRun = () =>
    page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, null, {
      timeout: PATIENCE
    });
  await page.waitForLoadState("networkidle", {timeout: PATIENCE});
  await cellsRun();
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll(".model-loader")].every((l) =>
        l.querySelector(".backend-badge, [data-kind=error]")
      ),
    null,
    {timeout: PATIENCE}
  );
  // A model that failed keeps the cells that need it waiting for the reader's Retry.
  if (await page.locator(".model-loader [data-kind=error]").count()) return;
  await cellsRun();
}

/** axe-core's serious and critical violations on the page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  // evaluated through DevTools: the page's content security policy refuses inline scripts it did not ship
  await page.evaluate(readFileSync("node_modules/axe-core/axe.min.js", "utf8"));
  return page.evaluate(async () => {
    const {violations} = await (window as any).axe.run(document, {resultTypes: ["violations"]});
    return violations
      .filter((v: {impact: string}) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v: {id: string; help: string; nodes: {target: string[]}[]}) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(" "))
            .slice(0, 3)
            .join(", ")})`
      );
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/screenshots", {recursive: true});
  await page.screenshot({path: `test-results/screenshots/${name}.png`, fullPage: true});
}

/** For a test file: Chromium and the built site under /course/, started before its tests and closed after. */
export function builtSite({args = []}: {args?: string[]} = {}): {
  browser: () => Browser;
  url: (page: string) => string;
} {
  let browser: Browser;
  let server: StaticServer;
  before(async () => {
    browser = await launchBrowser({args});
    server = await serveStatic("dist", "/course/");
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {browser: () => browser, url: (page) => server.url + page};
}

/**
 * Library modules that no lesson imports yet, bundled by esbuild into one ES module, so a page can import them
 * (`provide` serves it). onnxruntime-web stays out: the page makes sessions with the built site's runtime module.
 */
export async function bundle(modules: string[]): Promise<string> {
  const {outputFiles} = await build({
    stdin: {
      contents: modules.map((m) => `export * from "./${m}";`).join("\n"),
      resolveDir: process.cwd(),
      loader: "ts"
    },
    bundle: true,
    format: "esm",
    external: ["onnxruntime-web"],
    write: false,
    logLevel: "warning"
  });
  return outputFiles[0].text;
}

/**
 * Answers the page's requests for these paths, relative to the site, as if they were built files. Playwright's routes
 * never see what a service worker fetches, so the page must be visited with service workers blocked.
 */
export async function provide(page: Page, files: Record<string, string | Uint8Array>): Promise<void> {
  if (await page.evaluate(() => navigator.serviceWorker?.controller != null)) {
    throw new Error('provide() needs a page without a service worker: visit it with {serviceWorkers: "block"}');
  }
  for (const [path, body] of Object.entries(files)) {
    const contentType = path.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream";
    await page.route(`**/${path}`, (route) =>
      route.fulfill({body: typeof body === "string" ? body : Buffer.from(body), contentType})
    );
  }
}

/** Types a value into the number box of the range input labelled `label`, as a reader would. */
export const setRange = (page: Page, label: string, value: number) =>
  page
    .locator("form", {hasText: label})
    .locator("input[type=number]")
    .evaluate((e, v) => {
      (e as HTMLInputElement).value = String(v);
      e.dispatchEvent(new Event("input", {bubbles: true}));
    }, value);

/** Slows the page's CPU `rate` times, as Chromium's DevTools do: a student's slower machine. */
export const throttleCpu = (page: Page, rate: number) =>
  page
    .context()
    .newCDPSession(page)
    .then((cdp) => cdp.send("Emulation.setCPUThrottlingRate", {rate}));

/** A lesson's editable cell, shown open in the article, by its id (an exercise's is `exercise-<id>`). */
export const editableCell = (page: Page, id: string) => page.locator(`.notebook-cell[data-editable="${id}"]`);

/** Replaces the code of the editable cell `id` as a reader would, and runs it. */
export async function editCell(page: Page, id: string, code: string) {
  const cell = editableCell(page, id);
  await cell.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(code);
  await cell.locator(".cm-content").press("Shift+Enter");
  // the cell says how the run went once it ends
  await cell
    .locator(".cell-status")
    .filter({hasNotText: /^Running/})
    .waitFor({timeout: PATIENCE});
  await settled(page);
  return cell;
}

/** Waits until a trainer's status line (".trainer-status", the training lessons') shows step `least` or later. */
export const untilStep = (page: Page, least: number) =>
  page.waitForFunction(
    (least) => {
      const match = document.querySelector(".trainer-status")?.textContent?.match(/step ([\d,]*\d)/);
      return match !== null && match !== undefined && Number(match[1].replaceAll(",", "")) >= least;
    },
    least,
    {timeout: PATIENCE}
  );
