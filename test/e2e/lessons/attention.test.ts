// The attention and positional-encoding lessons as a reader sees them at a desktop, a half-screen and a phone width: a long prompt says what it
// loses, the heatmaps' labels stay readable and inside the plot, every cell names its query, key and weight, and the
// sentences about the heads and the masks are built from the numbers on the page; the positional lesson's four plots of
// learned and sinusoidal positions line up in a grid.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Page} from "playwright-core";
import {builtSite, editableCell, PATIENCE, settled, visit} from "../browser.js";

const site = builtSite();

const LONG_PROMPT =
  "In the beginning God created the heaven and the earth. And the earth was without form, and void; and darkness " +
  "was upon the face of the deep. And the Spirit of God moved upon the face of the waters. And God said, Let there " +
  "be light: and there was light. And God saw the light, that it was good: and God divided the light from the darkness.";

const headsPlot = (page: Page) =>
  page.locator("figure.plot", {has: page.locator("figcaption", {hasText: /^Layer \d+, head \d+/})});

async function typePrompt(page: Page, text: string) {
  await page.locator("form", {hasText: "Prompt"}).locator("textarea").fill(text);
  await page.locator(".token-limit", {hasText: "tokens long"}).waitFor({timeout: PATIENCE});
  await settled(page);
  for (const plot of [headsPlot(page), page.locator("figure.plot", {hasText: "Your mask"})])
    await plot.filter({hasText: "Only the first 64"}).waitFor({timeout: PATIENCE});
}

/** What is wrong with a heatmap's labels: ones that overlap each other or the axis titles, or stick out of the plot. */
function labelProblems(figure: Element): string[] {
  const svg = figure.querySelector("svg")!;
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].filter((t) => t.textContent && !t.closest(".heatmap-cells"));
  const boxes = texts.map((t) => ({text: t.textContent!, box: t.getBoundingClientRect()}));
  const problems: string[] = [];
  for (const {text, box} of boxes) {
    if (
      box.left < frame.left - 0.5 ||
      box.right > frame.right + 0.5 ||
      box.top < frame.top - 0.5 ||
      box.bottom > frame.bottom + 0.5
    )
      problems.push(`“${text}” sticks out of the plot`);
  }
  for (let a = 0; a < boxes.length; a++)
    for (let b = a + 1; b < boxes.length; b++) {
      const [p, q] = [boxes[a].box, boxes[b].box];
      const overlap =
        Math.min(p.right, q.right) - Math.max(p.left, q.left) > 0.5 &&
        Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 0.5;
      if (overlap) problems.push(`“${boxes[a].text}” overlaps “${boxes[b].text}”`);
    }
  return problems;
}

