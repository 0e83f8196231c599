// The notebook: every cell of a lesson as the TypeScript it was written in (kept in the page by
// src/markdown/cellSources.ts), open to edit and run. A "Code" button beside each cell's output opens that cell's
// code under it; "Show all code" shows every cell in order, the ones that show nothing included, the `${…}`
// expressions in the text among them (an edited one shows its new value in the text), and cells of the reader's
// own. Running a cell redefines it in the page's runtime (./pageRuntime.ts): the cells that use it rerun, nothing
// upstream does. Code that does not compile is marked at its line and column, and the cell keeps its last
// definition. Edits are kept per page and cell in the course's store of edits (./registry.ts), under the cell's
// place and Framework's id for it, a hash of the lesson's code: an edit made before the lesson changed that cell is
// not run, and the reader chooses between it and the lesson's new code. A cell the lesson marks editable (an
// exercise's starting code, say) is shown open in the article, under its label, and its edit is kept under the id the
// lesson gives it and a hash of its code ("exercise-rotation@1c0ffee5"), wherever the lesson moves it.
import type {EditorView} from "@codemirror/view";
import {
  CELL_SOURCES_ID,
  CellError,
  cellDefinition,
  editKey,
  errorFromCell,
  isSharedPage,
  kindOf,
  parseCellSources,
  staleEdit,
  type CellDefinition,
  type CellSource
} from "../../src/cells/index.js";
import {button} from "../button.js";
import {codeEditor, markError, replaceDoc} from "./editor.js";
import {
  cellRoot,
  defineScratch,
  pageReads,
  pageValue,
  type Module,
  pageDefines,
  pageImports,
  pageModule,
  pageReserved,
  redefineCell
} from "./pageRuntime.js";
import {cells, dropSharedLink, page, safeMode, sharedLink, shareLink, store} from "./registry.js";
import {offerBringBack, offerCode, SHARED_INTRO, unaskedIntro} from "./consent.js";
import {offerStaleChoice} from "./staleChoice.js";

/** A cell the notebook shows: one of the lesson's, or one the reader added (`source` undefined). */
interface NotebookCell {
  /** "cell-3", the lesson's third fenced cell, "expression-2", its second expression in the text, or "scratch-1". */
  key: string;
  /** Where its edit is stored: a lesson's cell adds the lesson's code's hash, "cell-3@5135dbbc". */
  stored: string;
  /**
   * Other names an edit of an editable cell was kept under, before it was one: the widget's bare id, and its id with the
   * hash of the lesson's code without the fence's final newline. Code written under one unseen is offered too.
   */
  also?: string[];
  name: string;
  source?: CellSource;
  panel?: HTMLElement;
  /** Runs the code in the cell's editor, once its panel is made. */
  run?: () => Promise<void>;
  /** The panel's editor, made on first use. */
  editor?: () => EditorView;
  /** Puts the stored edit (or the lesson's code) back in the editor and runs it. */
  reload?: () => void;
}

const SCRATCH = /^scratch-(\d+)$/;
const sources = (() => {
  const script = document.getElementById(CELL_SOURCES_ID);
  return script ? parseCellSources(script.textContent!) : [];
})();
// fenced cells and expressions are counted apart, so that the expressions leave the keys of edits made before
const counted = {block: 0, inline: 0};
const lessonCells: NotebookCell[] = sources.map((source) => {
  const key = `${source.mode === "inline" ? "expression" : "cell"}-${++counted[source.mode]}`;
  if (source.editable) {
    // an edit kept by the editable widget this cell was hashed the lesson's code without the fence's final newline
    const {id, label} = source.editable;
    const [stored, ...also] = [editKey(id, source.source), editKey(id, source.source.replace(/\n$/, "")), id];
    // an edit the editable widget kept, under its hash of the lesson's code without the fence's final newline or
    // (before edits were keyed by the lesson's code) under the bare id, is the reader's edit of this cell: it moves
    for (const old of also) {
      const code = store.get(page, old);
      if (code === undefined) continue;
      if (store.get(page, stored) === undefined) store.set(page, stored, code);
      store.remove(page, old);
    }
    return {key, stored, also, name: label, source};
  }
  return {key, stored: `${key}@${source.id}`, name: cellName(`${key}@${source.id}`), source};
});
const scratchCells: NotebookCell[] = store
  .cells(page)
  .filter((key) => SCRATCH.test(key))
  .sort((a, b) => Number(SCRATCH.exec(a)![1]) - Number(SCRATCH.exec(b)![1]))
  .map(scratchCell);

