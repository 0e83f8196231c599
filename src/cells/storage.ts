// Where a reader's edits live between visits: the browser's local storage, one entry per page and cell. Storage
// can be full, or switched off (private windows, blocked cookies); edits then live in memory for the session and
// the store says why, so the page can tell the reader to export their work.
import {isInputValues, type InputValue} from "./share.js";

export interface EditsFile {
  format: "stepwise-edits";
  version: 1;
  /** page -> cell id -> code */
  pages: Record<string, Record<string, string>>;
  /** page -> its inputs as they were set when the file was made (the page exported from) */
  inputs?: Record<string, Record<string, InputValue>>;
}

export interface EditStore {
  get(page: string, cell: string): string | undefined;
  /** Saves the edit; false if it could only be kept in memory (see `problem`). */
  set(page: string, cell: string, code: string): boolean;
  remove(page: string, cell: string): void;
  /** The storage key of a cell's edit: what another tab's change names in its "storage" event. */
  keyOf(page: string, cell: string): string;
  cells(page: string): string[];
  exportAll(): EditsFile;
  /**
   * Adds the file's edits to the store: a cell in the file takes the file's code, every other edit stays. What it
   * replaced can be put back with the result's `undo`.
   */
  importAll(file: unknown): Imported;
  /** Why edits are not being saved, or undefined while they are. */
  readonly problem: string | undefined;
  /** Tells the store of another tab's change to a key ("storage" events): that tab's editor made it. */
  changedElsewhere(key: string | null, code: string | null): void;
  /**
   * Puts aside every saved edit that changed other than through this store or another tab's (code that ran in the
   * page wrote storage itself): the cell's code as it was is put back, and what was written waits as `unasked` for
   * the reader to read and run or discard. `page` names where the writing code ran. A change is put aside when two
   * calls in a row find it unexplained (another tab's "storage" event may be on its way), or at once when `final`
   * (the page is being left). Returns the cells put aside.
   */
  putAsideForeign(page: string, final?: boolean): [string, string][];
  /** Code written into a cell's saved edit unseen, put aside by `putAsideForeign`, and the page whose code wrote it. */
  unasked(page: string, cell: string): {code: string; from: string} | undefined;
  /** Forgets a cell's unasked code, once the reader has run or discarded it. */
  dropUnasked(page: string, cell: string): void;
  /**
   * Marks a reader's code of the cell as running (`true`, set before it runs) or finished (`false`). Where storage is
   * off there are no marks.
   */
  running(page: string, cell: string, on: boolean): void;
  /**
   * Whether a mark was left from an earlier visit: that run never finished (an endless loop the guard could not see
   * froze the page, or it was closed first), and the code must not run again unasked.
   */
  leftRunning(page: string, cell: string): boolean;
}

export interface Imported {
  /** Edits the file brought. */
  count: number;
  /** The reader's own edits the file's replaced: cells that held other code. */
  replaced: number;
  /** Edits kept only in memory for this visit, as storage refused them (full, or switched off). */
  unsaved: number;
  /** Puts every cell the import touched back as it was. */
  undo(): void;
}

const PREFIX = "stepwise:edit:";
const UNASKED = "stepwise:unasked:";
const RUNNING = "stepwise:running:";

