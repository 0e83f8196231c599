// Where a reader's edits live between visits: the browser's local storage, one entry per page and cell. Storage
// can be full, or switched off (private windows, blocked cookies); edits then live in memory for the session and
// the store says why, so the page can tell the reader to export their work.
export interface EditsFile {
  format: "stepwise-edits";
  version: 1;
  /** page -> cell id -> code */
  pages: Record<string, Record<string, string>>;
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

  const store: EditStore = {
    get: (page, cell) => memory.get(key(page, cell)) ?? storage?.getItem(key(page, cell)) ?? undefined,
    set(page, cell, code) {
      memory.delete(key(page, cell));
      try {
        if (!storage) throw new Error(problem);
        storage.setItem(key(page, cell), code);
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
    }
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
  return f as EditsFile;
}
