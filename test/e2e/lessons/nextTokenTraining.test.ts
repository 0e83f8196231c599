// The next-token training lesson in Chromium, as a student: the default Transformer trains in the page's worker on
// Genesis, the loss falls, the held-out perplexity and fresh continuations are shown, Pause stops it, Reset returns to
// step 0, a learning rate of 1 without clipping blows up, a text too short is refused with a message and kept, and
// the page's main thread keeps its timers firing meanwhile.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Page} from "playwright-core";
import {builtSite, PATIENCE, screenshot, setRange, throttleCpu, untilStep, visit} from "../browser.js";
import {watchMainThread} from "../mainThread.js";

const site = builtSite();

const status = (page: Page) => page.locator(".trainer-status");
/** The step, training loss (after a step), held-out loss and perplexity the status line shows. */
async function shown(page: Page): Promise<{step: number; loss?: number; heldOut: number; perplexity: number}> {
  const text = await status(page).innerText();
  const step = text.match(/step ([\d,]*\d)/)![1];
  const loss = text.match(/training loss (\S+),/)?.[1];
  const [, heldOut, perplexity] = text.match(/held-out loss (\S+) \(perplexity (\S+)\)/)!;
  return {
    step: Number(step.replaceAll(",", "")),
    loss: loss === undefined ? undefined : Number(loss),
    heldOut: Number(heldOut),
    perplexity: Number(perplexity)
  };
}
const controls = (page: Page, name: string) => page.locator(".trainer-controls").getByRole("button", {name});
const choose = (page: Page, label: string, option: string) =>
  page.locator("form", {hasText: label}).locator("select").selectOption({label: option});

