// What the editable cells of one page share: the store of edits, the page's name in it, the live cells, so the
// page's toolbar can reset, export and import them all, and the shared code waiting for consent, which the toolbar
// points to from the top of the page.
import {editStore, type EditStore} from "../../src/cells/index.js";

export interface CellHandle {
  id: string;
  /** Loads the stored edit (or the lesson's code when none) into the editor and runs it. */
  reload(): void;
}

/** The page's name, the same under any host and sub-path: "positional-encoding" for .../positional-encoding.html. */
export const page =
  location.pathname
    .replace(/\/$/, "/index")
    .replace(/\.html$/, "")
    .split("/")
    .pop() || "index";

export const store: EditStore = editStore(() => localStorage);

export const cells = new Map<string, CellHandle>();

/** The consent box of each cell showing a share link's code that the reader has neither run nor declined. */
export const waitingShares = new Map<string, {name: string; box: HTMLElement}>();
/** Dispatches "change" whenever waitingShares does. */
export const sharesChanged = new EventTarget();
