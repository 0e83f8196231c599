// What code in a lesson, the reader's own or a share link's once accepted, cannot reach: another origin (the page's
// content security policy allows connections to its own only), a poisoned copy of the course in the service worker's
// cache (each cached file is checked against the build's hash before it is served), and a page of another origin
// that frames the lesson to dress up its buttons (the lesson refuses to run there).
import assert from "node:assert/strict";
import {createServer} from "node:http";
import type {AddressInfo} from "node:net";
import {describe, it} from "node:test";
import {builtSite, courseCached, PATIENCE, settled, visit} from "../browser.js";

const site = builtSite();

describe("a lesson keeps to its own origin", () => {
  it("lets code in the page connect to its own origin only", async () => {
    const {page, problems} = await visit(site.browser(), site.url("positional-encoding.html"));
    const other = site.url("").replace("127.0.0.1", "localhost");
    const answer = await page.evaluate(async (address) => {
      const violations: string[] = [];
      document.addEventListener("securitypolicyviolation", (event) => violations.push(event.effectiveDirective));
      const own = (await fetch("./index.html")).status;
      const elsewhere = await fetch(address).then(
        () => "reached",
        () => "refused"
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {own, elsewhere, violations};
    }, other + "index.html");
    assert.deepEqual(answer, {own: 200, elsewhere: "refused", violations: ["connect-src"]});
    assert.ok(
      problems.every((p) => /Content Security Policy|Failed to fetch/.test(p)),
      problems.join("\n")
    );
    await page.context().close();
  });

  it("refuses to run in a frame of another origin, and runs in its own", async () => {
    // a page of another origin (the same host, another port) that frames the lesson, and the course's own index
    const page = await (await site.browser().newContext({serviceWorkers: "block"})).newPage();
    const lesson = site.url("positional-encoding.html");
    const framing = createServer((_, response) =>
      response
        .writeHead(200, {"Content-Type": "text/html"})
        .end(`<iframe src="${lesson}" width="800" height="600"></iframe>`)
    );
    await new Promise<void>((resolve) => framing.listen(0, "127.0.0.1", resolve));
    const foreign = `http://127.0.0.1:${(framing.address() as AddressInfo).port}/`;
    for (const [top, refused] of [
      [foreign, true],
      [site.url("index.html"), false]
    ] as const) {
      await page.goto(top);
      if (!refused)
        await page.evaluate((src) => {
          document.body.innerHTML = `<iframe src="${src}" width="800" height="600"></iframe>`;
        }, lesson);
      const frame = page.frameLocator("iframe");
      if (refused) {
        await frame.getByText("This lesson does not run inside another site's page.").waitFor({timeout: PATIENCE});
        assert.equal(await frame.locator(".notebook-cell[data-editable]").count(), 0, "nothing of the lesson ran");
        assert.equal(await frame.getByRole("link", {name: "Open it on its own"}).getAttribute("href"), lesson);
      } else {
        await frame.locator(".notebook-cell[data-editable]").first().waitFor({timeout: PATIENCE});
      }
    }
    await page.context().close();
    framing.close();
  });

  it("serves only the build's bytes from the service worker's cache: a poisoned file is dropped and fetched again", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"), {serviceWorkers: "allow"});
    await page.goto(site.url("index.html"));
    await settled(page);
    assert.equal(await courseCached(page), "filled");
    // the page's own code writes a module every lesson imports into the worker's cache
    const client = await page.evaluate(async () => {
      const url = (document.querySelector("link[rel=modulepreload][href*='client']") as HTMLLinkElement).href;
      const name = (await caches.keys()).find((n) => n.startsWith("stepwise "))!;
      const headers = {"Content-Type": "text/javascript"};
      await (await caches.open(name)).put(url, new Response("globalThis.poisoned = true; export {};", {headers}));
      return url;
    });
    await page.goto(site.url("positional-encoding.html"));
    await settled(page);
    await page.locator(".notebook-cell[data-editable]").first().waitFor();
    assert.equal(await page.evaluate(() => (globalThis as Record<string, unknown>).poisoned), undefined);
    const cached = await page.evaluate(async (url) => {
      const name = (await caches.keys()).find((n) => n.startsWith("stepwise "))!;
      return (await (await caches.open(name)).match(url))?.text();
    }, client);
    assert.ok(cached && !cached.includes("poisoned"), "the cache holds the built file again");
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
