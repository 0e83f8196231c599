// The page's bar for a reader's edits: export them all to a file (to hand in an exercise), import such a file,
// or put every cell of this page back as the lesson wrote it. When code waits for the reader's consent further down
// the page (a share link's, or code written into a saved edit unseen), the bar says so and takes the reader there.
import {isSharedPage, validateEditsFile, type SharedPage} from "../../src/cells/index.js";
import {button} from "../button.js";
import {adoptStoredCells, cellName, notebookSwitch} from "./notebook.js";
import {inputValues, setInputValues} from "./pageInputs.js";
import {cells, dropSharedLink, page, sharedLink, sharesChanged, shareLink, store, waitingShares} from "./registry.js";

export function editsToolbar(): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "edits-toolbar";
  bar.innerHTML = `<span>Your edits:</span>
    <button type="button" data-action="share-page">Share page</button>
    <button type="button" data-action="export">Export</button>
    <label class="edits-import"><span>Import</span><input type="file" accept=".json,application/json"></label>
    <button type="button" data-action="reset-page">Reset this page</button>
    <span class="edits-notebook"></span>
    <span class="edits-status" role="status" aria-live="polite"></span>
    <p class="edits-shared" role="alert" hidden></p>
    <p class="edits-link" role="alert" data-kind="warning" hidden></p>
    <div class="edits-page-share cell-consent" hidden></div>`;
  bar.querySelector(".edits-notebook")!.replaceWith(notebookSwitch());
  const status = bar.querySelector(".edits-status") as HTMLElement;
  const say = (message: string, kind = "info") => ((status.textContent = message), (status.dataset.kind = kind));
  /** Says what was done, with a button that undoes it: nothing the bar does loses an edit for good. */
  const undoable = (message: string, kind: string, undo: () => void, undone: string) => {
    say(message, kind);
    status.append(
      " ",
      button("Undo", () => {
        undo();
        for (const cell of cells.values()) cell.reload();
        say(undone);
      })
    );
  };
  if (store.problem) say(`Edits are not saved: ${store.problem}.`, "warning");

  const shared = bar.querySelector(".edits-shared") as HTMLElement;
  const showShared = () => {
    const [first] = waitingShares.values();
    shared.replaceChildren();
    shared.hidden = !first;
    if (!first) return;
    const named = (link: boolean) =>
      [...waitingShares.values()]
        .filter((w) => (w.from === "link") === link)
        .map((w) => `“${w.name}”`)
        .join(", ");
    const [linked, unseen] = [named(true), named(false)];
    shared.textContent = [
      linked && `This link brought code for ${linked}.`,
      unseen && `Code was written unseen into your saved edit of ${unseen}.`,
      "It has not run: read it below, then run it or keep yours. "
    ]
      .filter(Boolean)
      .join(" ");
    shared.append(
      button("Show the waiting code", () => {
        first.box.scrollIntoView({block: "center"});
        first.box.focus({preventScroll: true});
      })
    );
  };
  sharesChanged.addEventListener("change", showShared);
  showShared();

  // A share link this page cannot use says why, once, here at the top: damaged, too large, for another lesson, or
  // for a cell this page does not have. Read again when the fragment changes.
  const unusable = bar.querySelector(".edits-link") as HTMLElement;
  const warn = (...message: (string | Node)[]) => {
    unusable.replaceChildren(...message);
    unusable.hidden = message.length === 0;
  };
  async function checkLink() {
    let shared;
    try {
      shared = await sharedLink();
    } catch (error) {
      return warn((error as Error).message);
    }
    if (!shared) return warn();
    if (isSharedPage(shared) && shared.page === page) {
      warn();
      return offerPage(shared);
    }
    if (shared.page !== page) {
      if (!/^[a-z0-9-]+$/.test(shared.page)) return warn("This share link names no lesson of this course.");
      const there = document.createElement("a");
      there.href = `${shared.page}.html${location.hash}`;
      there.textContent = "open it there";
      return warn(`This share link carries code for another lesson (“${shared.page}”), not this one: `, there, ".");
    }
    // the cells register as the page draws them: one still missing once the page has loaded is not on it
    await loaded();
    if (!isSharedPage(shared) && !cells.has(shared.cell) && (await sharedLink().catch(() => undefined)) === shared)
      warn(
        `This share link carries code for a cell (“${shared.cell}”) that this page does not have: was it made for an older version of the lesson?`
      );
    else warn();
  }
  checkLink();
  addEventListener("hashchange", checkLink);
  // a cell drawn after that second (its lesson still loading) shows the link's code: the warning then goes
  sharesChanged.addEventListener("change", checkLink);

  /**
   * A link that shares a page as someone left it: what it carries is listed, and none of it runs, nor is any input
   * set, until the reader agrees. Then its cells are imported as edits (the reader's own can come back with Undo),
   * run, and the inputs set.
   */
  const pageShare = bar.querySelector(".edits-page-share") as HTMLElement;
  function offerPage(shared: SharedPage) {
    const codes = Object.entries(shared.cells);
    const inputs = Object.entries(shared.inputs);
    pageShare.innerHTML = `<p><strong>Someone shared this page as they left it.</strong> Nothing of it has run. Read
      the code first, and run it only if you trust it: code you run acts as this page does, with the page's values and
      your saved edits of every lesson (it cannot reach other sites).</p><div class="edits-page-share-parts"></div>
      <button type="button" data-consent="accept">Run it</button> <button type="button" data-consent="decline">Keep mine</button>`;
    const parts = pageShare.querySelector(".edits-page-share-parts")!;
    for (const [cell, code] of codes) {
      const part = document.createElement("details");
      part.innerHTML = "<summary></summary><pre></pre>";
      part.querySelector("summary")!.textContent = `Code of ${cellName(cell)}`;
      part.querySelector("pre")!.textContent = code;
      parts.append(part);
    }
    if (inputs.length) {
      const list = document.createElement("p");
      list.textContent = `It also sets ${plural(inputs.length, "input")}: ${inputs.map(([key]) => key).join(", ")}.`;
      parts.append(list);
    }
    pageShare.hidden = false;
    pageShare.onclick = (event) => {
      const answer = (event.target as HTMLElement).closest("button")?.dataset.consent;
      if (!answer) return;
      pageShare.hidden = true;
      dropSharedLink();
      if (answer !== "accept") return say("The shared page's code did not run: your page is as it was.");
      const {replaced, undo} = store.importAll({format: "stepwise-edits", version: 1, pages: {[page]: shared.cells}});
      for (const cell of cells.values()) cell.reload();
      adoptStoredCells();
      const set = setInputValues(shared.inputs);
      const parts = [`Ran the shared page's ${plural(codes.length, "cell")} and set ${plural(set.length, "input")}`];
      if (replaced) parts.push(`it replaced ${plural(replaced, "edit")} of yours`);
      undoable(`${parts.join("; ")}.`, "info", undo, "The shared code is undone: your edits are as before.");
    };
  }

  bar.addEventListener("click", async (event) => {
    const action = (event.target as HTMLElement).closest("button")?.dataset.action;
    if (action === "share-page") {
      const edited = Object.fromEntries(store.cells(page).map((cell) => [cell, store.get(page, cell)!]));
      const inputs = inputValues();
      const what = `this page as you have it (${plural(Object.keys(edited).length, "edited cell")} and ${plural(Object.keys(inputs).length, "input")})`;
      try {
        say(await shareLink({page, cells: edited, inputs}, what));
      } catch (error) {
        say((error as Error).message, "warning");
      }
    }
    if (action === "export") {
      // the page's inputs as they are set go with its edits
      const file = {...store.exportAll(), inputs: {[page]: inputValues()}};
      const count = Object.values(file.pages).reduce((n, edits) => n + Object.keys(edits).length, 0);
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], {type: "application/json"}));
      link.download = "stepwise-edits.json";
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
      say(`Exported ${plural(count, "edited cell")}.`);
    }
    if (action === "reset-page") {
      // every edit of the page: its cells', one made before the lesson changed a cell, the reader's own cells
      const edits = store.cells(page).map((key) => [key, store.get(page, key)!] as const);
      if (edits.length === 0) return say("No cell on this page was edited: each is as the lesson wrote it.");
      for (const [key] of edits) store.remove(page, key);
      // the page is loaded again, as the reader's code may have changed what no cell's rerun puts back (a global it
      // overwrote, the page's DOM); what was put aside waits in this tab's session for Undo
      try {
        sessionStorage.setItem(RESET, JSON.stringify(edits));
        return location.reload();
      } catch {
        for (const cell of cells.values()) cell.reload(); // no session storage: put back in place, Undo kept in memory
        resetUndoable(edits);
      }
    }
  });

  function resetUndoable(edits: readonly (readonly [string, string])[]) {
    undoable(
      `Every cell on this page is back as the lesson wrote it (${plural(edits.length, "edit")} put aside).`,
      "info",
      () => edits.forEach(([id, code]) => store.set(page, id, code)),
      `Your ${plural(edits.length, "edit")} ${edits.length === 1 ? "is" : "are"} back.`
    );
  }
  const putAside = resetBefore();
  if (putAside) resetUndoable(putAside);

  bar.querySelector("input")!.addEventListener("change", async (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    if (!file) return;
    try {
      const edits = validateEditsFile(JSON.parse(await file.text()));
      const {count, replaced, unsaved, undo} = store.importAll(edits);
      for (const cell of cells.values()) cell.reload();
      adoptStoredCells();
      setInputValues(edits.inputs?.[page] ?? {});
      const parts = [`Imported ${plural(count, "edited cell")}`];
      if (replaced) parts.push(`${replaced} of your edits replaced by the file's`);
      if (unsaved) parts.push(`${unsaved} kept only until you leave the page, as ${store.problem}: use Export`);
      undoable(
        `${parts.join("; ")}.`,
        unsaved ? "warning" : "info",
        undo,
        "The import is undone: your edits are as before."
      );
    } catch (error) {
      say(
        error instanceof SyntaxError
          ? "That file is not JSON: was it made by the Export button?"
          : (error as Error).message,
        "error"
      );
    }
  });
  return bar;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** This tab's session entry for the edits "Reset this page" put aside before loading the page again. */
const RESET = `stepwise:reset:${location.pathname}`;

/** The edits put aside by a reset just before this load, read once: [cell, code] pairs. */
function resetBefore(): [string, string][] | undefined {
  try {
    const saved = sessionStorage.getItem(RESET);
    sessionStorage.removeItem(RESET);
    const edits: unknown = saved && JSON.parse(saved);
    return Array.isArray(edits) &&
      edits.every((e) => Array.isArray(e) && e.length === 2 && e.every((part) => typeof part === "string"))
      ? edits
      : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves a second after the page's load event: by then every cell of the page has been drawn. */
const loaded = () =>
  new Promise<void>((resolve) => {
    const later = () => setTimeout(resolve, 1000);
    if (document.readyState === "complete") later();
    else addEventListener("load", later, {once: true});
  });