// What compiling needs of the page, read once its runtime is found and before any edit runs.
const context = pageModule().then((module) => ({
  module,
  defines: pageDefines(module),
  reserved: pageReserved(module),
  imports: pageImports(module, sources)
}));

function scratchCell(key: string): NotebookCell {
  return {key, stored: key, name: cellName(key)};
}

/**
 * A cell's name as the reader sees it, from its key in the store: "Cell 3", "Expression 2", "Your cell 1", or an
 * editable cell's id.
 */
export function cellName(stored: string): string {
  const lesson = /^(cell|expression)-(\d+)@/.exec(stored);
  const mine = SCRATCH.exec(stored);
  if (lesson) return `${lesson[1] === "cell" ? "Cell" : "Expression"} ${lesson[2]}`;
  return mine ? `Your cell ${mine[1]}` : stored.replace(/@[0-9a-f]{8}$/, "");
}

/** What a cell's code defines and whether it shows anything, for its label and its "Code" button; once per code. */
const shapes = new Map<string, {outputs: string[]; displays: boolean}>();
function shape(code: string): {outputs: string[]; displays: boolean} {
  let known = shapes.get(code);
  if (!known) shapes.set(code, (known = compiledShape(code)));
  return known;
}

function compiledShape(code: string): {outputs: string[]; displays: boolean} {
  try {
    const {inputs, outputs, expression} = cellDefinition(code, {
      defines: (name) => name === "display" || name === "view",
      resolveImport: () => "",
      id: "shape"
    });
    return {outputs, displays: expression || inputs.includes("display") || inputs.includes("view")};
  } catch {
    return {outputs: [], displays: false};
  }
}

function label(cell: NotebookCell): string {
  if (cell.source?.mode === "inline") return `${cell.name}, in the text`;
  if (cell.source?.editable) return cell.name;
  const {outputs} = shape(cell.source?.source ?? "");
  if (!outputs.length) return cell.name;
  const shown = outputs.length > 4 ? `${outputs.slice(0, 4).join(", ")} and ${outputs.length - 4} more` : outputs;
  return `${cell.name}, defines ${shown}`;
}

/** What a cell's code is called in stack traces: the page and the cell's key. */
const cellId = (cell: NotebookCell) => `${page}-${cell.key}`;

interface RunHandlers {
  /** Told each time a run of the cell throws. */
  failed: (error: unknown) => void;
  /** Told each time a run of the cell ends well: when it runs now, or again as the cells it uses change. */
  ran: () => void;
  /** Told when a function the cell defines fails, called by another cell, and when it works again (undefined). */
  laterError: (error: CellError | undefined, name: string) => void;
  /** Told when a run of the cell's code begins; what it returns, when that run ends. */
  began: () => () => void;
  /** Ends the runs of this code: Stop, or the cell run again. */
  signal: AbortSignal;
}

/**
 * Compiles and runs `code` as the cell; resolves to the error that stopped it from compiling, or else to the names it
 * waits for, which no cell defines yet.
 */
