// An editable cell: the reader edits TypeScript in the page, runs it with Shift+Enter or the Run button, and the
// value it defines flows to every cell that uses it, through Framework's reactivity (`view(editableCell(...))`).
// Edits are kept per page and cell; a shared link's code is shown and waits for the reader's consent; errors are
// shown under the cell at the reader's line. A failed run never reaches the page: Framework's runtime stops reading
// a view whose value rejects, so the cells below keep the last value that ran (the lesson's own code's, if none of
// the reader's has) and the page goes on working while the reader fixes the code.
import {
  CellError,
  compileCell,
  editKey,
  errorFromCell,
  isSharedPage,
  kindOf,
  staleEdit
} from "../../src/cells/index.js";
import {button} from "../button.js";
import {codeEditor, markError, replaceDoc} from "./editor.js";
import {cells, dropSharedLink, page, safeMode, sharedLink, shareLink, store} from "./registry.js";
import {offerBringBack, offerCode, SHARED_INTRO, unaskedIntro} from "./consent.js";
import {offerStaleChoice} from "./staleChoice.js";

export interface EditableCellOptions {
  /** Unique on the page; names the stored edit. */
  id: string;
  /** The lesson's code, restored by Reset. */
  code: string;
  /** The name the code defines; its value is the cell's value. */
  output: string;
  /** Names the code may use: library functions, the page's values. */
  scope?: Record<string, unknown>;
  /** What a screen reader announces for the editor. */
  label?: string;
  /** Checks the value the code defines; what it throws is shown under the cell, where the reader is looking. */
  check?: (value: unknown) => void;
  budgetMs?: number;
}

type StatusKind = "info" | "error" | "warning";

/**
 * The cell's element; its value is a promise of what the code defines. `T` is the kind of value the page expects, as
 * `check` makes sure at run time: the type check of the lesson reads the cell's value as a `T`.
 */