describe("the attention lesson", () => {
  it("says how many tokens of a long prompt it leaves out, and why, above the plots and in their captions", async () => {
    const {page, problems} = await visit(site.browser(), site.url("attention.html"));
    await page.locator(".token-limit").waitFor({timeout: PATIENCE});
    assert.match(await page.locator(".token-limit").innerText(), /^\d+ tokens \(this page reads up to 64\)\.$/);
    await typePrompt(page, LONG_PROMPT);
    assert.match(
      await page.locator(".token-limit").innerText(),
      /^Your prompt is 78 tokens long; this page reads only the first 64, because a heatmap .* too fine to read\. The last 14 tokens, from “·that” on, are left out/
    );
    assert.match(
      await headsPlot(page).locator("figcaption").innerText(),
      /Only the first 64 of your 78 tokens are shown\./
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  for (const width of [1280, 640, 390]) {
    it(`labels the heatmaps of 64 tokens without overlap or clipping at ${width} px, and names each cell`, async () => {
      const {page, problems} = await visit(site.browser(), site.url("attention.html"), {
        viewport: {width, height: 900}
      });
      await typePrompt(page, LONG_PROMPT);
      const heatmaps = page.locator("figure.plot:has(.heatmap-cells)");
      assert.equal(await heatmaps.count(), 3, "the causal mask, the head and the reader's mask");
      for (const figure of await heatmaps.all()) {
        assert.deepEqual(await figure.evaluate(labelProblems), []);
        assert.ok((await figure.locator("svg > g text").allTextContents()).includes("0 In"), "the first token");
      }
      const {scrollWidth, clientWidth} = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth
      }));
      assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
      const head = headsPlot(page);
      assert.equal(await head.locator(".heatmap-cells title").count(), 64 * 64);
      assert.match(
        (await head
          .locator(".heatmap-cells title")
          .nth(5 * 64 + 2)
          .textContent())!,
        /^query 5 ·the, key 2 ·beginning: weight [01](\.\d+)?$/
      );
      await head
        .locator(".heatmap-cells rect")
        .nth(5 * 64 + 2)
        .hover();
      await head.locator(".heatmap-readout", {hasText: /^query 5 ·the, key 2 ·beginning: weight /}).waitFor();
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  }

  it("names the heads and the share of agreeing guesses from the numbers on the page", async () => {
    const {page, problems} = await visit(site.browser(), site.url("attention.html"));
    const roles = page.locator(".head-roles");
    await roles.waitFor({timeout: PATIENCE});
    const text = (await roles.innerText()).split("heads are:")[1];
    const counted = [...text.matchAll(/(\d+) (?:at [^;(]+|with no one kind)/g)].map((m) => Number(m[1]));
    assert.equal(
      counted.reduce((a, b) => a + b, 0),
      Number(/the model's (\d+) heads/.exec(await roles.innerText())![1]),
      text
    );
    assert.match(
      text,
      /\d+ at the token just before \(layer\.head [\d., ]+\)/,
      "the default prompt has previous-token heads"
    );
    assert.doesNotMatch(await page.locator("main").innerText(), /often agree|previous occurrence of the same word/);

    const agreement = page.locator(".agreement");
    assert.match(await agreement.innerText(), /after \d+ of \d+ tokens \(\d+%\)\.$/);
    const rule = editableCell(page, "mask");
    await rule.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("function allowed(i: number, j: number): boolean {\n  return j <= i;\n}");
    await rule.locator(".cm-content").press("Shift+Enter");
    await settled(page);
    await agreement.filter({hasText: /\(100%\)/}).waitFor({timeout: PATIENCE});
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the positional-encoding lesson", () => {
  for (const width of [1280, 640, 390]) {
    it(`lines up the learned and sinusoidal plots in a grid at ${width} px`, async () => {
      const {page, problems} = await visit(site.browser(), site.url("positional-encoding.html"), {
        viewport: {width, height: 900}
      });
      const caption = /learned position embeddings P|sinusoidal encoding of the same size|Cosine similarity of/;
      const plots = page.locator(".plot-grid figure.plot svg");
      await page
        .locator(".plot-grid figcaption", {hasText: "Cosine similarity of sinusoidal"})
        .waitFor({timeout: PATIENCE});
      assert.equal(await page.locator(".plot-grid figcaption", {hasText: caption}).count(), 4);
      const boxes = await Promise.all((await plots.all()).map(async (p) => (await p.boundingBox())!));
      const main = (await page.locator("#observablehq-main").boundingBox())!;
      assert.equal(new Set(boxes.map((b) => Math.round(b.width))).size, 1, "the four plots have one width");
      for (const b of boxes)
        assert.ok(b.x >= main.x - 0.5 && b.x + b.width <= main.x + main.width + 0.5, "inside the column");
      const lefts = new Set(boxes.map((b) => Math.round(b.x)));
      const tops = new Set(boxes.map((b) => Math.round(b.y)));
      if (width >= 640) {
        assert.equal(lefts.size, 2, "two columns");
        assert.equal(tops.size, 2, "two rows");
      } else {
        assert.equal(lefts.size, 1, "one column");
        assert.equal(tops.size, 4, "one under another");
      }
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  }
});
