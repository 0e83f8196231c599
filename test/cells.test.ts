import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {CellError, compileCell, editStore, errorFromCell, loopGuard, readShareFragment, shareFragment} from "../src/cells/index.js";

const failure = async (promise: Promise<unknown> | (() => unknown)) => {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    return error as CellError;
  }
  assert.fail("expected an error");
};

describe("compileCell", () => {
  it("strips the types and returns the binding the cell must define", async () => {
    const run = compileCell("const k: number = 3;\nfunction triple(x: number): number {\n  return k * x;\n}", {output: "triple"});
    const triple = (await run()) as (x: number) => number;
    assert.equal(triple(5), 15);
  });

  it("gives the cell the names in its scope", async () => {
    const run = compileCell("const total = add(2, 3);", {output: "total", scope: {add: (a: number, b: number) => a + b}});
    assert.equal(await run(), 5);
  });

  it("reports a syntax error at the reader's line and column, with offsets to underline", async () => {
    const code = "const a = 1;\nconst b = (;\nconst f = 1;";
    const error = await failure(() => compileCell(code, {output: "f"}));
    assert.equal(error.kind, "syntax");
    assert.equal(error.line, 2);
    assert.equal(error.column, 12);
    assert.equal(code.slice(error.from, error.to), ";");
  });

  it("lets the cell declare a name its scope also has", async () => {
    const run = compileCell("const dot = (a: number, b: number) => a - b;\nconst f = dot(5, 2);", {output: "f", scope: {dot: () => 0}});
    assert.equal(await run(), 3);
  });

  it("says which name is missing when the cell does not define its output", async () => {
    const error = await failure(() => compileCell("const g = 1;", {output: "f"}));
    assert.equal(error.kind, "missing-output");
    assert.match(error.message, /must define f/);
  });

  it("names the line of a thrown error, at once or when the page calls the cell's function later", async () => {
    const error = await failure(compileCell("const a = 1;\nconst b = (a as any).x.y;\nconst f = b;", {output: "f"})());
    assert.equal(error.kind, "runtime");
    assert.equal(error.line, 2);

    const later: CellError[] = [];
    const run = compileCell('function f(x: number) {\n  if (x > 1)\n    throw new RangeError("x too big");\n  return x;\n}', {
      output: "f",
      onLaterError: (e) => later.push(e)
    });
    const f = (await run()) as (x: number) => number;
    assert.equal(f(1), 1);
    const thrown = await failure(() => f(2));
    assert.equal(thrown.line, 3);
    assert.match(thrown.message, /RangeError: x too big/);
    assert.equal(later.length, 1);
  });

  it("stops an endless loop after the budget, at the loop's line, however the loop is written", async () => {
    for (const loop of ["while (true) {}", "for (;;) n++;", "do { n++ } while (n > -1);", "for (const x of (function* () { while (true) yield 1; })()) n++;"]) {
      const started = Date.now();
      const error = await failure(compileCell(`let n = 0;\n${loop}\nconst f = n;`, {output: "f", budgetMs: 200})());
      assert.equal(error.kind, "timeout", loop);
      assert.equal(error.line, 2, loop);
      assert.ok(Date.now() - started < 2000, loop);
    }
  });

  it("lets a long but finite computation that yields to the page run past the budget", async () => {
    const run = compileCell(
      "let n = 0;\nfor (let i = 0; i < 4; i++) {\n  await new Promise((r) => setTimeout(r, 60));\n  n++;\n}\nconst f = n;",
      {output: "f", budgetMs: 100}
    );
    assert.equal(await run(), 4);
  });
});

describe("errorFromCell", () => {
  it("recognises an error raised by a cell's code later, and no other", async () => {
    const run = compileCell("const f = () => Promise.reject(new Error(\"late\"));", {output: "f", id: "late-cell"});
    const f = (await run()) as () => Promise<never>;
    const reason = await f().catch((e) => e);
    assert.match(errorFromCell(reason, "late-cell")!.message, /Error: late \(line 1\)/);
    assert.equal(errorFromCell(reason, "another-cell"), undefined);
    assert.equal(errorFromCell(new Error("elsewhere"), "late-cell"), undefined);
  });
});

describe("loopGuard", () => {
  it("throws only once the loop has held the page for longer than the budget", () => {
    let now = 0;
    const guard = loopGuard(100, () => now);
    guard();
    now = 100;
    guard();
    now = 101;
    assert.throws(guard, /more than 100 ms/);
  });
});

describe("editStore", () => {
  class MemoryStorage {
    items = new Map<string, string>();
    quota = Infinity;
    get length() {
      return this.items.size;
    }
    key = (i: number) => [...this.items.keys()][i] ?? null;
    getItem = (k: string) => this.items.get(k) ?? null;
    setItem = (k: string, v: string) => {
      if (v.length > this.quota) throw new DOMException("quota exceeded", "QuotaExceededError");
      this.items.set(k, v);
    };
    removeItem = (k: string) => void this.items.delete(k);
    clear = () => this.items.clear();
  }

  it("keeps edits per page and cell, and exports and imports them all", () => {
    const storage = new MemoryStorage();
    const store = editStore(() => storage as unknown as Storage);
    store.set("lesson-a", "encode", "code a");
    store.set("lesson-a", "similarity", "code b");
    store.set("lesson-b", "encode", "code c");
    assert.deepEqual(store.cells("lesson-a").sort(), ["encode", "similarity"]);
    const file = store.exportAll();
    store.remove("lesson-a", "encode");
    store.set("lesson-a", "other", "stray");
    assert.equal(store.importAll(JSON.parse(JSON.stringify(file))), 3);
    assert.equal(store.get("lesson-a", "encode"), "code a");
    assert.equal(store.get("lesson-a", "other"), undefined, "an import replaces the page's edits");
  });

  it("keeps edits in memory and says why when storage is full or disabled", () => {
    const full = new MemoryStorage();
    full.quota = 3;
    const store = editStore(() => full as unknown as Storage);
    assert.equal(store.set("p", "c", "too long for the quota"), false);
    assert.equal(store.get("p", "c"), "too long for the quota");
    assert.match(store.problem!, /full/);

    const disabled = editStore(() => {
      throw new DOMException("denied", "SecurityError");
    });
    assert.match(disabled.problem!, /does not let the page store anything/);
    assert.equal(disabled.set("p", "c", "x"), false);
    assert.equal(disabled.get("p", "c"), "x");
  });

  it("refuses a file that is not an edits file, with a message a reader understands", () => {
    const store = editStore(() => new MemoryStorage() as unknown as Storage);
    assert.throws(() => store.importAll({hello: 1}), /not a file of edits/);
    assert.throws(() => store.importAll({format: "stepwise-edits", version: 1, pages: {p: {c: 3}}}), /damaged/);
  });
});

describe("share links", () => {
  it("round-trip a cell's code through a compact URL fragment", async () => {
    const code = "function f(x: number) {\n  return x * 2; // ünïcode ✓\n}\n".repeat(20);
    const fragment = await shareFragment({page: "positional-encoding", cell: "encode", code});
    assert.match(fragment, /^#share=[\w-]+$/);
    assert.ok(fragment.length < code.length / 2, "compressed");
    assert.deepEqual(await readShareFragment(fragment), {page: "positional-encoding", cell: "encode", code});
  });

  it("carry nothing without a share parameter, and fail clearly when damaged", async () => {
    assert.equal(await readShareFragment("#section-2"), undefined);
    await assert.rejects(readShareFragment("#share=abc"), /damaged/);
  });
});
