// The next-token lessons with the real GPT running in Chromium (WebAssembly): each one generates or scores, its
// plots follow its inputs, and an edited cell changes what the model does.
import assert from "node:assert/strict";
import {describe, it} from "node:test";
import type {Page} from "playwright-core";
import {builtSite, editableCell, editCell, PATIENCE, setRange, throttleCpu, visit} from "../browser.js";

const site = builtSite();

const ready = (page: Page) => page.locator(".model-status", {hasText: "the GPT is ready"}).waitFor({timeout: PATIENCE});
const press = (page: Page, text: string) => page.getByRole("button", {name: text}).click();
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
    // cosine similarities read as numbers, not percentages
    const neighbours = page.locator("figure.plot", {hasText: "cosine similarity"});
    await neighbours.waitFor({timeout: PATIENCE});
    const similarities = await neighbours.locator("svg text").allTextContents();
    assert.ok(
      similarities.some((t) => /^0\.\d\d$/.test(t)),
      similarities.join(" ")
    );
    assert.ok(
      similarities.every((t) => !t.endsWith("%")),
      similarities.join(" ")
    );
    const cell = await editCell(
      page,
      "groups",
      'const groups = {names: [" Moses", " Aaron", " Abraham"], made: [" Nebuchadnezzar"]};'
    );
    assert.match(
      await cell.locator(".cell-status").innerText(),
      /In made: “ Nebuchadnezzar” is \d tokens \(" Neb" \+ .*\), not one/
    );
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

  it("crops a prompt longer than the model's context, says how much it cut, and every output still works", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    await continuations(page);
    await setRange(page, "New tokens", 10);
    await continuations(page);
    const long = "And the LORD said unto Moses, Go in unto Pharaoh. ".repeat(30); // about 370 tokens
    await page.locator("form", {hasText: "Prompt"}).locator("input").fill(long);
    await page
      .getByText(/^Your prompt is \d+ tokens, and the model reads at most 256 at once: the first \d+ are cut/)
      .waitFor();
    for (const status of await continuations(page)) assert.match(status, /^10 tokens; ended by/);
    await page.locator("figure.plot", {hasText: "probabilities:"}).waitFor();
    await page.locator("figure.plot", {hasText: "batched model calls"}).waitFor();
    await page.locator(".autocomplete input").fill(long);
    await page.locator(".autocomplete .suggestions button").first().waitFor();
    const shown = await page.locator("#observablehq-main").innerText();
    assert.doesNotMatch(shown, /OrtRun|RuntimeError|ERROR_CODE/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("penalises repeats before top-k, follows banned and penalised tokens through every stage, and names a ban of several tokens", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    const charts = page.locator(".side-by-side figure.plot");
    await charts.last().waitFor({timeout: PATIENCE});
    // every stage shows the words the lesson's own filter bans, and the prompt's tokens the penalty lowered
    const labels = await charts.evaluateAll((figures) =>
      figures.map((f) => f.querySelector("svg")!.getAttribute("aria-label")!)
    );
    assert.equal(labels.length, 7); // logits, your filter, penalty, temperature, top-k, top-p, probabilities
    for (const summary of labels) {
      assert.match(summary, /·LORD \(banned\)/, summary);
      assert.match(summary, /\(penalised\)/, summary);
    }
    // with top-k 1, the one token left must not be one the strongest penalty pushed down
    await page
      .locator("form", {hasText: "Prompt"})
      .locator("input")
      .fill("And Moses said unto Moses, Moses, Moses, Moses");
    await setRange(page, "top-k", 1);
    await setRange(page, "Repetition penalty θ", 2);
    const final = page.locator("figure.plot", {hasText: "probabilities: 1 token left"});
    await final.waitFor({timeout: PATIENCE});
    const chosen = (await final.locator("svg").getAttribute("aria-label"))!.match(/([^,]+): 100\.0%/)![1].trim();
    assert.doesNotMatch(chosen, /penalised/, `top-k 1 kept a penalised token: ${chosen}`);
    // a banned word of several tokens is refused by name, not silently cut to its first piece
    const filter = editableCell(page, "filter");
    const code = await filter.locator(".cm-content").innerText();
    await editCell(page, "filter", code.replace('[" LORD", " God"]', '[" Nebuchadnezzar"]'));
    assert.match(
      await filter.locator(".cell-status").innerText(),
      /“ Nebuchadnezzar” is \d tokens \(" Neb" \+ .*\), not one/
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("draws every step of a long beam search in view, its last column whole", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    await setRange(page, "Beams B", 5);
    await setRange(page, "Steps", 8);
    const tree = page.locator("figure.plot", {hasText: "8 batched model calls"});
    await tree.waitFor({timeout: PATIENCE});
    const layout = await tree.evaluate((figure) => {
      const svg = figure.querySelector("svg")!;
      const box = svg.getBoundingClientRect();
      const texts = [...svg.querySelectorAll("g text")].map((t) => t.getBoundingClientRect());
      return {
        figure: figure.clientWidth,
        svg: box.width,
        columns: new Set(texts.map((t) => Math.round(t.left - box.left))).size,
        overhang: Math.max(...texts.map((t) => t.right - box.right))
      };
    });
    assert.ok(layout.columns >= 8, JSON.stringify(layout));
    assert.ok(layout.overhang <= 0, `labels run past the drawing: ${JSON.stringify(layout)}`);
    assert.ok(layout.figure >= layout.svg, `the tree needs scrolling at 1200 px: ${JSON.stringify(layout)}`);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("never stops the lesson's own filter, on first load or at 200 tokens on a CPU four times slower", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await ready(page);
    for (const status of await continuations(page)) assert.match(status, /^\d+ tokens; ended by/);
    await page.locator("form", {hasText: "Stop at end-of-text"}).locator("input[type=checkbox]").uncheck();
    await continuations(page);
    await throttleCpu(page, 4);
    await setRange(page, "New tokens", 200);
    assert.deepEqual(await continuations(page), Array(2).fill("200 tokens; ended by the token limit."));
    // the filter's cell says nothing: no run of the lesson's code failed
    assert.equal(await editableCell(page, "filter").locator(".cell-status").innerText(), "");
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
      /Stopped after 3 s.*\(the loop at line 2\).*It failed when the page called myFilter/
    );
    await setRange(page, "New tokens", 10);
    for (const text of await continuations(page)) assert.match(text, /^\d+ tokens; ended by/);
    assert.match(await status.innerText(), /^Ran\b/);
    await page.context().close();
  });
});

describe("the accelerated-generation lesson", () => {
  it("measures time per token with and without the cache, batches prompts, and compares the lessons' fp16 model with fp32 and int8", async () => {
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
    await press(page, "Load the fp32 and int8 models");
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
    const sizes = await page.locator("figure.plot", {hasText: "Download size"}).locator("svg text").allTextContents();
    assert.ok(sizes.filter((t) => /^\d+\.\d\d MB$/.test(t)).length === 3, sizes.join(" "));
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

describe("the evaluation lesson, on the reader's own text", () => {
  it("lets the reader type a text, crops one longer than the context with a note, and shows ∞ for a rule that gives p = 0", async () => {
    const {page, problems} = await visit(site.browser(), site.url("evaluation.html"));
    await ready(page);
    await page.locator("label", {hasText: "my own text"}).click();
    const own = page.locator("form", {hasText: "Your text"}).locator("textarea");
    await assert.doesNotReject(
      own.fill("Moses lamb Egypt camel sheep.", {timeout: 10_000}),
      "the textarea stays disabled"
    );
    // the reader's few tokens replace the held-out passage's 256
    await page.waitForFunction(
      () => {
        const chips = document.querySelectorAll('[aria-label="The text coloured by surprisal"] .chip').length;
        return chips > 0 && chips < 10;
      },
      null,
      {timeout: PATIENCE}
    );
    await editCell(page, "bigram", "function bigram({pair, previous}) { return pair > 0 ? pair / previous : 0; }");
    const row = page.locator("table tbody tr", {hasText: "bigram (your rule)"});
    await row.locator("td", {hasText: "∞"}).first().waitFor({timeout: PATIENCE});
    assert.deepEqual((await row.locator("td").allInnerTexts()).slice(1), ["∞", "∞", "∞"]);
    await page
      .getByText(/Your rule gave .* probability 0, first “[^”]*” after “[^”]*”:\s+its surprisal is −ln 0 = ∞/)
      .waitFor();
    await own.fill("And it came to pass, that the LORD spake unto Moses. ".repeat(25));
    await page
      .getByText(/^Your text is \d+ tokens, and the model reads at most 256 at once: the first \d+ are cut/)
      .waitFor();
    await page.getByText(/^\s*255 tokens scored/).waitFor({timeout: PATIENCE});
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