async function runCell(
  cell: NotebookCell,
  code: string,
  {failed, ran, laterError, began, signal}: RunHandlers,
  output?: HTMLElement
): Promise<CellError | {waiting: string[]}> {
  const {defines, reserved, imports, module} = await context;
  let definition: CellDefinition;
  try {
    definition = cellDefinition(code, {
      defines,
      reserved,
      resolveImport: (specifier) => imports.get(specifier),
      id: cellId(cell),
      onLaterError: laterError,
      signal
    });
  } catch (error) {
    if (error instanceof CellError) return error;
    throw error;
  }
  if (cell.source?.mode === "inline" && !definition.expression)
    return new CellError("An expression in the text stays one expression: its value is what the text shows.", "syntax");
  // an editable cell defines what the lesson's code of it does that other cells read, and what the page goes on with
  // when a run fails
  const lessonOutputs = cell.source?.editable
    ? shape(cell.source.source).outputs.filter((name) => pageReads(module, name))
    : [];
  const missing = lessonOutputs.filter((name) => !definition.outputs.includes(name));
  if (missing.length)
    return new CellError(
      `This cell must define ${missing.join(" and ")}: the rest of the page uses ${missing.length > 1 ? "them" : "it"}.`,
      "missing-output"
    );
  // (none when the lesson's code itself failed: then a run of the reader's that fails leaves the page as it was)
  const kept = cell.source?.editable && (await keptValues(module, lessonOutputs).catch(() => undefined));
  const {body} = definition;
  // what the cell's own code threw, which `failed` says: a scratch cell's output does not say it again
  const said = new WeakSet<object>();
  definition.body = async (...inputs) => {
    const ended = began();
    try {
      const value = await body(...inputs).finally(ended);
      if (kept) await usable(cell.source!.editable!.check, module, value as Record<string, unknown>, kept);
      if (kept) usedCode.set(cell.source!.editable!.id, code);
      ran();
      return value;
    } catch (thrown) {
      const error = thrown instanceof Object ? thrown : new Error(String(thrown));
      said.add(error);
      if (!kept) {
        failed(error);
        throw error;
      }
      // the page never sees a value its check refuses, nor a failed run: it goes on with the last code that ran
      const message = error instanceof Error ? error.message : String(error);
      // a run the reader stopped is no error
      const stop = error instanceof CellError && error.kind === "stopped";
      failed(
        new CellError(
          `${message}${stop ? " " : "\n"}The page below goes on with the last code that ran${stop ? "." : "; fix the code and run it again."}`,
          stop ? "stopped" : "runtime"
        )
      );
      return kept;
    }
  };
  const waiting = definition.inputs.filter((name) => !defines(name));
  // its status says what it threw, and what it waits for (the runtime's "… is not defined"): a scratch cell's output
  // does not
  const saidElsewhere = (e: unknown) =>
    e instanceof Object && (said.has(e) || waiting.some((name) => (e as Error).message === `${name} is not defined`));
  // an error a cell it uses passes on, when its body then never runs, is said under it too, and ends the run
  const rejected = (e: unknown) => {
    if (saidElsewhere(e)) return;
    if (e instanceof Object) said.add(e);
    failed(e);
  };
  // a newer run of the cell began while this one waited for the page: its definition must not land after the newer one
  if (signal.aborted) return {waiting: []};
  if (!cell.source) return (await defineScratch(cell.key, definition, output!, saidElsewhere, rejected)) ?? {waiting};
  await redefineCell(cell.source.id, definition, `${cell.name} (edited)`, cell.source.mode, rejected);
  return {waiting};
}

/** The code of each editable cell, by its id, whose run gave the page its values: where a reader's run has. */
const usedCode = new Map<string, string>();

/**
 * The code of the editable cell `id` that what the page uses came from: the reader's last run the page could use, or
 * else the lesson's. A page that runs the cell's code elsewhere too (in a worker) sends this.
 */
export function editableSource(id: string): string {
  const lesson = sources.find((source) => source.editable?.id === id);
  if (!lesson) throw new Error(`This page has no editable cell ${id}.`);
  return usedCode.get(id) ?? lesson.source;
}

/**
 * What the page's cells give an editable cell's names now: the lesson's values, or those of the reader's last run that
 * the page could use, which a failed run leaves in place.
 */
