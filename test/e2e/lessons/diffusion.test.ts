// The diffusion lessons with the real UNet and classifier running in Chromium (WebAssembly).
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Locator, Page} from "playwright-core";
import {builtSite, editableCell, PATIENCE, setRange, settled, visit} from "../browser.js";

const site = builtSite();

// the page can settle before its model has loaded: the status is read once it says so
const ready = (page: Page) =>
  page.locator(".model-status", {hasText: "the diffusion UNet is ready"}).waitFor({timeout: PATIENCE});
/**
 * What is wrong with the layout of a row of images (imageRow), one line each: labels that overlap, an image drawn with
 * fewer than two screen pixels per image pixel, anything wider than the column the figure sits in.
 */
const imageRowProblems = (row: Locator) =>
  row.evaluate((grid) => {
    const problems: string[] = [];
    // the figure stays within the page's column, and everything in it within the figure
    const figure = grid.closest("figure")!;
    for (const [element, column] of [
      [figure, figure.parentElement!],
      ...[grid, ...grid.querySelectorAll("*")].map((e) => [e, figure])
    ]) {
      const [box, bounds] = [element.getBoundingClientRect(), column.getBoundingClientRect()];
      if (box.left < bounds.left - 0.5 || box.right > bounds.right + 0.5)
        problems.push(
          `${element.tagName} spans ${box.left}-${box.right} px, its column ${bounds.left}-${bounds.right}`
        );
    }
    const labels = [...grid.querySelectorAll("span")].map(
      (span) => [span.textContent, span.getBoundingClientRect()] as const
    );
    for (const [i, [a, boxA]] of labels.entries()) {
      for (const [b, boxB] of labels.slice(i + 1)) {
        if (boxA.left < boxB.right && boxB.left < boxA.right && boxA.top < boxB.bottom && boxB.top < boxA.bottom)
          problems.push(`the labels "${a}" and "${b}" overlap`);
      }
    }
    for (const canvas of grid.querySelectorAll("canvas")) {
      if (canvas.getBoundingClientRect().width < 2 * canvas.width)
        problems.push(`an image ${canvas.width} pixels wide drawn ${canvas.getBoundingClientRect().width} px wide`);
    }
    return problems;
  });

const finished = (page: Page) =>
  page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: PATIENCE});

