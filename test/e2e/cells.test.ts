// Editable cells as a reader uses them: type, run, reload, reset, share, break things, export and import.
import assert from "node:assert/strict";
import {mkdtempSync, readFileSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, it} from "node:test";
import type {Locator, Page} from "playwright-core";
import {shareFragment} from "../../src/cells/index.js";
import {builtSite, editableCell, PATIENCE, readerContext, settled, throttleCpu, visit} from "./browser.js";

const LESSON = "positional-encoding.html";
const site = builtSite();

const cell = editableCell;
const code = (c: Locator) => c.locator(".cm-content").innerText();
const status = (c: Locator) => c.locator(".cell-status");
/** An exported page's edit of a cell, kept under the cell's id and the hash of the lesson's code of it. */
const editOf = (edits: Record<string, string>, id: string) =>
  Object.entries(edits).find(([key]) => new RegExp(`^${id}@[0-9a-f]{8}$`).test(key))?.[1] ?? "";
/** The encoding heatmap: the first plot after the encoding cell that shows all positions. */
const encodingPlot = (page: Page) => page.locator("figure.plot", {hasText: "each row is one position's vector"});

async function typeInto(c: Locator, text: string) {
  await c.locator(".cm-content").click();
  await c.page().keyboard.press("Control+A");
  await c.page().keyboard.insertText(text);
}

async function replaceInCell(c: Locator, from: string, to: string) {
  const current = await code(c);
  assert.ok(current.includes(from), `the cell has no ${JSON.stringify(from)}`);
  await typeInto(c, current.replace(from, to));
  assert.ok((await code(c)).includes(to), `the cell did not take ${JSON.stringify(to)}`);
}

/**
 * Waits until the encoding heatmap is drawn otherwise than `before`: a cell's run ends when its own code has run, and
 * the cells that use it rerun after.
 */
const redrawn = (page: Page, before: string) =>
  page.waitForFunction(
    (b) =>
      [...document.querySelectorAll("figure.plot")].some(
        (f) => f.textContent!.includes("each row is one position's vector") && f.innerHTML !== b
      ),
    before,
    {timeout: PATIENCE}
  );

async function run(c: Locator) {
  await c.locator(".cm-content").press("Shift+Enter");
  await c
    .page()
    .waitForFunction(
      (el) => !/Running/.test(el!.querySelector(".cell-status")!.textContent ?? ""),
      await c.elementHandle(),
      {timeout: PATIENCE}
    );
  await settled(c.page());
}

