// Debian's Chromium driven by playwright-core, never a downloaded browser. A page under test records everything
// that would make a reader's visit go wrong: page errors, console errors, failed requests, and any request that
// leaves the site's own origin (those are blocked as well as recorded).
import {mkdirSync, readFileSync} from "node:fs";
import {after, before} from "node:test";
import {chromium, type Browser, type Page} from "playwright-core";
import {serveStatic, type StaticServer} from "./server.js";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // The flags keep Chromium from calling home, which this machine's closed network refuses noisily.
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-quic",
      "--no-first-run"
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
export function builtSite(): {browser: () => Browser; url: (page: string) => string} {
  let browser: Browser;
  let server: StaticServer;
  before(async () => {
    browser = await launchBrowser();
    server = await serveStatic("dist", "/course/");
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return {browser: () => browser, url: (page) => server.url + page};
}
