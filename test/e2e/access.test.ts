// Every lesson on a phone-sized screen (390 px), in the dark theme, with reduced motion asked for: nothing breaks,
// nothing is wider than the screen, axe-core finds nothing serious, and the plots are still drawn.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {axeViolations, builtSite, visit} from "./browser.js";
import {courseLessons} from "./server.js";

const site = builtSite();
const lessons = courseLessons().map((l) => l.page);

describe("on a 390 px phone, dark theme, reduced motion", () => {
  for (const lesson of lessons) {
    it(`${lesson} fits the screen, draws its plots and passes axe-core`, async () => {
      const {page, problems} = await visit(site.browser(), site.url(lesson), {viewport: {width: 390, height: 844}, colorScheme: "dark", reducedMotion: "reduce"});
      assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), true);
      const overflow = await page.evaluate(() => {
        const wide = [...document.querySelectorAll("#observablehq-main *")].filter((e) => {
          const box = e.getBoundingClientRect();
          // Inside a scrolling container, being wider is what the container is for; an SVG clips what it holds, and
          // KaTeX's MathML copy is for screen readers, clipped out of sight.
          const contained = e.closest("figure[tabindex], .math-display, .cm-scroller, table, pre, .katex-mathml") || (e.closest("svg") && e.tagName !== "svg");
          return box.right > innerWidth + 1 && !contained;
        });
        return wide.slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${Math.round(e.getBoundingClientRect().right)} px`);
      });
      assert.deepEqual(overflow, [], "wider than the screen");
      assert.ok((await page.locator("figure.plot svg").count()) > 0);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems, []);
      await page.context().close();
    });
  }
});