describe("editable cells", () => {
  it("re-runs the plots that depend on a cell when its edit runs, and keeps the edit across a reload", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    const before = await encodingPlot(page).innerHTML();
    await replaceInCell(
      encode,
      "pe.push(Math.sin(angle), Math.cos(angle));",
      "pe.push(Math.cos(angle), Math.sin(angle));"
    );
    await run(encode);
    await redrawn(page, before);
    // Swapped, each pair turns the other way: the lesson's R_k no longer fits, and the page must not call that rounding.
    await page.getByText("which is not rounding error").waitFor();
    assert.equal(await encode.locator(".cell-modified").isVisible(), true);

    await page.waitForTimeout(400); // edits are saved a moment after typing, and at once when run
    await page.reload();
    await settled(page);
    assert.match(await code(cell(page, "encode")), /pe\.push\(Math\.cos\(angle\), Math\.sin\(angle\)\)/);
    assert.equal(await cell(page, "encode").locator(".cell-modified").isVisible(), true);
    const edited = await encodingPlot(page).innerHTML();
    assert.notEqual(edited, before, "after the reload the plot shows the lesson's code again");

    await cell(page, "encode").getByRole("button", {name: "Reset"}).click();
    await settled(page);
    await page.waitForFunction(
      () => !/Running/.test(document.querySelector('[data-editable="encode"] .cell-status')!.textContent!)
    );
    await settled(page);
    assert.match(await code(cell(page, "encode")), /pe\.push\(Math\.sin\(angle\), Math\.cos\(angle\)\)/);
    assert.equal(await cell(page, "encode").locator(".cell-modified").isVisible(), false);
    assert.equal(await encodingPlot(page).innerHTML(), before);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("underlines a syntax error at its line, keeps the page on the last code that ran, and recovers once fixed", async () => {
    const {page} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    await replaceInCell(encode, "const pe: number[] = [];", "const pe: number[] = [;");
    await run(encode);
    assert.match(await status(encode).innerText(), /^Your code does not parse at line 3, column \d+: /);
    assert.equal(await encode.locator(".cm-lintRange-error").count(), 1);
    const lineOfMark = await encode.locator(".cm-lintRange-error").evaluate((mark) => {
      const line = mark.closest(".cm-line")!;
      return [...line.parentElement!.children].indexOf(line) + 1;
    });
    assert.equal(lineOfMark, 3);
    assert.match(await status(encode).innerText(), /goes on with this cell's last code that ran/);
    await settled(page);
    assert.deepEqual(
      await page.locator(".observablehq--error").allTextContents(),
      [],
      "the broken code reached the page"
    );
    const before = await encodingPlot(page).innerHTML();
    await replaceInCell(encode, "const pe: number[] = [;", "const pe: number[] = [];");
    await replaceInCell(encode, "Math.sin(angle), Math.cos(angle)", "Math.cos(angle), Math.sin(angle)");
    await run(encode);
    await page.waitForFunction(
      (b) =>
        [...document.querySelectorAll("figure.plot")].some(
          (f) => f.textContent!.includes("each row is one position") && f.innerHTML !== b
        ),
      before,
      {timeout: PATIENCE}
    );
    assert.match(await status(encode).innerText(), /^Ran\b/);
    await page.context().close();
  });

  it("shows a thrown error with its line under the cell, in words with no error class before them", async () => {
    const {page} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    await replaceInCell(encode, "return pe;", 'if (pos > 3) throw new Error("too far");\n  return pe;');
    await run(encode);
    assert.match(
      await status(encode).innerText(),
      /^Your code failed at line 8: too far\. It failed when the page called encode\./
    );
    assert.doesNotMatch(await status(encode).innerText(), /\b\w*Error\b/);
    // Framework's own errors downstream of the cell ("RuntimeError: ...") carry the cell's sentence, not a CellError
    for (const text of await page.locator(".observablehq--error").allTextContents())
      assert.doesNotMatch(text, /CellError|: \w*Error:/);

    const exercise = cell(page, "exercise-rotation");
    await typeInto(
      exercise,
      'function shift(pe: number[], k: number, omega: number[]): number[] {\n  throw new Error("not yet");\n}'
    );
    await run(exercise);
    // the checks run again once the page has the new function
    const failed = page.locator(".exercise-results li[data-passed=false]", {hasText: "not yet"}).first();
    await failed.waitFor({timeout: PATIENCE});
    assert.match(await failed.innerText(), /^✗ failed: .*\. Your code failed at line 2: not yet\.$/);

    await typeInto(
      encode,
      'function encode(pos: number, d: number): number[] {\n  return new Array(d).fill(0);\n}\nPromise.reject(new Error("nobody waited"));'
    );
    await run(encode);
    await page.locator('[data-editable="encode"] .cell-status', {hasText: "nobody waited"}).waitFor();
    assert.match(
      await status(encode).innerText(),
      /^Your code failed at line 4: nobody waited\. Nothing waited for this promise\./
    );
    await page.context().close();
  });

  it("stops an endless loop at its line and the page answers again", async () => {
    const {page} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    await typeInto(
      encode,
      "let n = 0;\nwhile (true) {\n  n++;\n}\nfunction encode(pos: number, d: number): number[] {\n  return [];\n}"
    );
    await run(encode);
    assert.match(await status(encode).innerText(), /Stopped after 3 s.*loop at line 2/);
    assert.equal(await page.evaluate(() => 6 * 7), 42);
    // the rest of the page still works: an input still redraws its plot
    const slider = page.locator("form", {hasText: "Random query and key"}).locator("input[type=range]");
    const plot = page.locator("figure.plot", {hasText: "<R_m q, R_n k>"});
    const before = await plot.innerHTML();
    await slider.evaluate(
      (e: HTMLInputElement) => ((e.value = "7"), e.dispatchEvent(new Event("input", {bubbles: true})))
    );
    await page.waitForFunction((b) => document.querySelector("figure.plot:last-of-type")?.innerHTML !== b, before);
    await page.context().close();
  });

  it("shows a shared link's code and runs nothing until the reader accepts it", async () => {
    const fragment = await shareFragment({
      page: "positional-encoding",
      cell: "similarity",
      code: "(globalThis as any).sharedCodeRan = true;\nfunction similarity(a: number[], b: number[]): number {\n  return -a[0] * b[0];\n}"
    });
    const {page, problems} = await visit(site.browser(), site.url(LESSON + fragment));
    const similarity = cell(page, "similarity");
    await similarity.locator(".cell-consent").waitFor();
    // the consent box is far down the page: a notice at the top says it is there and takes the reader to it
    const notice = page.locator(".edits-shared");
    assert.ok((await notice.boundingBox())!.y < 900, "the notice is in the first screenful");
    assert.ok((await similarity.locator(".cell-consent").boundingBox())!.y > 900, "the consent box is further down");
    assert.match(await notice.innerText(), /code for “.+”\. It has not run/);
    await notice.getByRole("button", {name: "Show the waiting code"}).focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("cell-consent")), true);
    const box = (await similarity.locator(".cell-consent").boundingBox())!;
    assert.ok(box.y >= 0 && box.y < 900, "the consent box is scrolled into view");
    assert.match(await similarity.locator(".cell-consent").innerText(), /sharedCodeRan = true/);
    assert.equal(await page.evaluate(() => (globalThis as any).sharedCodeRan), undefined);
    assert.doesNotMatch(await code(similarity), /sharedCodeRan/);
    await similarity.getByRole("button", {name: "Run this code"}).click();
    await page.waitForFunction(() => (globalThis as any).sharedCodeRan === true);
    assert.equal(await notice.isVisible(), false, "the notice goes once the reader has answered");
    assert.match(await code(similarity), /return -a\[0\] \* b\[0\]/);
    assert.equal(new URL(page.url()).hash, "");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("asks before running code that accepted shared code wrote into another lesson's saved edit", async () => {
    const planted =
      "(globalThis as any).plantedRan = true;\nfunction allowed(i: number, j: number): boolean {\n  return j <= i;\n}";
    const fragment = await shareFragment({
      page: "positional-encoding",
      cell: "similarity",
      code: `const site = location.pathname.replace(/[^/]*$/, "");\nlocalStorage.setItem(\`stepwise:edit:\${site}attention#mask\`, ${JSON.stringify(planted)});\nfunction similarity(a: number[], b: number[]): number {\n  return a[0] * b[0];\n}`
    });
    const {page, problems} = await visit(site.browser(), site.url(LESSON + fragment));
    const similarity = cell(page, "similarity");
    await similarity.getByRole("button", {name: "Run this code"}).click();
    await status(similarity)
      .filter({hasText: /^Ran\b/})
      .waitFor();
    await page.goto(site.url("attention.html")); // at once: the write is put aside as the page is left, if not before
    await settled(page);
    const mask = cell(page, "mask");
    const consent = mask.locator(".cell-consent");
    await consent.waitFor();
    assert.match(
      await consent.innerText(),
      /Code was written into this cell's saved edit by code that ran on the lesson “positional-encoding”, not typed in this editor\. It has not run/
    );
    assert.match(await consent.innerText(), /plantedRan = true/);
    assert.equal(await page.evaluate(() => (globalThis as any).plantedRan), undefined, "the planted code did not run");
    assert.doesNotMatch(await code(mask), /plantedRan/, "the editor holds the lesson's code");
    assert.match(
      await page.locator(".edits-shared").innerText(),
      /Code was written unseen into your saved edit of “Your attention mask”\. It has not run/
    );
    await mask.getByRole("button", {name: "Run this code"}).click();
    await page.waitForFunction(() => (globalThis as any).plantedRan === true);
    await page.reload();
    await settled(page);
    assert.equal(
      await mask.locator(".cell-consent").isVisible(),
      false,
      "asked once: what the reader ran is their edit"
    );
    assert.equal(await page.evaluate(() => (globalThis as any).plantedRan), true);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("says once, at the top, why a link cannot be used, and offers a link followed within the page", async () => {
    const warning = (page: Page) => page.locator(".edits-link");
    const forCell = (cell: string, pageName = "positional-encoding", code = "function similarity() { return 1; }") =>
      shareFragment({page: pageName, cell, code});
    const huge = new Uint8Array(
      await new Response(
        new Blob([JSON.stringify({page: "positional-encoding", cell: "similarity", code: "x".repeat(4 << 20)})])
          .stream()
          .pipeThrough(new CompressionStream("deflate-raw"))
      ).arrayBuffer()
    );
    const cases: [string, RegExp][] = [
      ["#share=%%%not-base64", /damaged/],
      [`#share=${Buffer.from(huge).toString("base64url")}`, /expands to more than 256 KB/],
      [await forCell("similarity", "attention"), /another lesson \(“attention”\), not this one: open it there/],
      [await forCell("no-such-cell"), /a cell \(“no-such-cell”\) that this page does not have/]
    ];
    for (const [fragment, says] of cases) {
      const {page, problems} = await visit(site.browser(), site.url(LESSON + fragment));
      await warning(page).filter({hasText: says}).waitFor();
      assert.equal(await page.locator(".edits-link").count(), 1, "said once, at the top");
      assert.ok((await warning(page).boundingBox())!.y < 900, "in the first screenful");
      // the page runs as usual: the lesson's code, and nothing to say under the cell
      await encodingPlot(page).waitFor();
      assert.equal(await status(cell(page, "similarity")).innerText(), "", "the page runs as usual");
      assert.deepEqual(problems, []);
      await page.context().close();
    }

    // a link followed within the page changes only the fragment: its code is offered all the same
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    await replaceInCell(cell(page, "similarity"), "return sum;", "return sum / 2; // mine");
    await run(cell(page, "similarity"));
    const fragment = await forCell("similarity");
    await page.evaluate((hash) => (location.hash = hash), fragment);
    const consent = cell(page, "similarity").locator(".cell-consent");
    await consent.waitFor();
    assert.match(await consent.innerText(), /cannot reach other sites/);
    await consent.getByRole("button", {name: "Run this code"}).click();
    // accepting replaced the reader's own edit: one press brings it back
    const back = status(cell(page, "similarity")).getByRole("button", {name: "Bring back my edit"});
    await back.click();
    await page.waitForFunction(() =>
      /\/\/ mine/.test(document.querySelector("[data-editable=similarity] .cm-content")!.textContent!)
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("restores every edit from an exported file after the page is reset", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    await replaceInCell(cell(page, "encode"), "Math.pow(base, (2 * i) / d)", "Math.pow(base, i / d)");
    await run(cell(page, "encode"));
    await replaceInCell(cell(page, "similarity"), "return sum;", "return sum / a.length;");
    await run(cell(page, "similarity"));
    // the page's first slider at its maximum: the export carries it, the import sets it back
    const slider = page
      .locator("#observablehq-main form:not(.notebook-cell form)")
      .filter({has: page.locator("input[type=range]")})
      .first()
      .locator("input[type=number]");
    const max = await slider.evaluate((e: HTMLInputElement) => e.max);
    await slider.fill(max);
    await slider.dispatchEvent("input");

    const download = page.waitForEvent("download");
    await page.getByRole("button", {name: "Export"}).click();
    const file = join(mkdtempSync(join(tmpdir(), "stepwise-")), "edits.json");
    await (await download).saveAs(file);
    const exported = JSON.parse(readFileSync(file, "utf8"));
    // each edit under its cell's id and the hash of the lesson's code of it
    const keys = Object.keys(exported.pages["positional-encoding"]).sort();
    assert.deepEqual(
      keys.map((k) => k.replace(/@[0-9a-f]{8}$/, "")),
      ["encode", "similarity"]
    );
    assert.ok(
      keys.every((k) => /@[0-9a-f]{8}$/.test(k)),
      keys.join(", ")
    );
    assert.ok(Object.values(exported.inputs["positional-encoding"]).some((values) => (values as string[])[0] === max));

    assert.ok(
      (await page.evaluate(() => Object.keys(localStorage))).some((k) => k.startsWith("stepwise:edit:/course/")),
      "saved edits are keyed by the path the course is served under"
    );

    // a reset can be undone
    const status = page.locator(".edits-status");
    await page.getByRole("button", {name: "Reset this page"}).click();
    await status.filter({hasText: "2 edits put aside"}).waitFor();
    await status.getByRole("button", {name: "Undo"}).click();
    await status.filter({hasText: "Your 2 edits are back"}).waitFor();
    assert.match(await code(cell(page, "encode")), /Math\.pow\(base, i \/ d\)/);

    // an edit that broke a global: the reset loads the page again, so Reset always gives back a working page
    await replaceInCell(
      cell(page, "similarity"),
      "return sum / a.length;",
      "Math.pow = () => NaN;\n  return sum / a.length;"
    );
    await run(cell(page, "similarity"));
    // the override runs when the similarity plot, which reruns after the cell, calls the function
    await page.waitForFunction(() => Number.isNaN(Math.pow(2, 3)), null, {timeout: PATIENCE});
    await page.getByRole("button", {name: "Reset this page"}).click();
    await status.filter({hasText: "2 edits put aside"}).waitFor();
    await settled(page);
    assert.equal(await page.evaluate(() => Math.pow(2, 3)), 8);
    assert.doesNotMatch(await code(cell(page, "encode")), /Math\.pow\(base, i \/ d\)/);
    assert.doesNotMatch(await code(cell(page, "similarity")), /sum \/ a\.length/);

    await page.locator(".edits-import input[type=file]").setInputFiles(file);
    await status.filter({hasText: "Imported 2 edited cells."}).waitFor();
    assert.equal(await slider.inputValue(), max);
    assert.match(await code(cell(page, "encode")), /Math\.pow\(base, i \/ d\)/);
    assert.match(await code(cell(page, "similarity")), /sum \/ a\.length/);

    // a file whose page is called __proto__ is data: it reaches no prototype, and the next export still works
    const hostile = join(mkdtempSync(join(tmpdir(), "stepwise-")), "hostile.json");
    writeFileSync(hostile, '{"format": "stepwise-edits", "version": 1, "pages": {"__proto__": {"polluted": "yes"}}}');
    await page.locator(".edits-import input[type=file]").setInputFiles(hostile);
    await status.filter({hasText: "Imported 1 edited cell."}).waitFor();
    assert.equal(await page.evaluate(() => (({}) as Record<string, unknown>).polluted), undefined);
    const again = page.waitForEvent("download");
    await page.getByRole("button", {name: "Export"}).click();
    const second = join(mkdtempSync(join(tmpdir(), "stepwise-")), "again.json");
    await (await again).saveAs(second);
    const both = JSON.parse(readFileSync(second, "utf8"));
    assert.equal(both.pages.__proto__.polluted, "yes");
    assert.match(editOf(both.pages["positional-encoding"], "similarity"), /sum \/ a\.length/);
    await run(cell(page, "similarity"));
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("says under the cell when its value is of the wrong kind or it throws something that is not an Error", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    const original = await code(encode);
    for (const [edit, says] of [
      ["const encode = 5;", /the page needs encode to be a function, as the lesson's is; yours is a number\./],
      [`throw {reason: "no"};\n${original}`, /threw an object \{"reason":"no"\}, not an Error/]
    ] as const) {
      await typeInto(encode, edit);
      await run(encode);
      assert.match(await status(encode).innerText(), says);
      assert.doesNotMatch(await status(encode).innerText(), /\[object Object\]|CellError/);
      assert.match(await status(encode).innerText(), /The page below goes on with the last code that ran/);
    }
    assert.equal(await page.locator(".observablehq--error").count(), 0, "nothing failed further down the page");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("says under the cell when the page cannot use what its function returned on the lesson's own input", async () => {
    for (const [lesson, id, from, to, says] of [
      [
        "attention.html",
        "mask",
        "return j <= i && i - j < 4;",
        "return i < 8 ? j <= i : j > i + 1000;",
        /The page cannot use what it returned: the query at position 8 may look at no key at all.* It failed when the page called allowed\./
      ],
      [
        "sampling.html",
        "filter",
        "for (const id of banned) out[id] = -Infinity;",
        "for (const id of banned) out[id] = -Infinity;\n  if (tokens.length) out[7] = NaN;",
        /The page cannot use what it returned: your filter gave token 7 the score NaN: a score must be a finite number, or -Infinity to forbid the token\. It failed when the page called myFilter\./
      ]
    ] as const) {
      const {page} = await visit(site.browser(), site.url(lesson));
      const edited = cell(page, id);
      await replaceInCell(edited, from, to);
      await run(edited);
      await status(edited).filter({hasText: says}).waitFor();
      assert.equal(await status(edited).getAttribute("data-kind"), "error", lesson);
      await edited.getByRole("button", {name: "Reset"}).click();
      await status(edited)
        .filter({hasText: /^Ran\b/})
        .waitFor();
      await page.context().close();
    }
  });

  it("says, under the cell it ran, that an edit the full storage refused is kept only for this visit, and exports it", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    // another script of the origin filled the storage to its last character
    await page.evaluate(() => {
      let n = 0;
      for (let size = 1 << 22; size >= 1; size >>= 1) {
        try {
          for (;;) localStorage.setItem(`filler-${n++}`, "x".repeat(size));
        } catch {
          // full at this size: try a smaller piece
        }
      }
    });
    const encode = cell(page, "encode");
    await replaceInCell(encode, "Math.pow(base, (2 * i) / d)", "Math.pow(base, i / d)");
    await run(encode);
    const said = await status(encode).innerText();
    assert.match(
      said,
      /^Ran: .* Your edits cannot be saved: the browser's storage is full .*use Export to keep them\./
    );
    assert.equal(await status(encode).getAttribute("data-kind"), "warning");
    const download = page.waitForEvent("download");
    await page.getByRole("button", {name: "Export"}).click();
    const file = join(mkdtempSync(join(tmpdir(), "stepwise-")), "edits.json");
    await (await download).saveAs(file);
    assert.match(
      editOf(JSON.parse(readFileSync(file, "utf8")).pages["positional-encoding"], "encode"),
      /Math\.pow\(base, i \/ d\)/
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("gives a long run a Stop and its time, and ends a run when the cell runs again", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    const original = await code(encode);
    const loops = () => page.evaluate(() => (globalThis as any).loops as number);
    const endless = `let n = 0;\nwhile (true) {\n  await new Promise((r) => setTimeout(r, 5));\n  (globalThis as any).loops = ++n;\n}\n${original}`;
    await typeInto(encode, endless);
    await encode.locator(".cm-content").press("Shift+Enter");
    await status(encode)
      .filter({hasText: /^Running for \d+ s…/})
      .waitFor();
    await status(encode).getByRole("button", {name: "Stop"}).click();
    await status(encode)
      .filter({hasText: /^Stopped: this run was ended before it finished\./})
      .waitFor();
    assert.equal(await status(encode).getAttribute("data-kind"), "info", "a run the reader stopped is not an error");
    const stopped = await loops();
    await page.waitForTimeout(300);
    assert.ok(stopped > 0 && (await loops()) <= stopped + 1, "Stop ended the loop");

    await page.evaluate(() => ((globalThis as any).loops = 0));
    await encode.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(() => (globalThis as any).loops > 0);
    await typeInto(encode, original);
    await run(encode);
    assert.match(await status(encode).innerText(), /^Ran\b/);
    const ended = await loops();
    await page.waitForTimeout(300);
    assert.ok((await loops()) <= ended + 1, "running the cell again ended the old run's loop");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("keeps the running mark of a run whose older run, which it replaced, ends after it began", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    const encode = cell(page, "encode");
    const original = await code(encode);
    const endless = (counter: string) =>
      `let n = 0;\nwhile (true) {\n  await new Promise((r) => setTimeout(r, 5));\n  (globalThis as any).${counter} = ++n;\n}\n${original}`;
    const marked = () =>
      page.evaluate(() =>
        Object.keys(localStorage).some((k) => k.startsWith("stepwise:running:/course/positional-encoding#encode"))
      );
    await typeInto(encode, endless("first"));
    await encode.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(() => (globalThis as any).first > 0);
    await typeInto(encode, endless("second"));
    await encode.locator(".cm-content").press("Shift+Enter");
    await page.waitForFunction(() => (globalThis as any).second > 0);
    // the first run has ended at its loop's next pass: the second, still running, keeps its mark
    const first = await page.evaluate(() => (globalThis as any).first);
    await page.waitForTimeout(300);
    assert.ok((await page.evaluate(() => (globalThis as any).first)) <= first + 1, "the first run ended");
    assert.equal(await marked(), true, "the second run, still running, is marked");
    await status(encode).getByRole("button", {name: "Stop"}).click();
    await status(encode)
      .filter({hasText: /^Stopped/})
      .waitFor();
    assert.equal(await marked(), false, "a run that ended leaves no mark");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("opens with an edit shown but not run when its last run never finished, and in safe mode", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    const ran = () => page.evaluate(() => (globalThis as Record<string, unknown>).editRan);
    await replaceInCell(cell(page, "encode"), "Math.pow(base, (2 * i) / d)", "Math.pow(base, i / d)");
    await typeInto(cell(page, "encode"), `(globalThis as any).editRan = true;\n${await code(cell(page, "encode"))}`);
    await run(cell(page, "encode"));
    assert.equal(await ran(), true);
    // as if the page had frozen in that run: its mark is still there at the next visit
    await page.evaluate(() => {
      const edit = Object.keys(localStorage).find((k) =>
        k.startsWith("stepwise:edit:/course/positional-encoding#encode@")
      );
      localStorage.setItem(edit!.replace("stepwise:edit:", "stepwise:running:"), "1");
    });
    await page.reload();
    await settled(page);
    await status(cell(page, "encode")).filter({hasText: "did not finish running on your last visit"}).waitFor();
    assert.equal(await ran(), undefined, "the edit did not run");
    assert.match(await code(cell(page, "encode")), /editRan/, "the edit is shown");
    assert.ok(await encodingPlot(page).isVisible(), "the page goes on with the lesson's code");
    await run(cell(page, "encode"));
    assert.equal(await ran(), true, "Run runs it");
    await page.reload();
    await settled(page);
    assert.equal(await ran(), true, "a run that finished leaves no mark: the next visit runs the edit");

    await page.goto(site.url(`${LESSON}?safe`));
    await settled(page);
    await status(cell(page, "encode")).filter({hasText: "Safe mode"}).waitFor();
    assert.equal(await ran(), undefined);
    await page.getByRole("button", {name: "Reset this page"}).click();
    await settled(page);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("asks before running an edit made when the lesson's code was other than it is now, and moves an unkeyed edit", async () => {
    const {page: first} = await visit(site.browser(), site.url(LESSON));
    // the lesson's code of the cell, as the page keeps it
    const lesson = await first.evaluate(
      () =>
        (
          JSON.parse(document.getElementById("cell-sources")!.textContent!) as {
            source: string;
            editable?: {id: string};
          }[]
        ).find((s) => s.editable?.id === "encode")!.source
    );
    await first.context().close();
    const context = await readerContext(site.browser(), new URL(site.url(LESSON)).origin);
    // saved on an earlier visit: an edit under another hash of the lesson's code (the lesson changed since), and one
    // under the bare id of the other cell (kept before edits were keyed by the lesson's code)
    const saved = {
      "encode@0badc0de": `(globalThis as any).staleRan = true;\n${lesson}`,
      similarity:
        "// unkeyed\nfunction similarity(a: number[], b: number[]): number {\n  return a.reduce((s, x, i) => s + x * b[i], 0);\n}"
    };
    await context.addInitScript((saved) => {
      if (sessionStorage.getItem("planted")) return;
      sessionStorage.setItem("planted", "1");
      for (const [key, code] of Object.entries(saved))
        localStorage.setItem(`stepwise:edit:/course/positional-encoding#${key}`, code);
    }, saved);
    const {page, problems} = await visit(site.browser(), site.url(LESSON), {context});
    const ran = () => page.evaluate(() => (globalThis as Record<string, unknown>).staleRan);
    const encode = cell(page, "encode");
    await status(encode).filter({hasText: "The lesson changed this cell since you edited it"}).waitFor();
    assert.equal(await ran(), undefined, "the stale edit did not run");
    assert.match(await code(encode), /staleRan/, "the stale edit is shown");
    assert.ok(await encodingPlot(page).isVisible(), "the page goes on with the lesson's code");
    await encode.getByRole("button", {name: "Compare"}).click();
    assert.deepEqual(await encode.locator(".cell-diff .diff-mine").allInnerTexts(), [
      "− (globalThis as any).staleRan = true;"
    ]);
    assert.equal(await encode.locator(".cell-diff .diff-lesson").count(), 0);
    await encode.getByRole("button", {name: "Keep mine"}).click();
    await page.waitForFunction(() => (globalThis as Record<string, unknown>).staleRan === true);
    assert.equal(await encode.locator(".cell-diff").count(), 0);
    await page.waitForTimeout(400); // saved a moment after it runs
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("stepwise:edit:")));
    assert.deepEqual(
      keys.map((k) => k.replace(/^.*#/, "").replace(/@(?!0badc0de)[0-9a-f]{8}$/, "@now")).sort(),
      ["encode@now", "similarity@now"],
      "each edit is kept under the hash of the lesson's code as it is now"
    );
    // the unkeyed edit ran as the reader's edit
    assert.match(await code(cell(page, "similarity")), /^\/\/ unkeyed/);
    assert.match(await status(cell(page, "similarity")).innerText(), /^Ran\b/);
    await page.getByRole("button", {name: "Reset this page"}).click();
    await page.waitForEvent("load");
    await settled(page);
    assert.deepEqual(
      await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("stepwise:edit:"))),
      []
    );
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("tells a reader when another tab changed the same cell, and offers that tab's code", async () => {
    const {page, problems} = await visit(site.browser(), site.url(LESSON));
    const other = await page.context().newPage();
    await other.goto(site.url(LESSON));
    await settled(other);
    await replaceInCell(cell(page, "similarity"), "return sum;", "return sum / 3; // from the first tab");
    await run(cell(page, "similarity"));
    const there = status(cell(other, "similarity"));
    await there.filter({hasText: "Another tab changed this cell's saved code"}).waitFor();
    assert.doesNotMatch(await code(cell(other, "similarity")), /first tab/, "nothing changed under the reader");
    await there.getByRole("button", {name: "Load the other tab's code"}).click();
    // the editor takes the code on its next update, which a busy machine may hold back a little
    await cell(other, "similarity").locator(".cm-content", {hasText: "from the first tab"}).waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("keeps working for the session when storage is disabled, and says so", async () => {
    // no service worker, as in the other tests: its first visit reloads the page to isolate it, and a reload that
    // came after the edit would drop it (storage is off), leaving the plot as it was
    const context = await readerContext(site.browser(), new URL(site.url(LESSON)).origin);
    await context.addInitScript(() => {
      Storage.prototype.getItem = () => {
        throw new DOMException("access denied", "SecurityError");
      };
    });
    const page = await context.newPage();
    await page.goto(site.url(LESSON));
    await settled(page);
    assert.match(await page.locator(".edits-status").innerText(), /Edits are not saved/);
    const encode = cell(page, "encode");
    const before = await encodingPlot(page).innerHTML();
    await replaceInCell(encode, "Math.sin(angle), Math.cos(angle)", "Math.cos(angle), Math.sin(angle)");
    await run(encode);
    await redrawn(page, before);
    await context.close();
  });

  it("keeps the focus and every keystroke of a reader who types as the page opens, on a CPU 4x slower", async () => {
    const {page} = await visit(site.browser(), site.url(LESSON));
    await replaceInCell(cell(page, "similarity"), "return sum;", "return sum / a.length;");
    await run(cell(page, "similarity"));
    // Reset loads the page again; the reader takes their edit back with Undo at once and goes on typing in the cell.
    // Taking an editor out of the page, even to put it back where it was, takes the focus from it: count each time
    await page.addInitScript(() => {
      const counts = window as unknown as {editorsTaken: number};
      counts.editorsTaken = 0;
      new MutationObserver((records) => {
        for (const record of records)
          for (const node of record.removedNodes)
            if (node instanceof Element && (node.matches("[data-editable]") || node.querySelector("[data-editable]")))
              counts.editorsTaken++;
      }).observe(document, {childList: true, subtree: true});
    });
    await throttleCpu(page, 4);
    const status = page.locator(".edits-status");
    await page.getByRole("button", {name: "Reset this page"}).click();
    await status.filter({hasText: "1 edit put aside"}).waitFor();
    await status.getByRole("button", {name: "Undo"}).click();
    await cell(page, "similarity").locator(".cm-content").click();
    await page.keyboard.press("Control+End");
    const typed = "// typed while the page still opens";
    await page.keyboard.type(typed, {delay: 40});
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest("[data-editable=similarity]")), true);
    assert.match(await code(cell(page, "similarity")), new RegExp(`sum / a\\.length;[^]*${typed}`));
    await settled(page);
    assert.equal(await page.evaluate(() => (window as unknown as {editorsTaken: number}).editorsTaken), 0);
    await page.context().close();
  });

  it("has a labelled editor that Escape then Tab leaves", async () => {
    const {page} = await visit(site.browser(), site.url(LESSON));
    const content = cell(page, "encode").locator(".cm-content");
    assert.match((await content.getAttribute("aria-label")) ?? "", /The encoding of one position/);
    await content.click();
    await page.keyboard.press("Tab"); // Tab alone indents, and stays
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest(".cm-editor")), true);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => !!document.activeElement?.closest(".cm-editor")), false);
    await page.context().close();
  });
});