/** What the store needs of the browser's localStorage; Node tests pass their own. */
export interface KeyValueStorage {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * The edits of the course at `site`, the path the course is served under ("/course/"): two copies of the course on
 * one origin keep theirs apart. Edits saved before keys named the site (no path after the prefix) move into the
 * first site that opens them.
 */
export function editStore(getStorage: () => KeyValueStorage, site = "/"): EditStore {
  const memory = new Map<string, string>();
  let problem: string | undefined;
  let storage: KeyValueStorage | undefined;
  try {
    storage = getStorage();
    storage.getItem(PREFIX); // a disabled storage throws here
  } catch (error) {
    problem = `this browser does not let the page store anything (${(error as Error).message})`;
    storage = undefined;
  }
  const scope = `${PREFIX}${site}`;
  const key = (page: string, cell: string) => `${scope}${page}#${cell}`;
  const stored = (): string[] => {
    const all: string[] = [];
    if (storage) for (let i = 0; i < storage.length; i++) all.push(storage.key(i)!);
    return all;
  };
  const keys = (): string[] => [...new Set([...memory.keys(), ...stored()])].filter((k) => k.startsWith(scope));
  if (storage) {
    for (const old of stored().filter((k) => k.startsWith(PREFIX) && !k.startsWith(PREFIX + "/"))) {
      const [page, cell] = splitKey(old, PREFIX);
      if (storage.getItem(key(page, cell)) === null) storage.setItem(key(page, cell), storage.getItem(old)!);
      storage.removeItem(old);
    }
  }

  // what this store wrote last, or found at its start, or another tab's editor wrote: anything else in storage under
  // the store's keys was written by code in the page
  const expected = new Map<string, string>();
  for (const k of stored()) if (k.startsWith(scope)) expected.set(k, storage!.getItem(k)!);
  const unaskedKey = (page: string, cell: string) => `${UNASKED}${site}${page}#${cell}`;
  let suspects = new Map<string, string>();

  const store: EditStore = {
    get: (page, cell) => memory.get(key(page, cell)) ?? storage?.getItem(key(page, cell)) ?? undefined,
    set(page, cell, code) {
      memory.delete(key(page, cell));
      try {
        if (!storage) throw new Error(problem);
        storage.setItem(key(page, cell), code);
        expected.set(key(page, cell), code);
        return true;
      } catch (error) {
        memory.set(key(page, cell), code);
        problem ??= `the browser's storage is full (${(error as Error).message})`;
        return false;
      }
    },
    remove(page, cell) {
      memory.delete(key(page, cell));
      storage?.removeItem(key(page, cell));
      expected.delete(key(page, cell));
    },
    keyOf: key,
    cells: (page) =>
      keys()
        .filter((k) => k.startsWith(`${scope}${page}#`))
        .map((k) => k.slice(`${scope}${page}#`.length)),
    exportAll() {
      // names are data: objects without a prototype, so a page called "__proto__" is a page like any other
      const pages: EditsFile["pages"] = Object.create(null);
      for (const k of keys()) {
        const [page, cell] = splitKey(k, scope);
        (pages[page] ??= Object.create(null))[cell] = store.get(page, cell)!;
      }
      return {format: "stepwise-edits", version: 1, pages};
    },
    importAll(file) {
      const {pages} = validateEditsFile(file);
      const before: [string, string, string | undefined][] = [];
      let replaced = 0;
      let unsaved = 0;
      for (const [page, cells] of Object.entries(pages)) {
        for (const [cell, code] of Object.entries(cells)) {
          const old = store.get(page, cell);
          before.push([page, cell, old]);
          if (old !== undefined && old !== code) replaced++;
          if (!store.set(page, cell, code)) unsaved++;
        }
      }
      return {
        count: before.length,
        replaced,
        unsaved,
        undo() {
          for (const [page, cell, code] of before) {
            if (code === undefined) store.remove(page, cell);
            else store.set(page, cell, code);
          }
        }
      };
    },
    get problem() {
      return problem;
    },
    changedElsewhere(k, code) {
      if (k === null) expected.clear();
      else if (!k.startsWith(scope)) return;
      else if (code === null) expected.delete(k);
      else expected.set(k, code);
    },
    putAsideForeign(from, final = false) {
      const aside: [string, string][] = [];
      const seen = suspects;
      suspects = new Map();
      for (const k of stored()) {
        const code = k.startsWith(scope) ? storage!.getItem(k) : null;
        if (code === null || code === expected.get(k)) continue;
        if (!final && seen.get(k) !== code) {
          suspects.set(k, code);
          continue;
        }
        const [page, cell] = splitKey(k, scope);
        try {
          storage!.setItem(unaskedKey(page, cell), JSON.stringify({code, from}));
        } catch {
          // no room to keep it aside: it is dropped, and still does not run unasked
        }
        const before = expected.get(k);
        if (before === undefined) storage!.removeItem(k);
        else storage!.setItem(k, before);
        aside.push([page, cell]);
      }
      return aside;
    },
    unasked(page, cell) {
      try {
        const {code, from} = JSON.parse(storage?.getItem(unaskedKey(page, cell)) ?? "null") ?? {};
        return typeof code === "string" && typeof from === "string" ? {code, from} : undefined;
      } catch {
        return undefined;
      }
    },
    dropUnasked(page, cell) {
      storage?.removeItem(unaskedKey(page, cell));
    },
    running(page, cell, on) {
      try {
        if (on) storage?.setItem(`${RUNNING}${site}${page}#${cell}`, String(Date.now()));
        else storage?.removeItem(`${RUNNING}${site}${page}#${cell}`);
      } catch {
        // storage full: no mark, and no safe mode for this run
      }
    },
    leftRunning: (page, cell) => storage?.getItem(`${RUNNING}${site}${page}#${cell}`) != null
  };
  return store;
}

function splitKey(key: string, prefix: string): [string, string] {
  const rest = key.slice(prefix.length);
  const hash = rest.indexOf("#");
  return [rest.slice(0, hash), rest.slice(hash + 1)];
}

export function validateEditsFile(file: unknown): EditsFile {
  const f = file as Partial<EditsFile> | null;
  if (!f || f.format !== "stepwise-edits" || f.version !== 1 || typeof f.pages !== "object" || !f.pages) {
    throw new TypeError("This is not a file of edits (it should come from the Export button).");
  }
  for (const [page, cells] of Object.entries(f.pages)) {
    if (typeof cells !== "object" || !cells || Object.values(cells).some((code) => typeof code !== "string")) {
      throw new TypeError(`The edits file is damaged: the edits of page "${page}" are not text.`);
    }
    if (!page || page.includes("#") || page.startsWith("/"))
      throw new TypeError(`The edits file is damaged: "${page}" is not the name of a page.`);
  }
  if (f.inputs !== undefined && (typeof f.inputs !== "object" || !Object.values(f.inputs ?? {}).every(isInputValues)))
    throw new TypeError("The edits file is damaged: its inputs are not a page's inputs.");
  return f as EditsFile;
}

/**
 * Where a cell's edit is kept: the cell's name and a hash of the lesson's code for it ("mask-rule@9f2c01ab"), so that
 * an edit made before the lesson changed the cell is known as such. The notebook's cells use Framework's id of the
 * cell, itself a hash of its code ("cell-3@5135dbbc"); an editable cell hashes the code it is given (FNV-1a, 32 bits).
 */
export function editKey(cell: string, lessonCode: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < lessonCode.length; i++) hash = Math.imul(hash ^ lessonCode.charCodeAt(i), 0x01000193);
  return `${cell}@${(hash >>> 0).toString(16).padStart(8, "0")}`;
}

/**
 * The reader's edit of the cell made when the lesson's code of it was other than it is now (kept under another hash
 * than `key`'s), if any: `cell` is the part of the key before the "@".
 */
export function staleEdit(
  store: EditStore,
  page: string,
  cell: string,
  key: string
): {key: string; code: string} | undefined {
  const stale = store.cells(page).find((k) => k.startsWith(`${cell}@`) && k !== key);
  return stale === undefined ? undefined : {key: stale, code: store.get(page, stale)!};
}