export function editableCell<T = unknown>({id, code, output, scope = {}, label, budgetMs, check}: EditableCellOptions) {
  const name = label ?? `Editable cell ${id}`;
  // where the reader's edit is kept: under the cell's id and the hash of the lesson's code of it
  const stored = editKey(id, code);
  /** The reader's saved edit; one saved under the bare id, before edits were keyed by the lesson's code, moves. */
  const savedEdit = () => {
    const unkeyed = store.get(page, id);
    if (unkeyed !== undefined && store.get(page, stored) === undefined) store.set(page, stored, unkeyed);
    if (unkeyed !== undefined) store.remove(page, id);
    return store.get(page, stored);
  };
  const edited = savedEdit();
  const stale = edited === undefined ? staleEdit(store, page, id, stored) : undefined;
  // `source`: the code the value came from, for a page that runs it elsewhere too (in a worker, say)
  const element = document.createElement("div") as HTMLDivElement & {value: Promise<T>; readonly source: string};
  element.className = "editable-cell";
  element.dataset.cell = id;
  element.innerHTML = `<div class="cell-bar">
      <span class="cell-name"></span><span class="cell-modified" hidden>modified</span>
      <span class="cell-actions"><button type="button" data-action="run" title="Shift+Enter">Run</button>
      <button type="button" data-action="reset">Reset</button>
      <button type="button" data-action="share">Share</button></span>
    </div>
    <div class="cell-consent" role="alert" tabindex="-1" hidden></div>
    <div class="cell-editor"></div>
    <div class="cell-status" role="status" aria-live="polite"></div>`;
  const $ = <T extends HTMLElement>(selector: string) => element.querySelector(selector) as T;
  $(".cell-name").textContent = name;
  const status = $(".cell-status");

  // The cell's value as the page sees it: a promise of what the code last defined without failing.
  let value: Promise<unknown> = Promise.resolve(undefined);
  let lastGood: Promise<unknown> | undefined;
  /** The code of the last run that did not fail: the lesson's until one of the reader's runs. */
  let source = code;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  // What the status said before a function of the cell failed when the page called it, to say again once it works.
  let beforeLaterError: [string, StatusKind] | undefined;
  const editor = codeEditor({
    doc: edited ?? stale?.code ?? code,
    label: `${name}: TypeScript. Shift+Enter runs it; Escape then Tab leaves the editor.`,
    onRun: run,
    onChange(current) {
      showModified(current);
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => save(current), 300);
    }
  });
  $(".cell-editor").append(editor.dom);
  showModified(editor.state.doc.toString());

  Object.defineProperty(element, "value", {get: () => value});
  Object.defineProperty(element, "source", {get: () => source});

  element.addEventListener("click", (event) => {
    const action = (event.target as HTMLElement).closest("button")?.dataset.action;
    if (action === "run") run();
    if (action === "reset") reset();
    if (action === "share") share();
  });

  const unsaved = () =>
    `Your edits cannot be saved: ${store.problem}. They last until you leave the page; use Export to keep them.`;

  /** Whether the code in the editor is kept only in memory, storage having refused it: said until it is saved. */
  let unsavedEdit = false;
  function save(current: string) {
    if (current === code) store.remove(page, stored);
    unsavedEdit = current !== code && !store.set(page, stored, current);
    if (unsavedEdit) say(unsaved(), "warning");
  }

  function showModified(current: string) {
    $(".cell-modified").hidden = current === code;
  }

  function say(message: string, kind: StatusKind = "info") {
    beforeLaterError = undefined;
    status.textContent = message;
    status.dataset.kind = kind;
  }

  /** Runs the code in the editor; `notify` tells the page a new value is ready (not needed on the first run). */
  /** The lesson's own code's value, run once when a reader's value needs comparing with it. */
  let lessonValue: Promise<unknown> | undefined;
  /** Ends the run going on, if any: pressing Stop, or running the cell again. */
  let running: AbortController | undefined;

  function run(notify = true) {
    const current = editor.state.doc.toString();
    clearTimeout(saveTimer);
    save(current);
    const reader = current !== code;
    if (reader) store.running(page, stored, true);
    running?.abort(); // a run the cell's new run replaces ends here, its loops at their next pass
    const controller = new AbortController();
    running = controller;
    const attempt = evaluate(current, controller);
    if (reader) attempt.then(finished, finished);
    value = attempt.then(
      (result) => result,
      (error: CellError) => {
        if (!lastGood && current === code) throw error; // the lesson's own code failed: nothing to go on with
        const kept = lastGood ? "the last code that ran" : "the lesson's code";
        lastGood ??= evaluate(code);
        // a run the reader stopped is no error
        if (running === controller && error.kind === "stopped")
          say(`${error.message} The page below goes on with ${kept}.`);
        else if (running === controller)
          say(`${error.message}\nThe page below goes on with ${kept}; fix the code and run it again.`, "error");
        return lastGood;
      }
    );
    attempt.then(
      (result) => {
        lastGood = Promise.resolve(result);
        source = current;
      },
      () => {}
    );
    value.catch(() => {}); // only the lesson's own code failing leaves the page without a value; it is shown above
    if (notify)
      attempt.then(
        () => element.dispatchEvent(new Event("input", {bubbles: true})),
        () => {}
      );
  }

  /**
   * Runs code. Given the run's controller (the reader's runs), it marks errors in the editor and says how the run
   * went under the cell while the run is the cell's latest, and past a second says how long it has run, with a Stop.
   */
  async function evaluate(current: string, controller?: AbortController): Promise<unknown> {
    const shown = () => controller !== undefined && running === controller;
    if (shown()) {
      markError(editor);
      say("Running…");
    }
    const started = performance.now();
    const ticking = controller && setInterval(() => shown() && showRunning(started, controller), 1000);
    try {
      const runCell = compileCell(current, {
        output,
        scope,
        budgetMs,
        id,
        onLaterError(error) {
          if (error) {
            const before = beforeLaterError ?? [
              status.textContent ?? "",
              (status.dataset.kind ?? "info") as StatusKind
            ];
            say(`${error.message} It failed when the page called ${output}.`, "error");
            beforeLaterError = before;
          } else if (beforeLaterError) {
            say(...beforeLaterError);
          }
        }
      });
      const result = await runCell(controller?.signal);
      try {
        check?.(result);
      } catch (error) {
        throw new CellError(`Your code ran, but the page cannot use ${output}: ${(error as Error).message}`, "runtime");
      }
      if (controller && current !== code) {
        // a value of another kind than the lesson's would fail far down the page: say so here
        const expected = await (lessonValue ??= evaluate(code)).then(kindOf, () => undefined);
        if (expected && kindOf(result) !== expected)
          throw new CellError(
            `Your code ran, but the page needs ${output} to be ${expected}, as the lesson's is; yours is ${kindOf(result)}.`,
            "runtime"
          );
      }
      const ran = `Ran in ${Math.max(1, Math.round(performance.now() - started))} ms.`;
      // an edit the storage refused is said again under the run's time, not replaced by it
      if (shown() && unsavedEdit) say(`${ran} ${unsaved()}`, "warning");
      else if (shown()) say(ran);
      return result;
    } catch (error) {
      const e =
        error instanceof CellError ? error : new CellError((error as Error).message ?? String(error), "runtime");
      if (shown() && e.from !== undefined)
        markError(editor, {from: e.from, to: e.to ?? e.from + 1, message: e.message});
      throw e;
    } finally {
      clearInterval(ticking);
    }
  }

  function showRunning(started: number, controller: AbortController) {
    say(`Running for ${Math.round((performance.now() - started) / 1000)} s… `);
    status.append(button("Stop", () => controller.abort()));
  }

  function finished() {
    store.running(page, stored, false);
  }

  function reset() {
    store.remove(page, stored);
    replaceDoc(editor, code);
    run();
  }

  async function share() {
    try {
      say(await shareLink({page, cell: id, code: editor.state.doc.toString()}, "this cell's code"));
    } catch (error) {
      say((error as Error).message, "warning");
    }
  }

  /** Shows the address's shared code for this cell, if it carries some, and runs it only once the reader agrees. */
  async function offerShared() {
    const shared = await sharedLink().catch(() => undefined); // a link the page cannot use is reported at the top
    if (!shared || isSharedPage(shared) || shared.page !== page || shared.cell !== id) return; // a page's: the bar offers it
    offer(shared.code, "link", SHARED_INTRO, dropSharedLink);
  }

  /**
   * Shows code that has not run (a link's, or code written into this cell's saved edit unseen) in the consent box, and
   * runs it only if the reader agrees; `answered` is called either way. The reader's own edit it replaces can come back.
   */
  function offer(incoming: string, from: string, intro: string, answered: () => void) {
    offerCode($(".cell-consent"), {key: id, name, code: incoming, from, intro, answered, accept});
    function accept() {
      const mine = editor.state.doc.toString();
      replaceDoc(editor, incoming);
      run();
      if (mine === code || mine === incoming) return;
      // the reader's own edit is not lost: one press brings it back
      const offerBack = () =>
        offerBringBack(status, () => {
          replaceDoc(editor, mine);
          run();
        });
      value.then(offerBack, offerBack);
    }
  }

  /** Code some page's code wrote into this cell's saved edit, not the reader in an editor: shown, not run, until asked. */
  function offerUnasked() {
    // written under the key, or under the bare id, where edits were kept before they were keyed by the lesson's code
    const key = [stored, id].find((k) => store.unasked(page, k));
    if (key === undefined) return;
    const unasked = store.unasked(page, key)!;
    offer(unasked.code, unasked.from, unaskedIntro(unasked.from, page), () => store.dropUnasked(page, key));
  }

  // A promise the code created and left to reject is still this cell's error: show it here, not in the console.
  addEventListener("unhandledrejection", (event) => {
    const error = errorFromCell(event.reason, id, budgetMs);
    if (!error) return;
    event.preventDefault();
    say(`${error.message} Nothing waited for this promise.`, "error");
  });

  // the registry knows the cell by its id (a share link names it so), and its edit by where it is kept
  cells.set(id, {
    id: stored,
    reload() {
      replaceDoc(editor, savedEdit() ?? code);
      run();
    }
  });
  if (store.problem) say(unsaved(), "warning");
  const stalled = store.leftRunning(page, stored);
  /** The reader's code is shown, not run: the page goes on with the lesson's code until they press Run. */
  const holdBack = () => {
    store.running(page, stored, false);
    lastGood = evaluate(code);
    value = lastGood;
    value.catch(() => {});
  };
  if (stale) {
    holdBack();
    say(
      "The lesson changed this cell since you edited it: your edit is shown here but has not run, and the page goes on with the lesson's new code. ",
      "warning"
    );
    offerStaleChoice(status, stale.key, {
      current: () => editor.state.doc.toString(),
      lesson: code,
      keep: () => run(),
      take: reset
    });
  } else if (edited !== undefined && edited !== code && (stalled || safeMode)) {
    holdBack();
    say(
      stalled
        ? "Your edit of this cell did not finish running on your last visit (the page stopped answering, or was closed while it ran), so it has not run this time. The page goes on with the lesson's code: read your edit, fix it, and press Run, or Reset."
        : "Safe mode (?safe in the address): your edit is shown but has not run. The page goes on with the lesson's code; press Run to run yours.",
      "warning"
    );
  } else run(false);
  offerUnasked();
  offerShared();
  addEventListener("hashchange", offerShared); // a link followed within the page
  // The same cell edited in another tab: each would save over the other unseen. Say so, and offer theirs.
  addEventListener("storage", (event) => {
    if (event.key !== store.keyOf(page, stored)) return;
    const theirs = event.newValue ?? code;
    if (theirs === editor.state.doc.toString()) return;
    say(
      "Another tab changed this cell's saved code. What you see here is yours; your next edit saves it over theirs. ",
      "warning"
    );
    status.append(
      button("Load the other tab's code", () => {
        replaceDoc(editor, theirs);
        run();
      })
    );
  });
  return element;
}
