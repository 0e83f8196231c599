// Opens every page of the built site in Chromium, served under a sub-path by a plain static server, as a reader's
// first visit (the service worker installs and the page reloads isolated), and checks what a reader would notice:
// errors, requests elsewhere, maths left as raw TeX, empty plots, inputs that redraw nothing. Each lesson is then
// narrowed to a 390 px phone in the dark theme with reduced motion asked for. The site also works at the root
// path of a host: no built file names an absolute path, and the home page and a lesson with a model open there.
import assert from "node:assert/strict";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {posix} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {after, before, describe, it} from "node:test";
import type {Browser, BrowserContext, Page} from "playwright-core";
import {axeViolations, launchBrowser, PATIENCE, readerContext, screenshot, settled, visit} from "./browser.js";
import {courseLessons, serveStatic, sitePages, type StaticServer} from "./server.js";

const DIST = "dist";
if (!existsSync(`${DIST}/index.html`)) throw new Error("no built site in dist/: run `npm run build` first");
const pages = sitePages(DIST);
const lessons = new Set(courseLessons().map((l) => l.page));

let browser: Browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

it("builds every lesson the course configures", () => {
  assert.ok(lessons.size > 0);
  for (const lesson of lessons) assert.ok(pages.includes(lesson), `${lesson} is configured but was not built`);
});

it("writes brotli and gzip copies that decode to their file, for the runtime, the models and every page", () => {
  const files = readdirSync(DIST, {recursive: true, encoding: "utf8"}).map((f) => f.split("\\").join("/"));
  const copied = files.filter((f) => f.endsWith(".br")).map((f) => f.slice(0, -3));
  for (const wanted of [
    /ort-wasm-simd-threaded\.wasm$/,
    /models\/gpt\/model\.[0-9a-f]+\.onnx$/,
    /models\/diffusion\/model\./
  ])
    assert.ok(
      copied.some((f) => wanted.test(f)),
      `no .br copy of ${wanted}`
    );
  for (const page of pages) assert.ok(copied.includes(page), `no .br copy of ${page}`);
  for (const file of copied) {
    const original = readFileSync(`${DIST}/${file}`);
    assert.ok(files.includes(`${file}.gz`), `${file}.br has no .gz beside it`);
    assert.ok(brotliDecompressSync(readFileSync(`${DIST}/${file}.br`)).equals(original), `${file}.br`);
    assert.ok(gunzipSync(readFileSync(`${DIST}/${file}.gz`)).equals(original), `${file}.gz`);
  }
});

