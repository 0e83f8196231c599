// What the benchmarks share: medians, the printed table, and the built site open in headless Chromium, whose
// runtime module (the one door to onnxruntime-web the lessons use) the page imports to make its sessions.
import type {Page} from "playwright-core";
import {launchBrowser} from "../test/e2e/browser.js";
import {builtFile, serveStatic} from "../test/e2e/server.js";

const DIST = "dist";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** One line of a table: a label, then right-aligned cells. */
export function row(cells: string[]): void {
  console.log(cells.map((c, i) => (i === 0 ? c.padEnd(28) : c.padStart(16))).join(""));
}

export interface BuiltSite {
  /** The built runtime module, as a path the page imports. */
  runtime: string;
  /** The built file in a folder of the site whose name starts with `prefix`, as a path the page fetches. */
  file(folder: string, prefix: string): string;
}

/** Runs `task` on the built site's index page in headless Chromium, then closes the browser and the server. */
export async function inChromium<T>(task: (page: Page, site: BuiltSite) => Promise<T>): Promise<T> {
  const file = (folder: string, prefix: string) => builtFile(DIST, folder, prefix);
  const site: BuiltSite = {runtime: file("_import/src/runtime", "index."), file};
  const server = await serveStatic(DIST, "/course/");
  const browser = await launchBrowser();
  try {
    // no service worker: the benchmarks measure one thread, and provide() needs requests the page makes itself
    const page = await browser.newPage({serviceWorkers: "block"});
    await page.goto(server.url + "index.html");
    return await task(page, site);
  } finally {
    await browser.close();
    await server.close();
  }
}
