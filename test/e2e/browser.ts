// Debian's Chromium driven by playwright-core, never a downloaded browser. A page under test records everything
// that would make a reader's visit go wrong: page errors, console errors, failed requests, and any request that
// leaves the site's own origin (those are blocked as well as recorded).
import {mkdirSync, readFileSync} from "node:fs";
import {after, before} from "node:test";
import {build} from "esbuild";
import {chromium, type Browser, type Page} from "playwright-core";
import {serveStatic, type StaticServer} from "./server.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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
}

export async function visit(browser: Browser, url: string, {viewport = {width: 1200, height: 900}, colorScheme = "light", reducedMotion = "no-preference"}: VisitOptions = {}): Promise<Visit> {
  const origin = new URL(url).origin;
  const context = await browser.newContext({viewport, colorScheme, reducedMotion});
  const page = await context.newPage();
  const problems: string[] = [];
  await context.route("**/*", (route) => {
    const request = route.request().url();
    if (new URL(request).origin === origin || request.startsWith("data:") || request.startsWith("blob:")) {
      return route.continue();
    }
    problems.push(`request to another origin: ${request}`);
    return route.abort("blockedbyclient");
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console error: ${message.text()}`);
  });
  page.on("requestfailed", (request) => {
    if (new URL(request.url()).origin === origin) problems.push(`failed request: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  await page.goto(url, {waitUntil: "load"});
  await settled(page);
  return {page, problems};
}

/** Waits until Framework has run every cell: no loading placeholders left and the network quiet. */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, null, {
    timeout: 15_000
  });
}

/** axe-core's serious and critical violations on the page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({content: readFileSync("node_modules/axe-core/axe.min.js", "utf8")});
  return page.evaluate(async () => {
    const {violations} = await (window as any).axe.run(document, {resultTypes: ["violations"]});
    return violations
      .filter((v: {impact: string}) => v.impact === "serious" || v.impact === "critical")
      .map((v: {id: string; help: string; nodes: {target: string[]}[]}) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`);
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync("test-results/screenshots", {recursive: true});
  await page.screenshot({path: `test-results/screenshots/${name}.png`, fullPage: true});
}

/** For a test file: Chromium and the built site under /course/, started before its tests and closed after. */
export function builtSite({args = []}: {args?: string[]} = {}): {browser: () => Browser; url: (page: string) => string} {
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
    stdin: {contents: modules.map((m) => `export * from "./${m}";`).join("\n"), resolveDir: process.cwd(), loader: "ts"},
    bundle: true,
    format: "esm",
    external: ["onnxruntime-web"],
    write: false,
    logLevel: "warning"
  });
  return outputFiles[0].text;
}

/** Answers the page's requests for these paths, relative to the site, as if they were built files. */
export async function provide(page: Page, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, body] of Object.entries(files)) {
    const contentType = path.endsWith(".js") ? "text/javascript; charset=utf-8" : "application/octet-stream";
    await page.route(`**/${path}`, (route) => route.fulfill({body: typeof body === "string" ? body : Buffer.from(body), contentType}));
  }
}
