// The built site open in headless Chromium, whose runtime module (the one door to onnxruntime-web the lessons use) a
// benchmark's page imports to make its sessions.
import type {Page} from "playwright-core";
import {launchBrowser} from "../test/e2e/browser.js";
import {builtFile, serveStatic} from "../test/e2e/server.js";

const DIST = "dist";

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
