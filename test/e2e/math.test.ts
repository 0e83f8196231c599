// Display maths fits its column on every lesson, at a desktop width (a 640 px text column), a half-screen and a phone
// (326 px): a long equation is broken into lines in the lesson's TeX, never cut off at the right edge of a box that
// scrolls with no sign that it does.
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {describe, it} from "node:test";
import {builtSite, readerContext} from "./browser.js";
import {courseLessons} from "./server.js";

if (!existsSync("dist/index.html")) throw new Error("no built site in dist/: run `npm run build` first");
const site = builtSite();

describe("display maths", () => {
  for (const width of [1280, 640, 390]) {
    it(`fits its column on every lesson at ${width} px`, async () => {
      const context = await readerContext(site.browser(), new URL(site.url("")).origin, {
        viewport: {width, height: 900}
      });
      const tooWide: string[] = [];
      let equations = 0;
      for (const {page: path} of courseLessons()) {
        const page = await context.newPage();
        // the maths is rendered when the site is built: the page's cells need not run
        await page.goto(site.url(path), {waitUntil: "load"});
        const widths = await page.evaluate(() =>
          [...document.querySelectorAll(".math-display")].map((box) => ({
            tex: box.querySelector("annotation")?.textContent?.slice(0, 40) ?? "",
            needs: box.scrollWidth,
            has: box.clientWidth,
            column: document.querySelector("#observablehq-main")!.clientWidth
          }))
        );
        equations += widths.length;
        for (const {tex, needs, has, column} of widths)
          if (needs > has || has > column) tooWide.push(`${path}: ${JSON.stringify(tex)} needs ${needs} px of ${has}`);
        await page.close();
      }
      await context.close();
      assert.ok(equations > 10, `only ${equations} display equations found`);
      assert.deepEqual(tooWide, []);
    });
  }
});
