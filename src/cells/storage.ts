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
  cells(page: string): string[];
  exportAll(): EditsFile;
  /** Replaces the stored edits of every page in the file; returns how many edits it restored. */
  importAll(file: unknown): number;
  /** Why edits are not being saved, or undefined while they are. */
  readonly problem: string | undefined;
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

export function editStore(getStorage: () => KeyValueStorage): EditStore {
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
  const key = (page: string, cell: string) => `${PREFIX}${page}#${cell}`;
  const keys = (): string[] => {
    const all = new Set(memory.keys());
    if (storage) for (let i = 0; i < storage.length; i++) all.add(storage.key(i)!);
    return [...all].filter((k) => k.startsWith(PREFIX));
  };

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
    cells: (page) =>
      keys()
        .filter((k) => k.startsWith(`${PREFIX}${page}#`))
        .map((k) => k.slice(`${PREFIX}${page}#`.length)),
    exportAll() {
      const pages: EditsFile["pages"] = {};
      for (const k of keys()) {
        const [page, cell] = splitKey(k);
        (pages[page] ??= {})[cell] = store.get(page, cell)!;
      }
      return {format: "stepwise-edits", version: 1, pages};
    },
    importAll(file) {
      const {pages} = validateEditsFile(file);
      let count = 0;
      for (const [page, cells] of Object.entries(pages)) {
        for (const cell of store.cells(page)) store.remove(page, cell);
        for (const [cell, code] of Object.entries(cells)) {
          store.set(page, cell, code);
          count++;
        }
      }
      return count;
    },
    get problem() {
      return problem;
    }
  };
  return store;
}

function splitKey(key: string): [string, string] {
  const rest = key.slice(PREFIX.length);
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
  }
  return f as EditsFile;
}
