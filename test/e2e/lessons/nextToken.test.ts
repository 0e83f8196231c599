// The next-token lessons with the real GPT running in Chromium (WebAssembly): each one generates or scores, its
// plots follow its inputs, and an edited cell changes what the model does.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Page} from "playwright-core";
import {builtSite, PATIENCE, setRange, settled, visit} from "../browser.js";

const site = builtSite();

async function editCell(page: Page, id: string, code: string) {
  const cell = page.locator(`.editable-cell[data-cell="${id}"]`);
  await cell.locator(".cm-content").click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(code);
  await cell.locator(".cm-content").press("Shift+Enter");
  await settled(page);
  return cell;
}

const ready = (page: Page) => page.locator(".model-status", {hasText: "the GPT is ready"}).waitFor({timeout: PATIENCE});
const press = (page: Page, text: string) => page.locator("form button", {hasText: text}).click();
/**
 * Waits until a greedy and a sampled continuation that no earlier call read have both ended, or failed, and says what
 * each said; it marks them read, so the next call waits for the ones a change of setting makes.
 */
async function continuations(page: Page): Promise<string[]> {
  const ended = await page.waitForFunction(
    () => {
      const blocks = ["Greedy", "Sampled"].map((name) =>
        document.querySelector(`.generated-block:not([data-read]):has([aria-label="${name} continuation"])`)
      );
      const texts = blocks.map((b) => b?.querySelector(":scope > div.generated-status")?.textContent?.trim() ?? "");
      if (!texts.every((t) => /ended by|failed/.test(t))) return false;
      for (const b of blocks) b!.setAttribute("data-read", "");
      return texts;
    },
    null,
    {timeout: 180_000}
  );
  return ended.jsonValue() as Promise<string[]>;
}

