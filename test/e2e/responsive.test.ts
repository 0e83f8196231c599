// The page stays responsive while a model runs: the runtime works in a worker, so the page's timers keep firing and
// the Stop button can be pressed during a 200-token generation or a diffusion sampling run. Measured in the page: the
// longest gap between ticks of a 50 ms timer and the longest task Chromium reports, while the model runs.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Page} from "playwright-core";
import {builtSite, PATIENCE, visit} from "./browser.js";

const site = builtSite();
/** A gap a reader notices as a frozen page; a model call that blocks the page takes far longer. */
const FROZEN_MS = 200;

interface MainThread {
  longestGap: number;
  longestTask: number;
}

/** Starts measuring the page's main thread; the result covers the time until `stop` is called. */
async function watchMainThread(page: Page): Promise<() => Promise<MainThread>> {
  await page.evaluate(() => {
    const start = performance.now();
    const watch = {longestGap: 0, longestTask: 0, last: start, timer: 0};
    watch.timer = window.setInterval(() => {
      const now = performance.now();
      watch.longestGap = Math.max(watch.longestGap, now - watch.last);
      watch.last = now;
    }, 50);
    new PerformanceObserver((list) => {
      for (const task of list.getEntries()) {
        if (task.startTime >= start) watch.longestTask = Math.max(watch.longestTask, task.duration);
      }
    }).observe({type: "longtask", buffered: true});
    (window as unknown as {mainThread: typeof watch}).mainThread = watch;
  });
  return async () => {
    const measured = await page.evaluate(() => {
      const watch = (window as unknown as {mainThread: {longestGap: number; longestTask: number; timer: number}})
        .mainThread;
      clearInterval(watch.timer);
      return {longestGap: Math.round(watch.longestGap), longestTask: Math.round(watch.longestTask)};
    });
    console.log(`longest timer gap ${measured.longestGap} ms, longest task ${measured.longestTask} ms`);
    return measured;
  };
}

const setRange = (page: Page, label: string, value: number) =>
  page
    .locator("form", {hasText: label})
    .locator("input[type=number]")
    .evaluate((e, v) => {
      (e as HTMLInputElement).value = String(v);
      e.dispatchEvent(new Event("input", {bubbles: true}));
    }, value);
const continuationsEnded = (page: Page, text: RegExp) =>
  page.waitForFunction(
    (source) =>
      [...document.querySelectorAll(".generated-status")].filter((s) => new RegExp(source).test(s.textContent!))
        .length >= 2,
    text.source,
    {timeout: PATIENCE}
  );

describe("a page while its model runs", () => {
  it("keeps its timers firing through a 200-token generation on the sampling lesson", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await page.locator(".model-status", {hasText: "the GPT is ready"}).waitFor({timeout: PATIENCE});
    await page.locator("form", {hasText: "Stop at end-of-text"}).locator("input[type=checkbox]").uncheck();
    await continuationsEnded(page, /tokens; ended by the token limit/);
    const stop = await watchMainThread(page);
    await setRange(page, "New tokens", 200);
    await continuationsEnded(page, /^\s*200 tokens; ended by the token limit/);
    const {longestGap} = await stop();
    assert.ok(longestGap < FROZEN_MS, `the page froze for ${longestGap} ms`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("keeps its timers firing through a sampling run on the reverse sampler lesson", async () => {
    const {page, problems} = await visit(site.browser(), site.url("reverse-sampler.html"));
    await page.locator(".denoising p", {hasText: /^Done: 20 steps/}).waitFor({timeout: PATIENCE});
    const stop = await watchMainThread(page);
    await page.locator("form", {hasText: "Class"}).locator("select").selectOption({label: "Trouser"});
    await page.locator(".denoising figcaption", {hasText: "asked for Trouser"}).waitFor({timeout: PATIENCE});
    const {longestGap} = await stop();
    assert.ok(longestGap < FROZEN_MS, `the page froze for ${longestGap} ms`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