describe("the built site under the sub-path /course/", () => {
  // One reader, going through the course page by page: the first page is their first visit (the service worker
  // installs and the page reloads isolated), every later one is served as a returning reader's.
  let server: StaticServer;
  let reader: BrowserContext;
  before(async () => {
    server = await serveStatic(DIST, "/course/");
    reader = await readerContext(browser, new URL(server.url).origin, {serviceWorkers: "allow"});
  });
  after(async () => {
    await reader?.close();
    await server.close();
  });

  for (const path of pages) {
    describe(path, () => {
      let page: Page;
      let problems: string[];
      before(async () => {
        ({page, problems} = await visit(browser, server.url + path, {serviceWorkers: "allow", context: reader}));
        await screenshot(page, path.replace(/\.html$/, "").replaceAll("/", "-"));
      });
      after(() => page?.close());

      it("loads with no page error, console error, failed request or request to another origin", () => {
        assert.deepEqual(problems, []);
      });

      it("shows no cell error", async () => {
        assert.deepEqual(await page.locator(".observablehq--error").allTextContents(), []);
      });

      it("renders its maths with KaTeX and leaves no raw TeX in the text", async () => {
        const {rawTex, equations} = await page.evaluate(() => {
          const main = document.querySelector("#observablehq-main")!.cloneNode(true) as HTMLElement;
          const equations = main.querySelectorAll(".katex").length;
          main.querySelectorAll(".katex, pre, code, input, script, style").forEach((e) => e.remove());
          const text = main.textContent ?? "";
          const rawTex =
            text.match(/\$\$|\$[^\s${][^$]*\$|\\(frac|sin|cos|sum|operatorname|begin|left|mathrm)\b/g) ?? [];
          return {rawTex, equations};
        });
        assert.deepEqual(rawTex, []);
        if (lessons.has(path)) assert.ok(equations > 0, "a lesson without a single rendered equation");
      });

      it("draws every plot", async () => {
        // A lesson's first plot may be its model's own output, drawn as the model runs.
        if (lessons.has(path)) await page.locator("figure.plot > [role=img]").first().waitFor();
        // The plots are read once the page's runs have ended (no Stop left): a run replaces its figure at every frame.
        await page.waitForFunction(
          () =>
            ![...document.querySelectorAll("#observablehq-main button")].some((b) => b.textContent?.trim() === "Stop"),
          null,
          {timeout: PATIENCE}
        );
        const plots = await page.locator("figure.plot").evaluateAll((figures) =>
          figures.map((f) => {
            // the graphic: an SVG, or a grid of images (imageRow), with the text alternative; an "application" where the
            // reader draws on it with a pointer or the keyboard (pointDrawer)
            const graphic = f.querySelector("[role=img], [role=application]");
            const box = graphic?.getBoundingClientRect();
            const marks =
              graphic?.querySelectorAll("path[d]:not(.domain), image[href^='data:image/png'], canvas, rect, circle")
                .length ?? 0;
            return {
              width: box?.width ?? 0,
              height: box?.height ?? 0,
              marks,
              label: graphic?.getAttribute("aria-label")
            };
          })
        );
        if (lessons.has(path)) assert.ok(plots.length > 0, "a lesson without a plot");
        for (const plot of plots) {
          assert.ok(plot.width > 0 && plot.height > 0, `an empty plot: ${JSON.stringify(plot)}`);
          assert.ok(plot.marks > 0, `a plot with nothing drawn: ${JSON.stringify(plot)}`);
          assert.ok(plot.label, "a plot without a text alternative");
        }
      });

      it("has no serious or critical accessibility violation (axe-core)", async () => {
        const violations = await axeViolations(page);
        assert.deepEqual(violations, []);
      });

      it("redraws what depends on an input when the input moves", async () => {
        // Inputs can be redrawn by other inputs (choices that depend on a width, say): find them afresh each time.
        const inputs = page.locator(
          "#observablehq-main form input[type=range], #observablehq-main form input[type=checkbox]"
        );
        for (let i = 0; i < (await inputs.count()); i++) {
          const input = inputs.nth(i);
          const label = await input.evaluate((e) => e.closest("form")?.textContent?.trim() || e.outerHTML);
          const before = await outputs(page);
          await input.evaluate((element) => {
            const e = element as HTMLInputElement;
            if (e.type === "checkbox") e.checked = !e.checked;
            else e.value = e.value === e.min ? e.max : e.min;
            e.dispatchEvent(new Event("input", {bubbles: true}));
          });
          await page
            .waitForFunction(
              (previous) => {
                const main = document.querySelector("#observablehq-main") as HTMLElement;
                const now =
                  main.textContent + [...main.querySelectorAll("figure.plot")].map((f) => f.outerHTML).join("");
                return now !== previous;
              },
              before,
              {timeout: PATIENCE}
            )
            .catch(() => assert.fail(`moving "${label}" redrew nothing`));
          await settled(page);
        }
        assert.deepEqual(problems, [], "moving the inputs caused errors");
        assert.deepEqual(await page.locator(".observablehq--error").allTextContents(), []);
      });

      if (lessons.has(path)) {
        it("on a 390 px phone, dark theme, reduced motion: fits the screen, draws its plots and passes axe-core", async () => {
          // As a reader who turns their phone's dark theme on with the lesson open: the page follows without a reload
          // (the cells that depend on the width redraw, and read reduced motion as they do).
          await page.setViewportSize({width: 390, height: 844});
          await page.emulateMedia({colorScheme: "dark", reducedMotion: "reduce"});
          // Two frames: the resize observers report the new width, and the cells that read it start again.
          await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
          await settled(page);
          await screenshot(page, `${path.replace(/\.html$/, "")}-phone-dark`);
          assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), true);
          assert.equal(await page.evaluate(() => matchMedia("(prefers-reduced-motion: reduce)").matches), true);
          const overflow = await page.evaluate(() => {
            const wide = [...document.querySelectorAll("#observablehq-main *")].filter((e) => {
              const box = e.getBoundingClientRect();
              // Inside a scrolling container, being wider is what the container is for; an SVG clips what it holds, and
              // KaTeX's MathML copy is for screen readers, clipped out of sight.
              const contained =
                e.closest("figure[tabindex], .math-display, .cm-scroller, table, pre, .katex-mathml") ||
                (e.closest("svg") && e.tagName !== "svg");
              return box.right > innerWidth + 1 && !contained;
            });
            return wide
              .slice(0, 3)
              .map(
                (e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)} px`
              );
          });
          assert.deepEqual(overflow, [], "wider than the screen");
          await page.locator("figure.plot > [role=img]").first().waitFor();
          assert.deepEqual(await axeViolations(page), []);
          assert.deepEqual(problems, []);
          assert.deepEqual(await page.locator(".observablehq--error").allTextContents(), []);
        });
      }
    });
  }
});

describe("the built site at the root path /", () => {
  let server: StaticServer;
  before(async () => {
    server = await serveStatic(DIST, "/");
  });
  after(() => server.close());

  it("names no absolute path in any page, module or stylesheet, so any sub-path works as the root does", () => {
    const absolute: string[] = [];
    for (const file of readdirSync(DIST, {recursive: true, encoding: "utf8"})) {
      if (!/\.(html|js|css)$/.test(file)) continue;
      const text = readFileSync(`${DIST}/${file}`, "utf8");
      for (const [match] of text.matchAll(
        /(?:\b(?:href|src)=["']?|\bimport\(?\s*["']|\bfrom\s*["']|url\(["']?)\/(?!\/)[\w.-]+/g
      ))
        absolute.push(`${file}: ${match}`);
    }
    assert.deepEqual(absolute.slice(0, 10), []);
  });

  it("links every page only to files the site has", () => {
    const broken: string[] = [];
    for (const page of pages) {
      // The page's own markup, not the cells' code that Framework inlines in its scripts.
      const html = readFileSync(`${DIST}/${page}`, "utf8").replace(/<script\b[\s\S]*?<\/script>/g, "");
      for (const [, href] of html.matchAll(/\bhref="([^"#?]+)[^"]*"/g)) {
        if (/^[a-z]+:/.test(href)) continue;
        const target = posix.join(posix.dirname(page), href);
        if (!existsSync(`${DIST}/${target}`)) broken.push(`${page}: ${href}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  for (const path of ["index.html", "reverse-sampler.html"]) {
    it(`${path} loads with no error and no request elsewhere, and its models and plots work`, async () => {
      const {page, problems} = await visit(browser, server.url + path, {serviceWorkers: "allow"});
      assert.deepEqual(problems, []);
      assert.deepEqual(await page.locator(".observablehq--error, [data-kind=error]").allTextContents(), []);
      await page.context().close();
    });
  }
});

function outputs(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector("#observablehq-main") as HTMLElement;
    return main.textContent + [...main.querySelectorAll("figure.plot")].map((f) => f.outerHTML).join("");
  });
}