describe("the reverse sampler lesson", () => {
  it("loads the UNet in the page, animates a denoising run to the end and has the classifier judge it", async () => {
    const {page, problems} = await visit(site.browser(), site.url("reverse-sampler.html"));
    await ready(page);
    assert.match(
      await page.locator(".model-status").first().innerText(),
      /^The diffusion UNet is ready, on WebAssembly \(this browser offers no WebGPU adapter\)\.$/
    );
    await finished(page);
    const verdict = await page.locator(".denoising figcaption", {hasText: "The classifier's verdict"}).innerText();
    assert.match(verdict, /asked for Sneaker/);
    // the tracked pixels moved through all 20 steps
    assert.equal(await page.locator(".denoising figure.plot").count(), 3);

    // another class: a new run, with the new class asked for
    await page.locator("form", {hasText: "Class"}).locator("select").selectOption({label: "Trouser"});
    await page.locator(".denoising figcaption", {hasText: "asked for Trouser"}).waitFor({timeout: PATIENCE});

    // DDPM's 1000 steps, stopped: the last frame stays, without the time it said was left
    await page.getByLabel("DDPM, 1000 steps").check();
    const step = page.locator(".denoising p", {hasText: /^Step \d+ of 1000/});
    await step.filter({hasText: "left"}).waitFor({timeout: PATIENCE});
    await page.getByRole("button", {name: "Stop", exact: true}).click();
    await page.getByText("Sampling stopped.").waitFor({timeout: PATIENCE});
    assert.match(await step.innerText(), /^Step \d+ of 1000 \(t = \d+\)$/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("runs the reader's update rule: the lesson's rule matches the library's DDIM, a broken one does not", async () => {
    const {page, problems} = await visit(site.browser(), site.url("reverse-sampler.html"));
    const caption = page.locator("figure.plot", {hasText: "your rule"}).locator("figcaption");
    await caption.waitFor({timeout: PATIENCE});
    const same = Number((await caption.innerText()).match(/difference: (\d(?:\.\d+)?e[+-]\d+)/)![1]);
    assert.ok(same < 1e-4, `the lesson's rule differs from DDIM by ${same}`);

    const cell = editableCell(page, "update");
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(
      "function update(x: number, eps: number, alphaBar: number, alphaBarPrev: number): number {\n  return (x - Math.sqrt(1 - alphaBar) * eps) / Math.sqrt(alphaBar);\n}"
    );
    await cell.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(
      () => {
        const text =
          [...document.querySelectorAll("figure.plot figcaption")].find((f) =>
            f.textContent!.startsWith("Largest pixel difference")
          )?.textContent ?? "";
        return Number(text.match(/difference: (\d(?:\.\d+)?e[+-]\d+)/)?.[1]) > 0.01;
      },
      null,
      {timeout: PATIENCE}
    );
    await settled(page);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the inpainting lesson", () => {
  const caption = (page: Page) => page.locator("figure.plot figcaption", {hasText: "Largest change to a known pixel"});
  const changes = async (page: Page) => (await caption(page).innerText()).match(/\d\.\de[+-]\d+/g)!.map(Number);

  it("fills in a painted or preset mask, keeps the known pixels exactly, and follows an edited composition", async () => {
    const {page, problems} = await visit(site.browser(), site.url("inpainting.html"));
    await caption(page).waitFor({timeout: PATIENCE});
    assert.deepEqual(await changes(page), [0, 0]);

    // a preset by keyboard, then a stroke with the pointer: each gives a new result
    const before = await caption(page).locator("..").innerHTML();
    await page.getByRole("button", {name: "Bottom half"}).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((b) => document.querySelector("figure.plot:last-of-type")?.innerHTML !== b, before, {
      timeout: PATIENCE
    });
    const canvas = page.locator(".mask-painter canvas");
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 20, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + 60, box.y + 40, {steps: 5});
    await page.mouse.up();
    assert.match((await canvas.getAttribute("aria-label"))!, /pixels marked unknown/);

    const cell = editableCell(page, "compose");
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(
      "function compose(known: number, unknown: number, m: number): number {\n  return unknown;\n}"
    );
    await cell.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(() => /Largest change to a known pixel: [1-9]/.test(document.body.textContent!), null, {
      timeout: PATIENCE
    });
    await settled(page);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("keeps the mask and the class to fill in when the test image changes, and at U = 1 shows one run, as replacement", async () => {
    const {page, problems} = await visit(site.browser(), site.url("inpainting.html"));
    const canvas = page.locator(".mask-painter canvas");
    const picture = () => canvas.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
    await setRange(page, "RePaint resampling", 1);
    await page.getByRole("button", {name: "Centre square"}).click();
    const square = await canvas.getAttribute("aria-label");
    await page.locator("form", {hasText: "Fill in as"}).locator("select").selectOption({label: "Bag"});
    const before = await picture();
    await setRange(page, "Test image", 5);
    await page.waitForFunction(
      (b) => document.querySelector<HTMLCanvasElement>(".mask-painter canvas")!.toDataURL() !== b,
      before
    );
    assert.equal(await canvas.getAttribute("aria-label"), square);
    assert.equal(
      await page.locator("form", {hasText: "Fill in as"}).locator("select option:checked").innerText(),
      "Bag"
    );

    const result = page.locator("figure.plot", {hasText: "Largest change to a known pixel"});
    await result.waitFor({timeout: PATIENCE});
    assert.match(await result.locator("figcaption").innerText(), /RePaint is plain replacement: one run/);
    assert.deepEqual(await result.locator(".image-row span").allInnerTexts(), [
      "original",
      "what the model keeps",
      "replacement (RePaint with each step once)"
    ]);
    // the finished run replays any step
    await setRange(page, "Replay: step", 1);
    const replayed = page.locator("figure.plot", {hasText: "DDIM, step 1 of 25."});
    await replayed.waitFor({timeout: PATIENCE});
    assert.deepEqual(await replayed.locator(".image-row span").allInnerTexts(), [
      "original",
      "what the model keeps",
      "replacement (RePaint with each step once), step 1"
    ]);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("takes back painting: the eraser (chosen by keyboard) unmarks, Undo and Ctrl+Z restore, Clear empties", async () => {
    const {page, problems} = await visit(site.browser(), site.url("inpainting.html"));
    await setRange(page, "RePaint resampling", 1);
    const canvas = page.locator(".mask-painter canvas");
    const unknown = async () => Number((await canvas.getAttribute("aria-label"))!.match(/(\d+) of/)![1]);
    const stroke = async () => {
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + 20, box.y + 20);
      await page.mouse.down();
      await page.mouse.move(box.x + 100, box.y + 60, {steps: 8});
      await page.mouse.up();
    };
    const undo = page.getByRole("button", {name: "Undo"});
    assert.equal(await undo.isDisabled(), true);
    const first = await unknown();
    await page.getByRole("button", {name: "Clear the mask"}).click();
    assert.equal(await unknown(), 0);
    await stroke();
    const painted = await unknown();
    assert.ok(painted > 0);

    await page.getByRole("radio", {name: "brush: unknown"}).focus();
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.getByRole("radio", {name: "eraser: known"}).isChecked(), true);
    await stroke();
    assert.equal(await unknown(), 0);
    await page.keyboard.press("Control+z"); // the canvas took the focus with the stroke
    assert.equal(await unknown(), painted);
    await undo.click();
    assert.equal(await unknown(), 0);
    await undo.click(); // before the clear: the lesson's first mask
    assert.equal(await unknown(), first);
    assert.equal(await undo.isDisabled(), true);
    await settled(page);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the forward process lesson", () => {
  it("redraws the schedule plots and the images from the reader's own schedule, and reports a bad one in the cell", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    const alphaBar = page.locator("figure.plot", {hasText: "how much of the image survives"});
    const strip = page.locator("figure.plot", {hasText: "What is left of the image"});
    await page.getByRole("radio", {name: "yours"}).check();
    await page.locator("figure.plot", {hasText: "The yours schedule"}).waitFor();
    const [plotBefore, stripBefore] = [await alphaBar.innerHTML(), await strip.innerHTML()];
    const cell = editableCell(page, "schedule");
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("function beta(t: number, T: number): number {\n  return 0.05;\n}");
    await cell.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(
      (b) =>
        [...document.querySelectorAll("figure.plot")].some(
          (f) => f.textContent!.includes("how much of the image survives") && f.innerHTML !== b
        ),
      plotBefore
    );
    await settled(page);
    assert.notEqual(await strip.innerHTML(), stripBefore);

    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("function beta(t: number, T: number): number {\n  return t === 10 ? 2 : 0.01;\n}");
    await cell.locator(".cm-content").press("Shift+Enter");
    await cell.locator(".cell-status", {hasText: /the page cannot use beta: β at step 10 is 2/}).waitFor();
    assert.match(await cell.locator(".cell-status").innerText(), /goes on with the last code that ran/);
    // the bad schedule never reached the page: its plots keep the last good one, and a fixed schedule redraws them
    await settled(page);
    assert.deepEqual(await page.locator(".observablehq--error").allTextContents(), []);
    const kept = await alphaBar.innerHTML();
    await cell.locator(".cm-content").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText("function beta(t: number, T: number): number {\n  return 0.02;\n}");
    await cell.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(
      (b) =>
        [...document.querySelectorAll("figure.plot")].find((f) =>
          f.textContent!.includes("how much of the image survives")
        )!.innerHTML !== b,
      kept,
      {timeout: PATIENCE}
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("rows of images and the model card, on a 390 px phone and a 1280 px screen", () => {
  for (const width of [390, 1280]) {
    it(`at ${width} px: the grid of every class and the inpainting row wrap within their column, labels apart`, async () => {
      const viewport = {width, height: 900};
      const {page, problems} = await visit(site.browser(), site.url("reverse-sampler.html"), {viewport});
      await page.getByRole("button", {name: "Sample every class"}).click();
      // the grid: the one row of ten images
      const grid = page.locator(".image-row:has(> div:nth-child(10))");
      await grid.waitFor({timeout: PATIENCE});
      assert.deepEqual(await imageRowProblems(grid), []);

      const inpainting = await visit(site.browser(), site.url("inpainting.html"), {viewport, context: page.context()});
      const row = inpainting.page
        .locator("figure.plot", {hasText: "Largest change to a known pixel"})
        .locator(".image-row");
      await row.waitFor({timeout: PATIENCE});
      assert.deepEqual(await imageRowProblems(row), []);

      const card = await visit(site.browser(), site.url("data/models/classifier/README.html"), {
        viewport,
        context: page.context()
      });
      assert.equal(
        await card.page.evaluate(() => document.documentElement.scrollWidth),
        width,
        "the page scrolls sideways"
      );
      assert.deepEqual([...problems, ...inpainting.problems, ...card.problems], []);
      await page.context().close();
    });
  }
});