async function keptValues(module: Module, names: string[]): Promise<Record<string, unknown>> {
  const values = await Promise.all(names.map((name) => pageValue(module, name)));
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

/**
 * Throws, with a sentence, when the page cannot use what a reader's run of an editable cell defined: a name of another
 * kind than the lesson's (a number where the page calls a function), or one the cell's check refuses.
 */
async function usable(
  check: string | undefined,
  module: Module,
  value: Record<string, unknown>,
  kept: Record<string, unknown>
): Promise<void> {
  for (const [name, before] of Object.entries(kept))
    if (kindOf(value[name]) !== kindOf(before))
      throw new CellError(
        `Your code ran, but the page needs ${name} to be ${kindOf(before)}, as the lesson's is; yours is ${kindOf(value[name])}.`,
        "runtime"
      );
  if (!check) return;
  const checked = (await pageValue(module, check)) as (value: Record<string, unknown>) => void;
  try {
    checked(value);
  } catch (error) {
    const names = Object.keys(kept).join(" and ");
    throw new CellError(`Your code ran, but the page cannot use ${names}: ${(error as Error).message}`, "runtime");
  }
}

/** The cell's editor with Run and Reset (or Remove, for the reader's own), made when first shown. */
function panelOf(cell: NotebookCell): HTMLElement {
  if (cell.panel) return cell.panel;
  const original = cell.source?.source ?? "";
  const panel = document.createElement("section");
  panel.className = "notebook-cell";
  panel.dataset.cell = cell.key;
  if (cell.source?.editable) panel.dataset.editable = cell.source.editable.id;
  panel.setAttribute("aria-label", label(cell));
  panel.innerHTML = `<div class="cell-bar">
      <span class="cell-name"></span><span class="cell-modified" hidden>modified</span>
      <span class="cell-actions"><button type="button" data-action="run" title="Shift+Enter">Run</button>
      <button type="button" data-action="${cell.source ? "reset" : "remove"}">${cell.source ? "Reset" : "Remove"}</button>
      ${cell.source?.editable ? '<button type="button" data-action="share">Share</button>' : ""}</span>
    </div>
    <div class="cell-consent" role="alert" tabindex="-1" hidden></div>
    <div class="cell-editor"></div>
    <div class="cell-status" role="status" aria-live="polite"></div>
    ${cell.source ? "" : '<div class="notebook-output"></div>'}`;
  const $ = (selector: string) => panel.querySelector(selector) as HTMLElement;
  $(".cell-name").textContent = label(cell);
  const status = $(".cell-status");
  const say = (message: string, kind = "info") => ((status.textContent = message), (status.dataset.kind = kind));
  const modified = (code: string) => ($(".cell-modified").hidden = !cell.source || code === original);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  const unsaved = () =>
    `Your edits cannot be saved: ${store.problem}. They last until you leave the page; use Export to keep them.`;
  /** Whether the code in the editor is kept only in memory, storage having refused it: said until it is saved. */
  let unsavedEdit = false;
  const save = (code: string) => {
    clearTimeout(saveTimer);
    const lessons = cell.source !== undefined && code === original;
    if (lessons) store.remove(page, cell.stored);
    unsavedEdit = !lessons && !store.set(page, cell.stored, code);
    if (unsavedEdit) say(unsaved(), "warning");
  };
  // The code shows at once as text; the editor replaces it a moment later, or at once when the cell is used: a page
  // of two dozen cells shows all its code within a frame (bench/notebook.ts).
  const text = document.createElement("pre");
  text.className = "cell-code";
  text.textContent = store.get(page, cell.stored) ?? staleEditOf(cell)?.code ?? original;
  $(".cell-editor").append(text);
  modified(text.textContent);
  let view: EditorView | undefined;
  const editor = (): EditorView => {
    if (view) return view;
    view = codeEditor({
      doc: text.textContent!,
      label: `${cell.name}: TypeScript. Shift+Enter runs it; Escape then Tab leaves the editor.`,
      onRun: run,
      onChange(code) {
        modified(code);
        clearTimeout(saveTimer);
        saveTimer = setTimeout(() => save(code), 300);
      }
    });
    text.replaceWith(view.dom);
    return view;
  };
  text.addEventListener("click", () => editor().focus());

  // the code the page runs for this cell: the lesson's, until an edit of it runs
  let active = cell.source ? original : undefined;
  /** The cell's latest run, which Stop and the next run end. */
  let running: AbortController | undefined;
  async function run() {
    const code = editor().state.doc.toString();
    save(code);
    running?.abort(); // a run the cell's new run replaces ends here, its loops at their next pass
    const controller = new AbortController();
    running = controller;
    // a run the next one replaced says nothing more
    const latest = () => running === controller;
    say("Running…");
    // the reader's code is marked as running until a run of it ends: one that never ends (it froze the page, or the
    // page was closed first) is not run unasked on the next visit. The mark is the latest run's: the lesson's own code
    // clears a mark the run it replaced left, and a replaced run that ends later leaves the newer run's mark alone
    const mine = code !== original;
    store.running(page, cell.stored, mine);
    // run() resolves once this run has ended, well or not, or found it must wait
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    const finished = () => {
      if (mine && latest()) store.running(page, cell.stored, false);
      ended();
    };
    const failed = (error: unknown) => {
      finished();
      if (!latest()) return;
      const stop = error instanceof CellError && error.kind === "stopped";
      say(error instanceof Error ? error.message : String(error), stop ? "info" : "error");
    };
    const done = cell.source ? "Ran: the cells that use this one run again." : "Ran.";
    // the run says how it went when it ends: at once, or once the cells it uses have their values
    const ran = () => {
      finished();
      if (!latest()) return;
      // an edit the storage refused is said again after the run, not replaced by it
      if (unsavedEdit) say(`${done} ${unsaved()}`, "warning");
      else say(done);
    };
    // what the status said before a function of the cell failed when another cell called it, to say again once it works
    let beforeLater: [string, string] | undefined;
    const laterError = (error: CellError | undefined, name: string) => {
      if (!latest()) return;
      if (error) {
        beforeLater ??= [status.textContent ?? "", status.dataset.kind ?? "info"];
        say(`${error.message} It failed when the page called ${name}.`, "error");
      } else if (beforeLater) {
        say(...beforeLater);
        beforeLater = undefined;
      }
    };
    /** Past a second, a run says how long it has run, with a Stop. */
    const began = () => {
      const started = performance.now();
      const ticking = setInterval(() => {
        if (!latest()) return;
        say(`Running for ${Math.round((performance.now() - started) / 1000)} s… `);
        status.append(button("Stop", () => controller.abort()));
      }, 1000);
      return () => clearInterval(ticking);
    };
    const handlers = {failed, ran, laterError, began, signal: controller.signal};
    const result = await runCell(cell, code, handlers, cell.source ? undefined : $(".notebook-output"));
    if (!latest()) return; // a newer run of the cell replaced this one
    if (result instanceof CellError || result.waiting.length) finished(); // it did not run, or waits to
    if (result instanceof CellError) {
      if (result.from !== undefined)
        markError(editor(), {from: result.from, to: result.to ?? result.from + 1, message: result.message});
      say(`${result.message}\nThe page goes on with this cell's last code that ran.`, "error");
      return;
    }
    active = code;
    markError(editor());
    if (result.waiting.length)
      say(`Waiting: no cell defines ${result.waiting.join(", ")} yet. This cell runs once one does.`, "warning");
    await end;
  }

  panel.addEventListener("click", (event) => {
    const action = (event.target as HTMLElement).closest("button")?.dataset.action;
    if (action === "run") run();
    if (action === "reset") {
      store.remove(page, cell.stored);
      replaceDoc(editor(), original);
      run();
    }
    if (action === "remove") {
      store.remove(page, cell.stored);
      remove();
    }
    if (action === "share")
      shareLink({page, cell: cell.source!.editable!.id, code: editor().state.doc.toString()}, "this cell's code").then(
        (said) => say(said),
        (error: Error) => say(error.message, "warning")
      );
  });

  /** Code that has not run, a link's or code written into the cell's saved edit unseen: run once the reader agrees. */
  const offer = (code: string, from: string, intro: string, answered: () => void) =>
    offerCode($(".cell-consent"), {
      key: cell.stored,
      name: cell.name,
      code,
      from,
      intro,
      answered,
      async accept() {
        const mine = editor().state.doc.toString();
        replaceDoc(editor(), code);
        await run();
        // the reader's own edit is not lost: one press brings it back
        if (mine !== original && mine !== code)
          offerBringBack(status, () => {
            replaceDoc(editor(), mine);
            run();
          });
      }
    });
  const unasked = [cell.stored, ...(cell.also ?? [])].find((key) => store.unasked(page, key));
  if (cell.source?.mode === "block" && unasked !== undefined) {
    const {code, from} = store.unasked(page, unasked)!;
    offer(code, from, unaskedIntro(from, page), () => store.dropUnasked(page, unasked));
  }
  // The same cell edited in another tab: each would save over the other unseen. Say so, and offer theirs.
  addEventListener("storage", (event) => {
    if (event.key !== store.keyOf(page, cell.stored)) return;
    const theirs = event.newValue ?? original;
    if (theirs === editor().state.doc.toString()) return;
    say(
      "Another tab changed this cell's saved code. What you see here is yours; your next edit saves it over theirs. ",
      "warning"
    );
    status.append(
      button("Load the other tab's code", () => {
        replaceDoc(editor(), theirs);
        run();
      })
    );
  });
  // A promise the code created and left to reject is still this cell's error: said here, not in the console.
  addEventListener("unhandledrejection", (event) => {
    const error = errorFromCell(event.reason, cellId(cell));
    if (!error) return;
    event.preventDefault();
    say(`${error.message} Nothing waited for this promise.`, "error");
  });
  /** A share link's code for this cell, which the address may carry: an editable cell's, named by its id. */
  const offerShared = async () => {
    const shared = await sharedLink().catch(() => undefined); // a link the page cannot use is reported at the top
    if (!shared || isSharedPage(shared) || shared.page !== page || shared.cell !== cell.source?.editable?.id) return;
    offer(shared.code, "link", SHARED_INTRO, dropSharedLink);
  };
  if (cell.source?.editable) {
    offerShared();
    addEventListener("hashchange", offerShared); // a link followed within the page
  }

  function remove() {
    defineScratch(cell.key, undefined, $(".notebook-output"));
    scratchCells.splice(scratchCells.indexOf(cell), 1);
    cells.delete(cell.stored);
    panel.remove();
  }

  /** An edit made before the lesson changed this cell: shown, not run, until the reader chooses. */
  const stale = staleEditOf(cell);
  if (stale && store.get(page, cell.stored) === undefined) {
    say("The lesson changed this cell since you edited it: your edit is shown here but has not run. ", "warning");
    offerStaleChoice(status, stale.key, {
      current: () => editor().state.doc.toString(),
      lesson: original,
      keep: run,
      take() {
        replaceDoc(editor(), original);
        say("The lesson's code is back in this cell.");
      }
    });
  }

  /** An edit not run as the page opened: its last run never ended, or the address asks for safe mode. */
  const edited = store.get(page, cell.stored);
  if (edited !== undefined && edited !== original && (store.leftRunning(page, cell.stored) || safeMode))
    say(
      safeMode
        ? "Safe mode (?safe in the address): your edit is shown but has not run. Press Run to run it."
        : "Your edit of this cell did not finish running on your last visit (the page stopped answering, or was closed while it ran), so it has not run this time: read it, fix it, and press Run, or Reset.",
      "warning"
    );

  cell.reload = () => {
    const code = store.get(page, cell.stored);
    if (code === undefined && !cell.source) return remove();
    // a cell whose code the reset or its Undo leaves as it runs now is not run again, nor are the cells that use it
    if ((code ?? original) === active) return;
    replaceDoc(editor(), code ?? original);
    run();
  };
  cell.run = run;
  cell.editor = editor;
  return (cell.panel = panel);
}

/** "Reset this page" and its Undo, in the page's edits toolbar, reach the cell as they reach editable cells. */
function register(cell: NotebookCell): void {
  // an editable cell by its id, as a share link names it
  const name = cell.source?.editable?.id ?? cell.stored;
  cells.set(name, {id: cell.stored, reload: () => (panelOf(cell), cell.reload!())});
}

/** The reader's edit of a lesson's cell made when the lesson's code of it was other than it is now, if any. */
function staleEditOf(cell: NotebookCell): {key: string; code: string} | undefined {
  return cell.source ? staleEdit(store, page, cell.source.editable?.id ?? cell.key, cell.stored) : undefined;
}

/** The "Code" button beside a cell's output: opens the cell's code under the output, and closes it. */
function codeButton(cell: NotebookCell, output: Element): void {
  const toggle = button("Code", () => {
    const panel = panelOf(cell);
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    if (open) toggle.after(panel);
    if (open) cell.editor!();
    else panel.remove();
  });
  toggle.className = "cell-code-button";
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-label", `Code of ${cell.name}`);
  output.after(toggle);
}

let view: HTMLElement | undefined;

/** Shows every cell's code in order, and the reader's own cells, in place of the article; `false` goes back. */
function showNotebook(open: boolean, switcher: HTMLElement): void {
  const main = document.getElementById("observablehq-main")!;
  switcher.setAttribute("aria-pressed", String(open));
  if (!open) {
    main.classList.remove("notebook-open");
    view?.remove();
    // a cell opened beside its output goes back there, and one the article shows open to its place
    for (const cell of lessonCells) {
      const toggle = cell.panel && codeButtonOf(cell);
      if (toggle?.getAttribute("aria-expanded") === "true") toggle.after(cell.panel!);
      if (cell.source?.editable) showOpen(cell);
    }
    switcher.focus();
    return;
  }
  view = document.createElement("section");
  view.className = "notebook";
  view.setAttribute("aria-label", "Every cell of this page");
  const back = button("Back to the lesson", () => showNotebook(false, switcher));
  const list = document.createElement("div");
  list.className = "notebook-cells";
  list.append(...lessonCells.map(panelOf), ...scratchCells.map(panelOf));
  const add = button("Add a cell", () => {
    const last = scratchCells.map((c) => Number(SCRATCH.exec(c.key)![1]));
    const cell = scratchCell(`scratch-${Math.max(0, ...last) + 1}`);
    scratchCells.push(cell);
    register(cell);
    list.append(panelOf(cell));
    cell.editor!().focus();
  });
  add.className = "notebook-add";
  view.append(back, list, add);
  main.prepend(view);
  main.classList.add("notebook-open");
  back.focus();
  // the editors replace the text a few at a time, so that the page answers the reader between them
  const waiting = [...lessonCells, ...scratchCells];
  const next = () => {
    for (const cell of waiting.splice(0, 4)) cell.editor!();
    if (waiting.length && view?.isConnected) setTimeout(next);
  };
  requestAnimationFrame(() => setTimeout(next));
}

/**
 * Takes in the reader's cells that the store holds and the notebook does not show yet (just imported from a file or
 * a link): each is registered, shown in the notebook if it is open, and run (not in safe mode).
 */
export function adoptStoredCells(): void {
  const known = new Set(scratchCells.map((c) => c.key));
  const added = store
    .cells(page)
    .filter((key) => SCRATCH.test(key) && !known.has(key))
    .sort((a, b) => Number(SCRATCH.exec(a)![1]) - Number(SCRATCH.exec(b)![1]))
    .map(scratchCell);
  for (const cell of added) {
    scratchCells.push(cell);
    register(cell);
    const panel = panelOf(cell);
    view?.querySelector(".notebook-cells")?.append(panel);
    if (!safeMode) cell.run!();
  }
}

function codeButtonOf(cell: NotebookCell): HTMLElement | undefined {
  const output = cell.source?.mode === "block" ? cellRoot(cell.source.id)?.parentElement : undefined;
  const next = output?.nextElementSibling;
  return next?.classList.contains("cell-code-button") ? (next as HTMLElement) : undefined;
}

/** The cell's panel in the article, after where its output goes: an editable cell's place, or a consent box's. */
function showOpen(cell: NotebookCell): void {
  cellRoot(cell.source!.id)?.parentElement?.after(panelOf(cell));
}

let installed = false;

/** The page's "Show all code" switch; the first call also puts a "Code" button beside every cell's output. */
export function notebookSwitch(): HTMLElement {
  const switcher = button("Show all code", () =>
    showNotebook(switcher.getAttribute("aria-pressed") !== "true", switcher)
  );
  switcher.className = "notebook-switch";
  switcher.setAttribute("aria-pressed", "false");
  if (!installed) {
    installed = true;
    // one cell per task: parsing every cell's code at once held the page for 378 ms on a CPU throttled 4x while its
    // model ran (the student walk of the reverse sampler)
    const pending = lessonCells.filter((cell) => cell.source!.mode === "block");
    const place = () => {
      const cell = pending.shift();
      if (!cell) return;
      const output = cellRoot(cell.source!.id)?.parentElement;
      if (output && shape(cell.source!.source).displays) codeButton(cell, output);
      setTimeout(place);
    };
    setTimeout(place);
    // the cells the lesson marks editable show open at once, their editors one per task; each panel is placed once,
    // as moving it would take the focus from a reader already typing in it
    const open = lessonCells.filter((cell) => cell.source!.editable);
    const ready = () => {
      open.shift()?.editor!();
      if (open.length) setTimeout(ready);
    };
    setTimeout(() => {
      open.forEach(showOpen);
      setTimeout(ready);
    });
    // the reader's saved edits and cells run as the page opens (not in safe mode, which shows them unrun)
    for (const cell of [...lessonCells, ...scratchCells]) {
      const edit = store.get(page, cell.stored);
      if (edit !== undefined && edit !== cell.source?.source) {
        panelOf(cell);
        if (!safeMode && !store.leftRunning(page, cell.stored)) cell.run!();
      } else if (staleEditOf(cell)) panelOf(cell);
      // code written into the cell's saved edit unseen waits for the reader beside the cell's output
      else if (cell.source?.mode === "block" && [cell.stored, ...(cell.also ?? [])].some((k) => store.unasked(page, k)))
        showOpen(cell);
      register(cell);
    }
  }
  return switcher;
}
