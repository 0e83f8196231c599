// After one visit the course works with no network (a classroom whose Wi-Fi fails): the service worker serves every
// page and file from its cache, with the headers that keep the pages cross-origin isolated (threads in the runtime).
import assert from "node:assert/strict";
import {after, before, describe, it} from "node:test";
import type {Browser, Page} from "playwright-core";
import {courseCached, editableCell, launchBrowser, PATIENCE, readerContext, settled, visit} from "../browser.js";
import {serveStatic, type StaticServer} from "../server.js";

/** What a reader would see of a page: its cell errors, its models' status, its plots, whether it is isolated, who served it. */
async function open(page: Page, url: string) {
  const response = await page.goto(url, {waitUntil: "load"});
  await settled(page);
  // A lesson's plots may be its model's output, which the runtime's worker computes after the cells have settled.
  if (!url.endsWith("index.html")) await page.locator("figure.plot > [role=img]").first().waitFor();
  const plots = await page
    .locator("figure.plot > [role=img]")
    .evaluateAll((graphics) =>
      graphics.map(
        (graphic) =>
          graphic.querySelectorAll("path[d]:not(.domain), image[href^='data:image/png'], canvas, rect, circle").length
      )
    );
  return {
    fromServiceWorker: response?.fromServiceWorker() ?? false,
    isolated: await page.evaluate(() => crossOriginIsolated),
    errors: await page.locator(".observablehq--error").allTextContents(),
    models: await page.locator(".model-status").allInnerTexts(),
    plots
  };
}

describe("the course offline, after a first visit under /course/", () => {
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

  it("opens the pages visited and the lessons never visited, isolated, with the server gone and the network off", async () => {
    // forward-noising needs only a dataset: the lessons never visited need the models and the runtime as well,
    // which only the worker's background download can have brought.
    const {page, problems} = await visit(browser, server.url + "forward-noising.html", {serviceWorkers: "allow"});
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, "the first visit did not end isolated");
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL), server.url + "sw.js");
    await page.goto(server.url + "index.html");
    await settled(page);
    assert.equal(await courseCached(page), "filled");

    const url = server.url;
    await server.close();
    await page.context().setOffline(true);
    for (const path of ["forward-noising.html", "index.html", "reverse-sampler.html", "inpainting.html"]) {
      const seen = await open(page, url + path);
      assert.equal(seen.fromServiceWorker, true, `${path} did not come from the service worker`);
      assert.equal(seen.isolated, true, `${path} is not cross-origin isolated offline`);
      assert.deepEqual(seen.errors, [], `${path} shows cell errors offline`);
      for (const status of seen.models) assert.match(status, /is ready/, `${path}: a model did not load offline`);
      if (path !== "index.html")
        assert.ok(
          seen.plots.length > 0 && seen.plots.every((marks) => marks > 0),
          `${path}: plots missing offline ${JSON.stringify(seen.plots)}`
        );
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("does not reload a first visit under a reader who has begun: their typing stays, and the next page is isolated", async () => {
    const online = await serveStatic("dist", "/course/"); // the first test closed the other
    after(() => online.close());
    const context = await readerContext(browser, new URL(online.url).origin, {serviceWorkers: "allow"});
    const page = await context.newPage();
    let loads = 0;
    page.on("framenavigated", (frame) => frame === page.mainFrame() && loads++);
    await page.goto(online.url + "positional-encoding.html", {waitUntil: "domcontentloaded"});
    // the reader clicks the heading before the worker has taken over the page, then types in a cell as it appears
    await page.locator("h1").click();
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null, "the worker took over too soon");
    const content = editableCell(page, "similarity").locator(".cm-content");
    await content.click();
    const typed = "// typed while the worker installs";
    await page.keyboard.type(typed, {delay: 40});
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, {timeout: PATIENCE});
    await page.waitForTimeout(1000); // a reload would have begun by now
    assert.equal(loads, 1, "the page reloaded under the reader");
    assert.match(await content.innerText(), new RegExp(typed));
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest("[data-editable=similarity]")), true);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    await page.goto(online.url + "forward-noising.html");
    await settled(page);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, "the next page did not come isolated");
    await context.close();
  });

  it("still runs a lesson's model, single-threaded, where there are no service workers", async () => {
    const online = await serveStatic("dist", "/course/");
    after(() => online.close());
    const {page, problems} = await visit(browser, online.url + "reverse-sampler.html", {serviceWorkers: "block"});
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    await page.locator(".model-status", {hasText: "the diffusion UNet is ready"}).waitFor({timeout: PATIENCE}); // it may settle first
    assert.match(
      await page.locator(".model-status").first().innerText(),
      /^The diffusion UNet is ready, on WebAssembly \(this browser offers no WebGPU adapter\)\.$/
    );
    assert.deepEqual(await page.locator(".observablehq--error").allTextContents(), []);
    await page.locator("figure.plot > [role=img]").first().waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