describe("the next-token training lesson", () => {
  it("trains in its worker without freezing the page: the loss falls, samples change, Pause stops, Reset starts again", async () => {
    const {page, problems} = await visit(site.browser(), site.url("next-token-training.html"));
    await status(page)
      .filter({hasText: /^Ready: step 0, held-out loss \d\.\d{3} \(perplexity \d+\.\d{2}\)/})
      .waitFor({timeout: PATIENCE});
    assert.match(
      await page.locator(".trainer-facts").innerText(),
      /^Transformer: [\d,]+ parameters over a vocabulary of 60 characters/
    );
    const untrained = await shown(page);
    const firstSample = await page.locator(".sample-greedy").innerText();
    assert.match(firstSample, /^And God said/);
    const stop = await watchMainThread(page, ".trainer-status", /^Training/);
    await controls(page, "Train").click();
    await status(page)
      .filter({hasText: /^Training: step [\d,]+, training loss/})
      .waitFor({timeout: PATIENCE});
    await untilStep(page, 60);
    // continuations come every four seconds of training
    await page.locator(".samples-step", {hasText: /^After [1-9][\d,]* steps/}).waitFor({timeout: PATIENCE});
    assert.notEqual(await page.locator(".sample-greedy").innerText(), firstSample);
    await controls(page, "Pause").click();
    await status(page)
      .filter({hasText: /^Paused/})
      .waitFor({timeout: PATIENCE});
    const main = await stop();
    assert.ok(main.ticks > 0, "no timer tick fell while the model trained: the page was frozen for the whole run");
    assert.ok(main.longestGap < main.run / 2, `the page froze for ${main.longestGap} ms of a ${main.run} ms run`);
    const paused = await shown(page);
    assert.ok(
      paused.heldOut < untrained.heldOut - 0.5,
      `the held-out loss went from ${untrained.heldOut} to ${paused.heldOut}`
    );
    assert.ok(Math.abs(paused.perplexity - Math.exp(paused.heldOut)) < 0.01 * paused.perplexity);
    await page.waitForTimeout(1000);
    assert.equal((await shown(page)).step, paused.step, "training went on after Pause");
    for (const caption of ["The training loss", "The gradient's norm"])
      assert.ok(await page.locator("figure.plot", {hasText: caption}).locator("path[d]:not(.domain)").count());
    assert.match(await page.locator(".trainer-status").innerText(), /[\d,]+ tokens\/s\.$/);

    await controls(page, "Reset").click();
    await status(page)
      .filter({hasText: /^Ready: step 0,/})
      .waitFor({timeout: PATIENCE});
    assert.equal((await shown(page)).heldOut, untrained.heldOut, "the same seed gave another untrained model");

    // the reader's clipping rule runs in the worker; one that fails there is said under it, with its line
    const typeRule = async (cell: string, text: string) => {
      const editor = page.locator(`[data-editable=${cell}] .cm-content`);
      await editor.click();
      await page.keyboard.press("Control+A");
      await page.keyboard.insertText(text);
      await editor.press("Shift+Enter");
    };
    await typeRule(
      "clip-rule",
      'function clipScale(norm: number, maxNorm: number): number {\n  throw new Error("not today");\n}'
    );
    await page
      .locator(".rule-error", {hasText: "The trainer could not use your rule. Your code failed at line 2: not today."})
      .waitFor({timeout: PATIENCE});
    await typeRule("clip-rule", "function clipScale(norm: number, maxNorm: number): number {\n  return 0.5;\n}");
    await page.locator(".rule-status", {hasText: "The trainer runs this rule"}).waitFor({timeout: PATIENCE});

    // the reader's loss of p: one that gives NaN is refused under it on the trainer's trials; 1 − p trains, and
    // the training loss shown is its mean (between 0 and 1), the held-out loss still cross-entropy
    await typeRule("loss-rule", "function tokenLoss(p: number): number {\n  return Math.log(p - 2);\n}");
    await page
      .locator(".rule-error", {
        hasText: "The trainer could not use your loss. tokenLoss(0.0001) should be a finite number, not NaN."
      })
      .waitFor({timeout: PATIENCE});
    await typeRule("loss-rule", "function tokenLoss(p: number): number {\n  return 1 - p;\n}");
    await page.locator(".rule-status", {hasText: "The trainer runs this loss"}).waitFor({timeout: PATIENCE});
    await controls(page, "Train").click();
    await status(page)
      .filter({hasText: /^Training: step [1-9]/})
      .waitFor({timeout: PATIENCE});
    await controls(page, "Pause").click();
    await status(page)
      .filter({hasText: /^Paused/})
      .waitFor({timeout: PATIENCE});
    const withLoss = await shown(page);
    assert.ok(withLoss.loss! > 0 && withLoss.loss! < 1 && withLoss.heldOut > 3, JSON.stringify(withLoss));
    await typeRule("loss-rule", "function tokenLoss(p: number): number {\n  return -Math.log(p);\n}");
    await page.locator(".rule-status", {hasText: "The trainer runs this loss"}).waitFor({timeout: PATIENCE});

    // a learning rate of 1 without clipping: the loss climbs above the untrained model's
    await choose(page, "Learning rate", "1");
    await choose(page, "Clip the gradient", "no clipping");
    await status(page)
      .filter({hasText: /^Ready: step 0,/})
      .waitFor({timeout: PATIENCE});
    await controls(page, "Train").click();
    await page.locator(".trainer-blowup, .trainer-diverged").first().waitFor({timeout: PATIENCE});
    await controls(page, "Pause").click();
    await status(page)
      .filter({hasText: /^(Paused|Diverged)/})
      .waitFor({timeout: PATIENCE});

    // a text of its own too short to train on: a message where the text is, the text kept, the run kept
    const before = await shown(page);
    await page.getByRole("radio", {name: "my own text"}).check();
    const box = page.getByRole("textbox", {name: "Your text"});
    await box.fill("In the beginning");
    await page.getByRole("button", {name: "Use this text"}).click();
    await page.locator(".corpus-error", {hasText: /The text is 16 tokens long/}).waitFor({timeout: PATIENCE});
    assert.equal(await box.inputValue(), "In the beginning");
    assert.equal((await shown(page)).step, before.step, "the run before the text was lost");
    await screenshot(page, "next-token-training");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("at its largest settings on a CPU 4x slower, Pause stops within a part of a step, and Train goes on from there", async () => {
    const {page, problems} = await visit(site.browser(), site.url("next-token-training.html"));
    await page.getByRole("radio", {name: "BPE"}).check();
    for (const [label, value] of [
      ["Context (tokens)", 64],
      ["Width", 128],
      ["Transformer blocks", 4],
      ["Batch (windows)", 64]
    ] as const)
      await setRange(page, label, value);
    await page.locator(".trainer-facts", {hasText: /BPE tokens; .* 4,096 in each step/}).waitFor();
    await status(page)
      .filter({hasText: /^Ready: step 0,/})
      .waitFor({timeout: PATIENCE});
    await throttleCpu(page, 4);
    await controls(page, "Train").click();
    await untilStep(page, 1);
    // after every 4 s of training the trainer continues the prompt, then trains on
    await page.locator(".samples-step", {hasText: /^After [1-9]/}).waitFor({timeout: PATIENCE});
    /** Presses Pause; the time until a new status says Paused. */
    const pause = async () => {
      await status(page).evaluate((e) => e.setAttribute("data-seen", ""));
      const pressed = Date.now();
      await controls(page, "Pause").click();
      await page.locator(".trainer-status:not([data-seen])", {hasText: /^Paused/}).waitFor({timeout: PATIENCE});
      return Date.now() - pressed;
    };
    await pause();
    // a step's time from the page's own training speed, which leaves out the continuations
    const tokensPerSecond = Number(
      (await status(page).innerText()).match(/([\d,]+) tokens\/s/)![1].replaceAll(",", "")
    );
    const stepMs = (4096 / tokensPerSecond) * 1000;
    // a new prompt's continuations now, so that none are due in the next step (they come after 4 s of training)
    await page.getByRole("textbox", {name: "Prompt"}).fill("In the beginning");
    await page.getByRole("button", {name: "Continue"}).click();
    await page.locator(".sample-greedy mark", {hasText: "In the beginning"}).waitFor({timeout: PATIENCE});
    // a quarter into the next step: a trainer that finished its step before pausing would take three quarters more
    await controls(page, "Train").click();
    await page.waitForTimeout(stepMs / 4);
    const pauseMs = await pause();
    assert.ok(pauseMs < stepMs / 2, `Pause took ${pauseMs} ms; a step ${Math.round(stepMs)} ms`);
    const {step} = await shown(page);
    await controls(page, "Train").click();
    await untilStep(page, step + 1);
    await controls(page, "Pause").click();
    await status(page)
      .filter({hasText: /^Paused/})
      .waitFor({timeout: PATIENCE});
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("compares the five models on one time budget, and Stop ends the comparison", async () => {
    const {page, problems} = await visit(site.browser(), site.url("next-token-training.html"));
    await status(page)
      .filter({hasText: /^Ready: step 0,/})
      .waitFor({timeout: PATIENCE});
    await page.locator("form", {hasText: "Seconds per model"}).locator("input[type=number]").fill("5");
    await page.locator("form", {hasText: "Seconds per model"}).locator("input[type=number]").press("Enter");
    await page.getByRole("button", {name: "Compare all five, 5 s each"}).click();
    await page.locator(".comparison-status", {hasText: /^Done: 5 models, 5 s each\.$/}).waitFor({timeout: PATIENCE});
    const rows = page.locator(".comparison-table tbody tr, form table tbody tr");
    assert.equal(await rows.count(), 5);
    assert.match(
      await page.locator(".comparison-best").innerText(),
      /^Lowest held-out perplexity so far: .+, \d+\.\d{2}, after [\d,]+ steps\.$/
    );
    await page.getByRole("button", {name: "Compare all five, 5 s each"}).click();
    await page.locator(".comparison-status", {hasText: /^Training bigram/}).waitFor({timeout: PATIENCE});
    await page.getByRole("button", {name: "Stop comparing"}).click();
    await page.locator(".comparison-status", {hasText: /^Stopped after 0 of 5 models\.$/}).waitFor({timeout: PATIENCE});
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
