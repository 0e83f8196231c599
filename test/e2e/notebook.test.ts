// The notebook as a reader uses it: every cell's code shown, a lesson's cell edited and run in the page's own
// runtime (exactly the cells that use it rerun), a cell of one's own added, a compile error, a reload.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import type {Locator, Page} from "playwright-core";
import {editKey, shareFragment} from "../../src/cells/index.js";
import {axeViolations, builtSite, PATIENCE, readerContext, settled, visit} from "./browser.js";
import {blocks, dependants, editorText, markOutputs, sources} from "./notebookPage.js";

const site = builtSite();
const course: {sections: {lessons: {path: string}[]}[]} = JSON.parse(readFileSync("lessons/course.json", "utf8"));
const lessons = course.sections.flatMap((s) => s.lessons.map((l) => `${l.path.slice(1)}.html`));

const panel = (page: Page, key: string) => page.locator(`.notebook-cell[data-cell="${key}"]`);

async function openNotebook(page: Page) {
  await page.getByRole("button", {name: "Show all code"}).click();
  await page.locator(".notebook").waitFor();
  // each cell's code shows as text at once, then in its editor
  await page.waitForFunction(() => !document.querySelector(".notebook .cell-code"));
}

async function typeInto(cell: Locator, text: string) {
  await cell.locator(".cm-content").click();
  await cell.page().keyboard.press("Control+A");
  await cell.page().keyboard.insertText(text);
}

/** Adds a cell of the reader's own (the n-th), types `code` into it and runs it. */
async function addOwnCell(page: Page, n: number, code: string): Promise<Locator> {
  await page.getByRole("button", {name: "Add a cell"}).click();
  const cell = panel(page, `scratch-${n}`);
  await typeInto(cell, code);
  await cell.locator(".cm-content").press("Shift+Enter");
  return cell;
}

async function editAndRun(cell: Locator, from: string, to: string) {
  const code = await editorText(cell);
  assert.ok(code.includes(from), `the cell has no ${JSON.stringify(from)}`);
  await typeInto(cell, code.replace(from, to));
  await cell.locator(".cm-content").press("Shift+Enter");
  await cell
    .locator(".cell-status")
    .filter({hasText: /Ran|line|not defined/})
    .waitFor();
  await settled(cell.page());
}

