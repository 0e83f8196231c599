// The denoiser lesson's bar, on the built lesson in headless Chromium, as a reader would meet it: at the default
// settings (two moons, 1,000 points, linear schedule, width 64, seed 1) press Train, Pause after 30 s, then sample
// 1,000 points with DDPM over all 1,000 steps. Target: the samples' sliced Wasserstein distance to the training
// points at most twice that of a fresh 1,000-point draw of two moons (two independent draws of the data). Both
// distances are the ones the lesson prints under its samples.
//   npx tsx bench/denoiserTraining.ts [seconds of training]
import type {Page} from "playwright-core";
import {setRange} from "../test/e2e/browser.js";
import {inChromium} from "./chromium.js";

const SECONDS = Number(process.argv[2] ?? 30);
const TIMEOUT = 15 * 60_000;

const statusStep = async (page: Page) =>
  Number((await page.locator(".trainer-status").innerText()).match(/step ([\d,]+)/)![1].replaceAll(",", ""));

const result = await inChromium(async (page) => {
  await page.goto(new URL("denoiser-training.html", page.url()).href);
  const status = page.locator(".trainer-status");
  await status.filter({hasText: /^Ready: step 0/}).waitFor({timeout: TIMEOUT});
  await page.getByRole("button", {name: "Train"}).click();
  await status.filter({hasText: /^Training/}).waitFor({timeout: TIMEOUT});
  const start = performance.now();
  await page.waitForTimeout(SECONDS * 1000);
  await page.getByRole("button", {name: "Pause"}).click();
  const trained = (performance.now() - start) / 1000;
  await status.filter({hasText: /^Paused/}).waitFor({timeout: TIMEOUT});
  const steps = await statusStep(page);
  await page.getByRole("radio", {name: "DDPM"}).check();
  await setRange(page, "Sampling steps", 1000);
  await page.getByRole("button", {name: "Sample"}).click();
  const caption = page.locator("figure.plot figcaption", {hasText: "samples, DDPM over 1000 steps"});
  await caption.waitFor({timeout: TIMEOUT});
  const [, samples, fresh] = (await caption.innerText()).match(
    /to the training points: (\d+\.\d+), where a fresh draw of 1000 two moons points lies at (\d+\.\d+)/
  )!;
  return {trained, steps, samples: Number(samples), fresh: Number(fresh)};
});

const ratio = result.samples / result.fresh;
console.log(
  `The denoiser lesson, two moons, default settings: ${result.steps} steps in ${result.trained.toFixed(1)} s of ` +
    `training (${(result.steps / result.trained).toFixed(0)} steps/s in the page's worker)`
);
console.log(
  `1,000 DDPM-1000 samples: sliced Wasserstein distance to the data ${result.samples.toFixed(3)}, a fresh draw's ` +
    `${result.fresh.toFixed(3)}: ${ratio.toFixed(2)}x (target ≤ 2.00x after ${SECONDS} s: ${ratio <= 2 ? "met" : "missed"})`
);
