// The page stays responsive while a model runs: the runtime works in a worker, so the page's timers keep firing and
// a Stop button can be pressed during a 200-token generation or a diffusion sampling run. Measured in the page while
// the model runs: the longest gap between ticks of a 50 ms timer, and the longest task Chromium reports. A page whose
// thread runs the model freezes for nearly the whole run; the tests assert the ratio of the longest gap to the run,
// not seconds, which a machine shared with other work stretches.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Page} from "playwright-core";
import {builtSite, PATIENCE, setRange, visit} from "../browser.js";
import {type MainThread, watchMainThread} from "../mainThread.js";

const site = builtSite();

/** The page was frozen for less than half the run: a page whose thread runs the model is frozen for nearly all of it. */
function neverFrozen({ticks, run, longestGap}: MainThread) {
  assert.ok(ticks > 0, "no timer tick fell while the model ran: the page was frozen for the whole run");
  assert.ok(longestGap < run / 2, `the page froze for ${longestGap} ms of a ${run} ms run`);
}

const status = (page: Page, name: string) =>
  page.locator(`.generated-block:has([aria-label="${name} continuation"]) .generated-status`).first();

describe("a page while its model runs", () => {
  it("keeps its timers firing and its Stop button working through a 200-token generation", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await page.locator(".model-status", {hasText: "the GPT is ready"}).waitFor({timeout: PATIENCE});
    await page.locator("form", {hasText: "Stop at end-of-text"}).locator("input[type=checkbox]").uncheck();
    await status(page, "Sampled").filter({hasText: "ended by the token limit"}).waitFor({timeout: PATIENCE});
    const stop = await watchMainThread(page, ".generated-status button", /^Stop$/);
    await setRange(page, "New tokens", 200);
    // a page that runs the model itself shows nothing until all 200 tokens are there, and no Stop button then
    await status(page, "Greedy")
      .filter({hasText: /^Stop [2-9]\d tokens/})
      .waitFor({timeout: PATIENCE});
    await status(page, "Greedy").locator("button").click();
    await status(page, "Sampled")
      .filter({hasText: "200 tokens; ended by the token limit"})
      .waitFor({timeout: PATIENCE});
    neverFrozen(await stop());
    assert.match(await status(page, "Greedy").innerText(), /^\d+ tokens; ended by stopped\.$/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("keeps its timers firing through a sampling run on the reverse sampler lesson", async () => {
    const {page, problems} = await visit(site.browser(), site.url("reverse-sampler.html"));
    await page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: PATIENCE});
    const stop = await watchMainThread(page, ".denoising p", /^Step/);
    await page.locator("form", {hasText: "Class"}).locator("select").selectOption({label: "Trouser"});
    await page.locator(".denoising figcaption", {hasText: "asked for Trouser"}).waitFor({timeout: PATIENCE});
    neverFrozen(await stop());
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("measures the KV cache at the page's default 160 tokens without freezing, stops it, and never reruns it on its own", async () => {
    const {page, problems} = await visit(site.browser(), site.url("kv-cache.html"));
    await page.locator(".model-status", {hasText: "the GPT is ready"}).waitFor({timeout: PATIENCE});
    const panel = page.locator(".task-panel", {has: page.getByRole("button", {name: /^Measure/})});
    assert.match(
      await panel.locator(".task-status").innerText(),
      /^Generates 160 greedy tokens twice.*320 model calls/
    );
    const stop = await watchMainThread(page, ".task-bar button", /^Stop$/);
    await panel.getByRole("button", {name: "Measure"}).click();
    // progress with the time left, then the result
    await panel.locator(".task-status", {hasText: /of 320 tokens, about .* left/}).waitFor({timeout: PATIENCE});
    await panel.locator("p", {hasText: "With the cache:"}).waitFor({timeout: PATIENCE});
    neverFrozen(await stop());
    assert.match(await panel.locator(".task-status").innerText(), /^Done in [\d.]+ s\.$/);
    // pressed again and stopped at once: the Stop ends the run and says where it was
    await panel.getByRole("button", {name: "Measure again"}).click();
    await panel.locator(".task-status", {hasText: /of 320 tokens/}).waitFor({timeout: PATIENCE});
    await panel.getByRole("button", {name: "Stop"}).click();
    await panel.locator(".task-status", {hasText: /^Stopped after \d+ of 320 tokens\.$/}).waitFor({timeout: PATIENCE});
    // another length: a new panel waits for the press, nothing runs
    await setRange(page, "Tokens to generate", 32);
    await panel.locator(".task-status", {hasText: /^Generates 32 greedy tokens twice/}).waitFor({timeout: PATIENCE});
    await page.waitForTimeout(1000);
    assert.equal(await page.locator(".task-panel progress").count(), 0, "a measurement started on its own");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("compares the samplers only when asked, with progress and a Stop, and replays a finished run step by step", async () => {
    const {page, problems} = await visit(site.browser(), site.url("reverse-sampler.html"));
    await page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: PATIENCE});
    // the finished run replays: step 1 shows x at the first timestep
    await setRange(page, "Replay: step", 1);
    await page.locator(".denoising p", {hasText: /^Step 1 of 20 \(t = 9\d\d\)$/}).waitFor({timeout: PATIENCE});
    await setRange(page, "Replay: step", 20);
    await page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: PATIENCE});

    const panel = page.locator(".task-panel", {has: page.getByRole("button", {name: /^Compare samplers/})});
    assert.match(await panel.locator(".task-status").innerText(), /1,080 model calls\.$/);
    const stop = await watchMainThread(page, ".task-bar button", /^Stop$/);
    await panel.getByRole("button", {name: "Compare samplers"}).click();
    await panel
      .locator(".task-status", {hasText: /^\d+ of 1,080 model calls, about .* left$/})
      .waitFor({timeout: PATIENCE});
    await page.waitForTimeout(2000);
    await panel.getByRole("button", {name: "Stop"}).click();
    await panel
      .locator(".task-status", {hasText: /^Stopped after \d+ of 1,080 model calls\.$/})
      .waitFor({timeout: PATIENCE});
    neverFrozen(await stop());

    // the grid, once; a new seed then waits for the press again instead of sampling every class anew
    const grid = page.locator(".task-panel", {has: page.getByRole("button", {name: /^Sample every class/})});
    await grid.getByRole("button", {name: "Sample every class"}).click();
    await grid.locator("figcaption", {hasText: "Guidance 2, seed 1."}).waitFor({timeout: PATIENCE});
    await setRange(page, "Seed", 2);
    await grid.locator(".task-status", {hasText: /at seed 2/}).waitFor({timeout: PATIENCE});
    await panel.locator(".task-status", {hasText: /at seed 2/}).waitFor({timeout: PATIENCE});
    await page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: PATIENCE});
    assert.equal(await page.locator(".task-panel progress").count(), 0, "a comparison or a grid started on its own");
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