describe("notebook", () => {
  it("shows every cell's code, in order and imports included, on every lesson", async () => {
    for (const lesson of lessons) {
      const {page, problems} = await visit(site.browser(), site.url(lesson));
      const cells = await sources(page);
      await openNotebook(page);
      const panels = await page.locator(".notebook-cell").all();
      assert.equal(panels.length, cells.length, lesson);
      const shown = await Promise.all(panels.map(editorText));
      cells.forEach((cell, i) => assert.equal(shown[i], cell.source, `${lesson}, cell ${i + 1}`));
      assert.match(shown[0], /^import /, lesson);
      await page.getByRole("button", {name: "Back to the lesson"}).click();
      assert.equal(await page.locator(".notebook").count(), 0);
      assert.deepEqual(problems, [], lesson);
      await page.context().close();
    }
  });

  // each cell found by a piece of its code (the first cell that has it), as the lesson numbers it
  for (const {lesson, plumbing, drawing} of [
    {
      lesson: "forward-noising.html",
      plumbing: {from: "value: 250", to: "value: 600"},
      drawing: {from: "bins: 64", to: "bins: 16"}
    },
    {
      lesson: "sampling.html",
      plumbing: {from: '"And the LORD said unto Moses,"', to: '"In the beginning God"'},
      drawing: {from: "topIndices(nextLogits, 12)", to: "topIndices(nextLogits, 6)"}
    }
  ])
    it(`reruns exactly the cells that use an edited cell, ${lesson}`, async () => {
      const {page, problems} = await visit(site.browser(), site.url(lesson));
      await openNotebook(page);
      const numbered = await blocks(page);
      const cellWith = (from: string) => numbered.findIndex((s) => s.source.includes(from)) + 1;
      const drawn = cellWith(drawing.from);
      for (const {from, to} of [plumbing, drawing]) {
        const cell = cellWith(from);
        const expected = await dependants(page, cell);
        assert.ok(expected.length > 1 || cell === drawn, `cell ${cell} has dependants`);
        const {shown, changed} = await markOutputs(page);
        await editAndRun(panel(page, `cell-${cell}`), from, to);
        assert.ok(shown.includes(cell), `cell ${cell} shows nothing`);
        // a dependant that runs long (a beam search) shows its new output after the page has settled
        const wanted = expected.filter((n) => shown.includes(n));
        let reran = await changed();
        for (
          const deadline = Date.now() + PATIENCE;
          !wanted.every((n) => reran.includes(n)) && Date.now() < deadline;
        ) {
          await page.waitForTimeout(250);
          reran = await changed();
        }
        assert.deepEqual(reran, wanted, `cell ${cell}: the cells that reran are not exactly those that use it`);
      }
      assert.deepEqual(problems, []);
      await page.context().close();
    });

  // every lesson: a cell others use and a cell nothing uses, each picked from the page's own define calls, edited by
  // a note at its end, which makes it a new definition all the same. A cell that redraws on its own (the trainer's
  // status as the worker reports) is left out of the comparison, and is not picked.
  for (const lesson of lessons)
    it(`reruns exactly the cells that use an edited cell, every lesson: ${lesson}`, async () => {
      const {page, problems} = await visit(site.browser(), site.url(lesson));
      await openNotebook(page);
      // the cells that redraw on their own, watched until two seconds pass with none redrawing: before the first edit,
      // and after each (a cell that sends the trainer new settings has it report a while later)
      const live: number[] = [];
      const quietDown = async () => {
        for (const deadline = Date.now() + PATIENCE; Date.now() < deadline;) {
          const {changed: byThemselves} = await markOutputs(page);
          await page.waitForTimeout(2000);
          const redrawn = await byThemselves();
          if (!redrawn.length) return;
          live.push(...redrawn.filter((n) => !live.includes(n)));
        }
      };
      const {shown} = await markOutputs(page);
      await quietDown();
      const quiet = (cells: number[]) => cells.filter((n) => !live.includes(n));
      const used = await Promise.all(
        quiet(shown).map(async (n) => ({n, users: quiet((await dependants(page, n)).filter((d) => shown.includes(d)))}))
      );
      const plumbing = used.filter((c) => c.users.length > 1).sort((a, b) => a.users.length - b.users.length)[0];
      const drawing = used.filter((c) => c.users.length === 1).at(-1);
      assert.ok(plumbing && drawing, `${lesson} has no cell that others use, or none that nothing uses`);
      for (const {n, users} of [plumbing, drawing]) {
        const {changed} = await markOutputs(page);
        const cell = panel(page, `cell-${n}`);
        await typeInto(cell, `${await editorText(cell)}\n// a reader's note`);
        await cell.locator(".cm-content").press("Shift+Enter");
        await cell.locator(".cell-status").filter({hasText: "Ran"}).waitFor();
        await settled(page);
        let reran = quiet(await changed());
        for (const deadline = Date.now() + PATIENCE; !users.every((u) => reran.includes(u)) && Date.now() < deadline;) {
          await page.waitForTimeout(250);
          reran = quiet(await changed());
        }
        assert.deepEqual(reran, users, `${lesson}, cell ${n}: the cells that reran are not exactly those that use it`);
        await quietDown();
      }
      assert.deepEqual(problems, [], lesson);
      await page.context().close();
    });

  it("marks a compile error at its line and column and keeps the cell's last code running", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    await openNotebook(page);
    const cell = panel(page, "cell-11");
    const {changed} = await markOutputs(page);
    await typeInto(cell, (await editorText(cell)).replace("bins: 64", "bins: (64"));
    await cell.locator(".cm-content").press("Shift+Enter");
    await cell
      .locator(".cell-status")
      .filter({hasText: /does not parse at line \d+, column \d+/})
      .waitFor();
    assert.deepEqual(await changed(), [], "a cell reran on code that does not compile");
    assert.match(await editorText(cell), /bins: \(64/); // nothing the reader typed is lost
    await page.waitForTimeout(400);
    await page.reload();
    await settled(page);
    await openNotebook(page);
    assert.match(await editorText(panel(page, "cell-11")), /bins: \(64/);
    assert.equal(await panel(page, "cell-11").locator(".cell-modified").isVisible(), true);
    await panel(page, "cell-11").getByRole("button", {name: "Reset"}).click();
    await panel(page, "cell-11").locator(".cell-status").filter({hasText: "Ran"}).waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("says under the cell's code where a run failed, and Reset this page puts every cell back", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    await openNotebook(page);
    const cell = panel(page, "cell-11");
    await typeInto(cell, "const x = 1;\nconst normal = (v: number) => v;\ndisplay((null as any).nope);");
    await cell.locator(".cm-content").press("Shift+Enter");
    await cell
      .locator(".cell-status")
      .filter({hasText: /^Your code failed at line 3: /})
      .waitFor();
    assert.ok(problems.length > 0 && problems.every((p) => /Your code failed at line 3/.test(p)), problems.join("\n"));
    problems.length = 0;
    await page.getByRole("button", {name: "Back to the lesson"}).click();
    await page.getByRole("button", {name: "Reset this page"}).click();
    await page.waitForEvent("load");
    await settled(page);
    await openNotebook(page);
    assert.match(await editorText(panel(page, "cell-11")), /histogram\(x/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("edits an expression in the text: its value changes there, its neighbours' and every cell's output stay", async () => {
    const {page, problems} = await visit(site.browser(), site.url("tokens.html"));
    const all = await sources(page);
    // two expressions of one paragraph: the page defined both with that paragraph as the place they show in
    const first = all.findIndex((s) => s.source.startsWith("manifest.tokenizer.gpt2Ids.length"));
    const second = all.findIndex((s) => s.source.startsWith("manifest.architecture.vocabSize"));
    assert.ok(first >= 0 && second > first, "tokens.md has lost the two expressions this test edits");
    const key = (i: number) => `expression-${all.slice(0, i + 1).filter((s) => s.mode === "inline").length}`;
    const paragraph = page.locator("p", {hasText: "The model keeps just those"});
    const before = (await paragraph.textContent())!;
    const count = (pattern: RegExp) => Number(pattern.exec(before)?.[1].replace(/,/g, ""));
    const [gpt2, vocab] = [count(/uses only\s+([\d,]+) of them/), count(/of\s+([\d,]+) tokens rather than/)];
    assert.ok(gpt2 > 0 && vocab > gpt2, before);
    await openNotebook(page);
    assert.equal(
      await panel(page, key(second)).locator(".cell-name").innerText(),
      `${key(second).replace("expression-", "Expression ")}, in the text`
    );
    const {changed} = await markOutputs(page);
    await editAndRun(
      panel(page, key(second)),
      "manifest.architecture.vocabSize",
      "(manifest.architecture.vocabSize + 7)"
    );
    await editAndRun(
      panel(page, key(first)),
      "manifest.tokenizer.gpt2Ids.length",
      "(manifest.tokenizer.gpt2Ids.length * 2)"
    );
    const format = (n: number) => n.toLocaleString("en");
    const after = (await paragraph.textContent())!;
    assert.equal(after, before.replace(format(vocab), format(vocab + 7)).replace(format(gpt2), format(gpt2 * 2)));
    assert.deepEqual(await changed(), [], "a fenced cell reran for an expression's edit");
    // an expression stays one: statements are refused where the reader typed them, and the text keeps its value
    await typeInto(panel(page, key(second)), "const n = 1;");
    await panel(page, key(second)).locator(".cm-content").press("Shift+Enter");
    await panel(page, key(second)).locator(".cell-status").filter({hasText: "stays one expression"}).waitFor();
    assert.equal(await paragraph.textContent(), after);
    await panel(page, key(second)).getByRole("button", {name: "Reset"}).click();
    await panel(page, key(first)).getByRole("button", {name: "Reset"}).click();
    await panel(page, key(first)).locator(".cell-status").filter({hasText: "Ran"}).waitFor();
    await page.waitForFunction((text) => document.body.textContent!.includes(text!), before);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("opens a cell's code from the Code button beside its output", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    const button = page.getByRole("button", {name: "Code of Cell 11", exact: true});
    await button.click();
    assert.equal(await button.getAttribute("aria-expanded"), "true");
    const cell = page.locator('.notebook-cell[data-cell="cell-11"]');
    assert.match(await editorText(cell), /histogram\(x/);
    await button.click();
    assert.equal(await cell.count(), 0);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("tells the cells that used a name an edit stopped defining which cell it was", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    await openNotebook(page);
    await editAndRun(panel(page, "cell-11"), "const normal =", "const gaussian =");
    await editAndRun(panel(page, "cell-11"), "const gaussian =", "const normal =");
    await editAndRun(panel(page, "cell-10"), "const plotWidth =", "const chartWidth =");
    await page.getByRole("button", {name: "Back to the lesson"}).click();
    await page.getByText("plotWidth is not defined any more: Cell 10 (edited) no longer defines it.").first().waitFor();
    assert.ok(
      problems.length > 0 &&
        problems.every((p) => /(normal|plotWidth) is not defined any more: Cell 1[01] \(edited\)/.test(p)),
      problems.join("\n")
    );
    await page.context().close();
  });

  it("adds a cell of the reader's own that plots the model's output, keeps it across a reload, and removes it", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await openNotebook(page);
    const mine = await addOwnCell(
      page,
      1,
      [
        "const best = Array.from(atT, (p, i) => ({p, i})).sort((a, b) => b.p - a.p).slice(0, 5);",
        'const chart = d3.create("svg").attr("width", 200).attr("height", 100);',
        'chart.selectAll("rect").data(best).join("rect").attr("x", (_, i) => i * 40).attr("width", 30)',
        '  .attr("y", (d) => 100 - d.p * 100).attr("height", (d) => d.p * 100);',
        "display(chart.node());"
      ].join("\n")
    );
    await mine.locator(".notebook-output svg rect").nth(4).waitFor();
    await page.waitForTimeout(400);
    await page.reload();
    await settled(page);
    await openNotebook(page);
    await panel(page, "scratch-1").locator(".notebook-output svg rect").nth(4).waitFor();
    await panel(page, "scratch-1").getByRole("button", {name: "Remove"}).click();
    assert.equal(await panel(page, "scratch-1").count(), 0);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("scratch"))), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("runs a cell that waits for a name once an edited cell defines it, and again when its value changes", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    await openNotebook(page);
    const mine = await addOwnCell(page, 1, "readerScale * 2");
    const said = mine.locator(".cell-status");
    await said.filter({hasText: "Waiting"}).waitFor();
    assert.equal(await said.innerText(), "Waiting: no cell defines readerScale yet. This cell runs once one does.");
    await page.waitForTimeout(300);
    assert.equal(await mine.locator(".notebook-output").innerText(), "", "said once, in the status");
    const lessons = panel(page, "cell-11");
    await editAndRun(lessons, "const normal =", "const readerScale = 3;\nconst normal =");
    await mine.locator(".notebook-output", {hasText: /^6$/}).waitFor();
    assert.equal(await said.innerText(), "Ran.");
    await editAndRun(lessons, "const readerScale = 3;", "const readerScale = 4;");
    await mine.locator(".notebook-output", {hasText: /^8$/}).waitFor();
    // a name Framework's library would fetch from a CDN is not waited for: the cell fails as plain code would
    await typeInto(mine, "Plot.version");
    await mine.locator(".cm-content").press("Shift+Enter");
    await mine.locator(".cell-status", {hasText: "Plot is not defined"}).waitFor();
    assert.deepEqual(
      problems.filter((p) => !/readerScale is not defined|Plot is not defined/.test(p)),
      []
    );
    await page.context().close();
  });

  it("says a failure of the reader's own cell once, in its status, not again in its output", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await openNotebook(page);
    const mine = await addOwnCell(page, 1, 'throw new Error("my own failure");');
    await mine.locator(".cell-status", {hasText: "Your code failed at line 1: my own failure."}).waitFor();
    await page.waitForTimeout(300);
    assert.equal(await mine.locator(".notebook-output").innerText(), "", await mine.innerText());
    assert.deepEqual(
      problems.filter((p) => !p.includes("my own failure")),
      []
    );
    await page.context().close();
  });

  it("gives a cell of the reader's own an input with view(), whose value the reader's other cells follow", async () => {
    const {page, problems} = await visit(site.browser(), site.url("sampling.html"));
    await openNotebook(page);
    const input = await addOwnCell(
      page,
      1,
      'const howMany = view(Inputs.range([1, 9], {step: 1, value: 3, label: "How many"}));'
    );
    const user = await addOwnCell(
      page,
      2,
      "`${howMany} of ${atT.length}: ${Array.from(atT).slice(0, howMany).length}`"
    );
    await user.locator(".notebook-output pre", {hasText: /^3 of \d+: 3$/}).waitFor();
    const slider = input.locator(".notebook-output input[type=number]");
    await slider.fill("7");
    await slider.dispatchEvent("input");
    await user.locator(".notebook-output pre", {hasText: /^7 of \d+: 7$/}).waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("runs an edited imports cell, loading each module from where the page loads it", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"));
    await openNotebook(page);
    const imports = panel(page, "cell-1");
    await editAndRun(
      imports,
      'import {normalArray, seededRandom} from "./src/random.js";',
      'import {normalArray, seededRandom, seededRandom as seeded} from "./src/random.js";'
    );
    assert.equal(await imports.locator(".cell-status").innerText(), "Ran: the cells that use this one run again.");
    const mine = await addOwnCell(page, 1, "seeded(7)() === seededRandom(7)()");
    await mine.locator(".notebook-output pre", {hasText: "true"}).waitFor();
    await editAndRun(
      imports,
      'import {range} from "./components/inputs.js";',
      'import {range} from "./components/nowhere.js";'
    );
    assert.match(
      await imports.locator(".cell-status").innerText(),
      /^Your code does not parse at line \d+, column \d+: this page does not load "\.\/components\/nowhere\.js"/
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("opens a link to a page as someone left it: nothing runs nor is set before consent, then all of it", async () => {
    const url = site.url("sampling.html");
    const {page: first} = await visit(site.browser(), url);
    const lesson = await sources(first);
    const at = lesson.findIndex((s) => s.source.startsWith("const atT"));
    const controls = await first
      .locator("#observablehq-main form", {hasText: "Temperature T"})
      .locator("input:not([type=button]):not([type=submit]), select, textarea")
      .count();
    await first.context().close();
    const fragment = await shareFragment({
      page: "sampling",
      cells: {
        [`cell-${at + 1}@${lesson[at].id}`]: `${lesson[at].source}\n(globalThis as any).editedRan = T;`,
        "scratch-1": "(globalThis as any).scratchRan = atT.length;"
      },
      inputs: {"Temperature T": Array(controls).fill("0.5")}
    });
    const {page, problems} = await visit(site.browser(), url + fragment);
    const offer = page.locator(".edits-page-share");
    await offer.getByText("Someone shared this page as they left it.").waitFor();
    assert.match(await offer.innerText(), new RegExp(`Code of Cell ${at + 1}[\\s\\S]*Code of Your cell 1`));
    assert.match(await offer.innerText(), /It also sets 1 input: Temperature T\./);
    const ran = () => page.evaluate(() => [(globalThis as any).editedRan, (globalThis as any).scratchRan]);
    assert.deepEqual(await ran(), [undefined, undefined]);
    const temperature = page.locator("#observablehq-main form", {hasText: "Temperature T"}).locator("input").first();
    assert.equal(await temperature.inputValue(), "1");
    await offer.getByRole("button", {name: "Run it"}).click();
    await page.waitForFunction(() => (globalThis as any).editedRan === 0.5 && (globalThis as any).scratchRan > 0);
    assert.equal(await temperature.inputValue(), "0.5");
    assert.match(await page.locator(".edits-status").innerText(), /^Ran the shared page's 2 cells and set 1 input\./);
    assert.equal(new URL(page.url()).hash, "");
    await page.waitForTimeout(400);
    await page.reload();
    await settled(page);
    await page.waitForFunction(() => (globalThis as any).editedRan === 1 && (globalThis as any).scratchRan > 0);
    assert.ok(await offer.isHidden());
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("asks before running an edit made when the lesson's code of the cell was other than it is now", async () => {
    const url = site.url("forward-noising.html");
    const context = await readerContext(site.browser(), new URL(url).origin);
    // an edit of the tenth cell stored under another hash of the lesson's code: the lesson changed since
    await context.addInitScript(() =>
      localStorage.setItem("stepwise:edit:/course/forward-noising#cell-11@0badc0de", "display(html`<p>mine</p>`)")
    );
    const {page, problems} = await visit(site.browser(), url, {context});
    await openNotebook(page);
    const cell = panel(page, "cell-11");
    await cell.locator(".cell-status").filter({hasText: "The lesson changed this cell since you edited it"}).waitFor();
    assert.equal(await editorText(cell), "display(html`<p>mine</p>`)");
    // Compare shows the two line by line: the reader's one line against every line of the lesson's
    await cell.getByRole("button", {name: "Compare"}).click();
    const diff = cell.locator(".cell-diff");
    assert.equal(await diff.locator(".diff-mine").innerText(), "− display(html`<p>mine</p>`)");
    const lesson = (await sources(page)).filter((s) => s.mode === "block")[10].source;
    assert.equal((await diff.locator(".diff-lesson").allInnerTexts()).map((line) => line.slice(2)).join("\n"), lesson);
    assert.deepEqual(await axeViolations(page), []);
    await cell.getByRole("button", {name: "Compare"}).click();
    assert.equal(await diff.isVisible(), false);
    await cell.getByRole("button", {name: "Take the lesson's"}).click();
    assert.equal(await diff.count(), 0);
    assert.match(await editorText(cell), /histogram\(x/);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("cell-11"))), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("shows an exercise's starting code open in the article, runs a kept edit of it, and checks each run", async () => {
    const url = site.url("positional-encoding.html");
    const {page: first} = await visit(site.browser(), url);
    const starter = (await sources(first)).find(
      (s) => (s as {editable?: {id: string}}).editable?.id === "exercise-rotation"
    )!;
    await first.context().close();
    // the reader's solution, kept where the exercise kept it before it was a cell of the lesson: its id and the
    // hash of its starting code
    const solution = readFileSync("exercises/solutions/rotation.ts", "utf8");
    const context = await readerContext(site.browser(), new URL(url).origin);
    await context.addInitScript(
      ([key, code]) => localStorage.setItem(`stepwise:edit:/course/positional-encoding#${key}`, code),
      [editKey("exercise-rotation", starter.source), solution]
    );
    const {page, problems} = await visit(site.browser(), url, {context});
    const cell = page.locator('.notebook-cell[data-editable="exercise-rotation"]');
    const results = page.locator(".exercise-results");
    // open in the article, just before its checks, under its label, with the reader's code, which ran
    assert.equal(await cell.locator(".cell-name").innerText(), "Exercise: shift");
    assert.ok(await cell.evaluate((c) => c.nextElementSibling?.querySelector(".exercise") !== null));
    await results.getByText(/^All \d+ checks pass\./).waitFor({timeout: PATIENCE});
    assert.equal(await editorText(cell), solution);
    assert.equal(await cell.locator(".cell-modified").isVisible(), true);

    // a function that fails when the checks call it: the case says so at the reader's line
    await typeInto(
      cell,
      'function shift(pe: number[], k: number, omega: number[]): number[] {\n  throw new Error("not yet");\n}'
    );
    await cell.locator(".cm-content").press("Shift+Enter");
    await results.getByText(/^0 of \d+ checks pass\./).waitFor({timeout: PATIENCE});
    assert.match(
      await results.locator("li").first().innerText(),
      /^✗ failed: .*\. Your code failed at line 2: not yet\.$/
    );

    // in the notebook among every cell, and back in its place after
    await openNotebook(page);
    assert.equal(await page.locator(".notebook").locator(cell).count(), 1);
    await page.getByRole("button", {name: "Back to the lesson"}).click();
    assert.ok(await cell.evaluate((c) => c.nextElementSibling?.querySelector(".exercise") !== null));

    await cell.getByRole("button", {name: "Reset"}).click();
    await results.getByText(/^\d+ of \d+ checks pass\./).waitFor({timeout: PATIENCE});
    assert.equal(await editorText(cell), starter.source);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes("exercise-"))), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("fits a 390 px phone, article and notebook, and passes axe-core", async () => {
    const {page, problems} = await visit(site.browser(), site.url("forward-noising.html"), {
      viewport: {width: 390, height: 844}
    });
    const overflow = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("#observablehq-main *")]
          .filter((e) => {
            const contained =
              e.closest("figure[tabindex], .math-display, .cm-scroller, table, pre, .katex-mathml") ||
              (e.closest("svg") && e.tagName !== "svg");
            return e.getBoundingClientRect().right > innerWidth + 1 && !contained;
          })
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
      );
    await page.getByRole("button", {name: "Code of Cell 11", exact: true}).click();
    assert.deepEqual(await overflow(), [], "the article, a cell's code open, is wider than the screen");
    assert.deepEqual(await axeViolations(page), []);
    await page.getByRole("button", {name: "Code of Cell 11", exact: true}).click();
    await openNotebook(page);
    assert.deepEqual(await overflow(), [], "the notebook is wider than the screen");
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