describe("the tokens lesson", () => {
  it("splits the reader's text into chips, flags tokens the model never saw, and checks the words placed on the map", async () => {
    const {page, problems} = await visit(site.browser(), site.url("tokens.html"));
    await page.locator("form", {hasText: "Text"}).locator("textarea").first().fill("And God said 🤖");
    await page.locator("p", {hasText: /^15 characters, \d+ tokens/}).waitFor({timeout: PATIENCE});
    assert.ok(
      (await page.locator('[aria-label="The text\'s tokens"] .chip.unknown').count()) > 0,
      "the emoji should be flagged"
    );
    const cell = await editCell(
      page,
      "groups",
      'const groups = {names: [" Moses", " Aaron", " Abraham"], made: [" Nebuchadnezzar"]};'
    );
    assert.match(await cell.locator(".cell-status").innerText(), /In made: “ Nebuchadnezzar” is \d tokens \(" Neb" \+ .*\), not one/);
    await editCell(
      page,
      "groups",
      'const groups = {names: [" Moses", " Aaron", " Abraham"], animals: [" sheep", " lamb"]};'
    );
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll("figure.plot")].some(
          (f) =>
            f.textContent!.includes("principal components") && f.querySelector("svg")!.textContent!.includes("lamb")
        ),
      null,
      {timeout: PATIENCE}
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the attention lesson", () => {
  it("shows that with the causal mask a later token moves no earlier prediction, and runs the reader's mask", async () => {
    const {page, problems} = await visit(site.browser(), site.url("attention.html"));
    await ready(page);
    const verdict = page.locator("p", {hasText: "With the mask, the largest change before position"});
    await verdict.waitFor({timeout: PATIENCE});
    const [masked, unmasked] = (await verdict.locator("strong").allInnerTexts()).map(Number);
    assert.ok(masked < 1e-5, `masked: ${masked}`);
    assert.ok(unmasked > 1e-3, `unmasked: ${unmasked}`);
    const perplexities = async () =>
      (await page.locator("p", {hasText: "Perplexity of your prompt"}).locator("strong").allInnerTexts()).map(Number);
    const [causal, windowed] = await perplexities();
    assert.ok(windowed > causal, `a window of 4 should do worse than the causal mask: ${windowed} against ${causal}`);
    await editCell(page, "mask", "function allowed(i: number, j: number): boolean { return j <= i; }");
    await page.waitForFunction(
      () => {
        const values = [
          ...[...document.querySelectorAll("p")]
            .find((p) => p.textContent!.includes("Perplexity of your prompt"))!
            .querySelectorAll("strong")
        ].map((s) => s.textContent);
        return values[0] === values[1];
      },
      null,
      {timeout: PATIENCE}
    );
    await editCell(page, "mask", "function allowed(i: number, j: number): boolean { return true; }");
    await page.getByText("Your mask lets some queries see later tokens").waitFor({timeout: PATIENCE});
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the sampling lesson", () => {
  it("streams greedy and seeded sampled continuations, draws the beam tree, and follows the reader's filter", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    await setRange(page, "New tokens", 20);
    const done = page.locator(".generated-status", {hasText: /20 tokens; ended by/});
    await done.nth(1).waitFor({timeout: PATIENCE});
    const sampled = () => page.locator('[aria-label="Sampled continuation"] .new').innerText();
    const before = await sampled();
    assert.ok(before.length > 0);
    await page.locator("figure.plot", {hasText: "batched model calls"}).waitFor();
    // ban the first word the sampler chose: the continuation must change
    const first = before.match(/^\s*\S+/)![0];
    await editCell(
      page,
      "filter",
      `const banned = [${JSON.stringify(first)}].map((w) => tokenizer.encode(w)[0].id);\nfunction myFilter(logits: Float32Array): Float32Array {\n  const out = logits.slice();\n  for (const id of banned) out[id] = -Infinity;\n  return out;\n}`
    );
    await page.waitForFunction(
      (old) => {
        const text = document.querySelector('[aria-label="Sampled continuation"] .new')?.textContent ?? "";
        return text.length > 0 && !text.startsWith(old.trim().split(" ")[0]);
      },
      before,
      {timeout: PATIENCE}
    );
    // autocomplete: Enter takes the first suggestion
    const box = page.locator(".autocomplete input");
    await page.locator(".autocomplete .suggestions button").first().waitFor();
    const suggestion = (await page.locator(".autocomplete .suggestions button").first().innerText())
      .split("  ")[0]
      .replace(/·/g, " ");
    const typed = await box.inputValue();
    await box.press("Enter");
    assert.equal(await box.inputValue(), typed + suggestion);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("never stops the lesson's own filter, on first load or at 200 tokens on a CPU four times slower", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    for (const status of await continuations(page)) assert.match(status, /^\d+ tokens; ended by/);
    await page.locator("form", {hasText: "Stop at end-of-text"}).locator("input[type=checkbox]").uncheck();
    await continuations(page);
    await page
      .context()
      .newCDPSession(page)
      .then((cdp) => cdp.send("Emulation.setCPUThrottlingRate", {rate: 4}));
    await setRange(page, "New tokens", 200);
    assert.deepEqual(await continuations(page), Array(2).fill("200 tokens; ended by the token limit."));
    assert.match(await page.locator('[data-cell="filter"] .cell-status').innerText(), /^Ran in/);
    assert.equal(await page.getByText("Stopped after").count(), 0);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("stops the reader's endless filter with its line, leaves no Stop button, and clears the error once the filter works again", async () => {
    const {page} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    await continuations(page);
    // endless only once the context is longer than the prompt (7 tokens) and 13 new tokens
    const filter = await editCell(
      page,
      "filter",
      "function myFilter(logits: Float32Array, {tokens}: {tokens: readonly number[]}): Float32Array {\n  while (tokens.length > 20) {}\n  return logits;\n}"
    );
    const [greedy, sampled] = await continuations(page);
    assert.match(greedy, /^\d+ tokens; ended by/);
    assert.match(sampled, /^Generation failed: Stopped after 3 s: .*\(the loop at line 2\)/);
    assert.equal(
      await page.locator(".generated-block button", {hasText: "Stop"}).count(),
      0,
      "a Stop button was left on a finished generation"
    );
    const status = filter.locator(".cell-status");
    assert.match(
      await status.innerText(),
      /Stopped after 3 s.*\(the loop at line 2\).*raised when the page called myFilter/
    );
    await setRange(page, "New tokens", 10);
    for (const text of await continuations(page)) assert.match(text, /^\d+ tokens; ended by/);
    assert.match(await status.innerText(), /^Ran in/);
    await page.context().close();
  });
});

describe("the accelerated-generation lesson", () => {
  it("measures time per token with and without the cache, batches prompts, and compares fp32, fp16 and int8", async () => {
    const {page, problems} = await visit(site.browser(), site.url("kv-cache.html"));
    await ready(page);
    await setRange(page, "Tokens to generate", 32);
    await press(page, "Measure");
    const rates = page.locator("p", {hasText: "With the cache:"});
    await rates.waitFor({timeout: PATIENCE});
    const [cached, recomputed] = (await rates.locator("strong").allInnerTexts()).map((t) => Number.parseFloat(t));
    assert.ok(cached > 0 && recomputed > 0);
    await page.locator("figure.plot", {hasText: "Time per token"}).waitFor();
    await press(page, "Run one by one, then batched");
    await page.locator("p", {hasText: "4 prompts × 32 tokens"}).waitFor({timeout: PATIENCE});
    await press(page, "Load the fp16 and int8 models");
    const rows = page.locator("table", {hasText: "largest logit change"}).locator("tbody tr");
    await rows.nth(2).waitFor({timeout: PATIENCE});
    const change = async (i: number) => Number(await rows.nth(i).locator("td").nth(3).innerText());
    assert.equal(await change(0), 0);
    assert.ok((await change(1)) < 0.02 && (await change(2)) < 0.5, "fp16 and int8 stay close to fp32");
    // the sentence under the table says what this browser measured, variant by variant
    const summary = await page.locator("p", {hasText: "× fp32's speed"}).innerText();
    assert.match(
      summary,
      /fp16 moved the largest logit by [\d.]+, kept .* greedy tokens, and ran at [\d.]+× fp32's speed/
    );
    assert.match(summary, /int8 moved the largest logit by [\d.]+/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the evaluation lesson", () => {
  it("scores the held-out passage live, beats the counting baselines, and runs the reader's bigram rule", async () => {
    const {page, problems} = await visit(site.browser(), site.url("evaluation.html"));
    await ready(page);
    const table = page.locator("table", {hasText: "perplexity on this text"});
    await table.waitFor({timeout: PATIENCE});
    const perplexities = async () =>
      Object.fromEntries(
        await table
          .locator("tbody tr")
          .evaluateAll((rows) => rows.map((r) => [r.children[0].textContent, Number(r.children[1].textContent)]))
      );
    const first = await perplexities();
    assert.ok(
      first["the GPT"] < first["bigram (your rule)"] && first["bigram (add-1)"] < first["unigram (add-1)"],
      JSON.stringify(first)
    );
    await editCell(
      page,
      "bigram",
      "function bigram({pair, previous, vocabSize}) { return (pair + 1) / (previous + vocabSize); }"
    );
    await page.waitForFunction(
      () => {
        const cells = new Map(
          [...document.querySelectorAll("table tbody tr")].map((r) => [
            r.children[0].textContent,
            r.children[1].textContent
          ])
        );
        return cells.get("bigram (your rule)") === cells.get("bigram (add-1)");
      },
      null,
      {timeout: PATIENCE}
    );
    assert.ok((await page.locator('[aria-label="The text coloured by surprisal"] .chip').count()) > 200);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("an exercise", () => {
  it("checks the reader's top-p case by case, passes the solution, and shows the solution only when asked", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    const results = page.locator(".exercise-results");
    await results.getByText("1 of 4 checks pass.").waitFor();
    assert.equal(await page.locator(".exercise-solution pre").isVisible(), false);
    await page.locator(".exercise-solution summary").click();
    const solution = await page.locator(".exercise-solution pre").innerText();
    await editCell(page, "exercise-topP", solution);
    await results.getByText("All 4 checks pass.").waitFor();
    await editCell(
      page,
      "exercise-topP",
      "function nucleus(probabilities: number[], p: number): number[] { return probabilities.map(() => 1); }"
    );
    await results.getByText("0 of 4 checks pass.").waitFor();
    assert.match(await results.innerText(), /should be 1, got 1\b|should be 0, got 1/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
