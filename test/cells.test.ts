import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {
  answerFor,
  CellError,
  cellDefinition,
  compileCell,
  editKey,
  editStore,
  kindOf,
  errorFromCell,
  loopGuard,
  MAX_LINK_CHARS,
  readShareFragment,
  shareFragment,
  staleEdit,
  validateEditsFile
} from "../src/cells/index.js";

/** A cell of a page that defines only `inputs`, as the notebook compiles it, and the outputs of its run. */
const pageCell = (
  code: string,
  options: {inputs?: string[]; onLaterError?: (e: CellError | undefined) => void; signal?: AbortSignal} = {}
) =>
  cellDefinition(code, {
    defines: (name) => options.inputs?.includes(name) ?? false,
    resolveImport: () => undefined,
    id: "test",
    onLaterError: options.onLaterError,
    signal: options.signal
  });

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
    const run = compileCell("const k: number = 3;\nfunction triple(x: number): number {\n  return k * x;\n}", {
      output: "triple"
    });
    const triple = (await run()) as (x: number) => number;
    assert.equal(triple(5), 15);
  });

  it("gives the cell the names in its scope", async () => {
    const run = compileCell("const total = add(2, 3);", {
      output: "total",
      scope: {add: (a: number, b: number) => a + b}
    });
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

  it("words its errors as sentences for the reader, with no error class before them, as message and as string", async () => {
    const errors = [
      await failure(() => compileCell("const f = (;", {output: "f"})),
      await failure(compileCell("const f = (undefined as any).x;", {output: "f"})()),
      await failure(() => compileCell("const g = 1;", {output: "f"}))
    ];
    for (const error of errors) {
      assert.match(error.message, /^(Your code|This cell) /);
      assert.equal(String(error), error.message);
    }
  });

  it("lets the cell declare a name its scope also has", async () => {
    const run = compileCell("const dot = (a: number, b: number) => a - b;\nconst f = dot(5, 2);", {
      output: "f",
      scope: {dot: () => 0}
    });
    assert.equal(await run(), 3);
  });

  it("says which name is missing when the cell does not define its output", async () => {
    const error = await failure(() => compileCell("const g = 1;", {output: "f"}));
    assert.equal(error.kind, "missing-output");
    assert.match(error.message, /must define f/);
  });

  it("names the kind of a value", () => {
    assert.deepEqual([() => 1, [1], new Float32Array(1), 3, "s", {}, null, undefined].map(kindOf), [
      "a function",
      "an array",
      "a Float32Array",
      "a number",
      "a string",
      "an object",
      "null",
      "undefined"
    ]);
  });

  it("says in words what was thrown when it is not an Error", async () => {
    for (const [thrown, says] of [
      ["{code: 3, reason: 'no'}", /threw an object \{"code":3,"reason":"no"\}, not an Error/],
      ["'plain text'", /threw "plain text", not an Error/],
      ["[1, 2]", /threw an array \[1,2\]/],
      ["undefined", /threw undefined/]
    ] as const) {
      const error = await failure(compileCell(`throw ${thrown};\nconst f = 1;`, {output: "f"})());
      assert.match(error.message, says);
      assert.doesNotMatch(error.message, /\[object Object\]|CellError/);
    }
  });

  it("names the line of a thrown error, at once or when the page calls the cell's function later, and says when it works again", async () => {
    const error = await failure(compileCell("const a = 1;\nconst b = (a as any).x.y;\nconst f = b;", {output: "f"})());
    assert.equal(error.kind, "runtime");
    assert.equal(error.line, 2);

    const later: (CellError | undefined)[] = [];
    const cell = pageCell(
      'function f(x: number) {\n  if (x > 1)\n    throw new RangeError("x too big");\n  return x;\n}',
      {onLaterError: (e) => later.push(e)}
    );
    const {f} = (await cell.body()) as {f: (x: number) => number};
    assert.equal(f(1), 1);
    assert.deepEqual(later, [], "a call that works says nothing while nothing has failed");
    const thrown = await failure(() => f(2));
    assert.equal(thrown.line, 3);
    assert.equal(thrown.message, "Your code failed at line 3: x too big.");
    assert.deepEqual(later, [thrown]);
    assert.equal(f(1), 1);
    f(0);
    assert.deepEqual(later, [thrown, undefined], "the first call that works again, once");
  });

  it("says under the cell when the page cannot use what a function of the cell returned, and when it can again", async () => {
    const later: (CellError | undefined)[] = [];
    const {allowed: mask} = (await pageCell("const allowed = (i: number, j: number) => j === i - 1;", {
      onLaterError: (e) => later.push(e)
    }).body()) as {allowed: (i: number, j: number) => boolean};
    const firstRow = (rule: (i: number, j: number) => boolean) => {
      if (![0, 1].some((j) => rule(0, j))) throw new RangeError("the query at position 0 may look at no key at all");
      return true;
    };
    assert.throws(
      () => answerFor(mask, () => firstRow(mask)),
      /may look at no key at all/,
      "rethrown where it surfaced"
    );
    assert.equal(later.length, 1);
    assert.equal(
      later[0]!.message,
      "The page cannot use what it returned: the query at position 0 may look at no key at all."
    );
    assert.equal(
      answerFor(mask, () => 42),
      42
    );
    assert.deepEqual(later.slice(1), [undefined], "a use that works again clears it, once");
    assert.equal(
      answerFor(mask, () => 43),
      43
    );
    assert.equal(later.length, 2);
    assert.throws(
      () =>
        answerFor(
          (i: number) => i,
          () => firstRow(() => false)
        ),
      /no key/,
      "a function of no cell: only rethrown"
    );
    assert.equal(later.length, 2);
  });

  it("stops an endless loop at the loop's line, however the loop is written", async () => {
    for (const loop of [
      "while (true) {}",
      "for (;;) n++;",
      "do { n++ } while (n > -1);",
      "for (const x of (function* () { while (true) yield 1; })()) n++;"
    ]) {
      const error = await failure(compileCell(`let n = 0;\n${loop}\nconst f = n;`, {output: "f", budgetMs: 100})());
      assert.equal(error.kind, "timeout", loop);
      assert.equal(error.line, 2, loop);
      assert.match(error.message, /Stopped after 0\.1 s: .*\(the loop at line 2\)/, loop);
    }
  });

  it("never stops a short loop in a function the page calls thousands of times within one long synchronous operation", async () => {
    // The sampling lesson calls the reader's filter once per token inside one long model run: here 2,000 calls with
    // half a millisecond of the page's own work before each, a second in all, five times the budget.
    const run = compileCell(
      "const banned = [3, 7];\nfunction f(logits: Float32Array): Float32Array {\n  const out = logits.slice();\n  for (const id of banned) out[id] = -Infinity;\n  return out;\n}",
      {output: "f", budgetMs: 200}
    );
    const f = (await run()) as (logits: Float32Array) => Float32Array;
    const logits = new Float32Array(16);
    let calls = 0;
    try {
      for (; calls < 2000; calls++) {
        const until = performance.now() + 0.5;
        while (performance.now() < until);
        f(logits);
      }
    } catch (error) {
      assert.fail(`stopped after ${calls} calls: ${(error as Error).message}`);
    }
    assert.equal(calls, 2000);
  });

  it("times each loop of a nest on its own: an endless inner loop and an endless outer loop are stopped at their lines", async () => {
    const inner = await failure(
      compileCell("let n = 0;\nfor (let i = 0; i < 3; i++) {\n  while (true) n++;\n}\nconst f = n;", {
        output: "f",
        budgetMs: 100
      })()
    );
    assert.equal(inner.kind, "timeout");
    assert.equal(inner.line, 3);
    const outer = await failure(
      compileCell("let n = 0;\nwhile (true) {\n  for (let j = 0; j < 10; j++) n++;\n}\nconst f = n;", {
        output: "f",
        budgetMs: 100
      })()
    );
    assert.equal(outer.kind, "timeout");
    assert.equal(outer.line, 2);
  });

  it("keeps labelled loops working: break and continue still name their loop", async () => {
    const code =
      "let n = 0;\nouter: for (let i = 0; i < 4; i++)\n  for (let j = 0; j < 4; j++) {\n    if (j > i) continue outer;\n    if (i === 3) break outer;\n    n++;\n  }\nconst f = n;";
    assert.equal(await compileCell(code, {output: "f"})(), 6);
  });

  it("stops an async loop that awaits only promises, which never lets the page go on, at its line", async () => {
    for (const code of [
      "let n = 0;\nwhile (true) await null;\nconst f = n;",
      "async function spin() {\n  for (;;) await Promise.resolve();\n}\nawait spin();\nconst f = 1;"
    ]) {
      const error = await failure(compileCell(code, {output: "f", budgetMs: 100})());
      assert.equal(error.kind, "timeout", code);
      assert.equal(error.line, 2, code);
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
    const run = compileCell('const f = () => Promise.reject(new Error("late"));', {output: "f", id: "late-cell"});
    const f = (await run()) as () => Promise<never>;
    const reason = await f().catch((e) => e);
    assert.match(errorFromCell(reason, "late-cell")!.message, /^Your code failed at line 1: late\.$/);
    assert.equal(errorFromCell(reason, "another-cell"), undefined);
    assert.equal(errorFromCell(new Error("elsewhere"), "late-cell"), undefined);
  });
});

describe("stopping a run", () => {
  it("ends an async loop that lets the page go on at its next pass, and a promise that never settles at once", async () => {
    let ticks = 0;
    const controller = new AbortController();
    const loop = pageCell("while (true) {\n  await new Promise((r) => setTimeout(r, 1));\n  tick();\n}\nconst f = 1;", {
      inputs: ["tick"],
      signal: controller.signal
    });
    const running = loop.body(() => ticks++);
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const error = await failure(running);
    assert.equal(error.kind, "stopped");
    assert.match(error.message, /^Stopped/);
    const after = ticks;
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(after > 0 && ticks <= after + 1, `the old loop went on: ${after} then ${ticks}`);

    const finished = new AbortController();
    const {f: triple} = (await pageCell(
      "function f(x: number) {\n  let y = 0;\n  for (let i = 0; i < 3; i++) y += x;\n  return y;\n}",
      {signal: finished.signal}
    ).body()) as {f: (x: number) => number};
    finished.abort();
    assert.equal(triple(2), 6, "stopping a finished run leaves the functions it defined working");

    const forever = new AbortController();
    const waiting = pageCell("const f = await new Promise(() => {});", {signal: forever.signal}).body();
    setTimeout(() => forever.abort(), 10);
    assert.equal((await failure(waiting)).kind, "stopped");
  });
});

describe("loopGuard", () => {
  it("throws only once one loop has run for longer than the budget since it was entered", () => {
    let now = 0;
    const pass = loopGuard(100, () => now)();
    pass();
    now = 100;
    pass();
    now = 101;
    assert.throws(pass, /more than 100 ms/);
  });

  it("gives each entry of a loop a budget of its own, however long the page has been busy", () => {
    let now = 0;
    const enter = loopGuard(100, () => now);
    for (let call = 0; call < 1000; call++) {
      now += 10; // the page's own work between two calls of the reader's function
      const pass = enter();
      pass();
      pass();
    }
    assert.equal(now, 10_000);
  });

  it("restarts a loop's clock once the event loop has had a turn", async () => {
    let now = 0;
    const pass = loopGuard(100, () => now)();
    now = 90;
    pass();
    await new Promise((resolve) => setTimeout(resolve, 5));
    now = 180;
    pass();
    now = 281;
    assert.throws(pass, /more than 100 ms/);
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

  it("keys an edit by its cell and the lesson's code of it, and finds one made against other code", () => {
    const key = editKey("encode", "const a = 1;\n");
    assert.match(key, /^encode@[0-9a-f]{8}$/);
    assert.equal(editKey("encode", "const a = 1;\n"), key);
    assert.notEqual(editKey("encode", "const a = 2;\n"), key);
    const store = editStore(() => new MemoryStorage(), "/course/");
    assert.equal(staleEdit(store, "lesson", "encode", key), undefined);
    store.set("lesson", key, "mine, now");
    store.set("lesson", "encoder@0badc0de", "another cell's");
    assert.equal(staleEdit(store, "lesson", "encode", key), undefined, "neither its current key nor another cell's");
    store.set("lesson", "encode@0badc0de", "mine, before");
    assert.deepEqual(staleEdit(store, "lesson", "encode", key), {key: "encode@0badc0de", code: "mine, before"});
  });

  it("keeps edits per page and cell, and exports and imports them all, merging and undoable", () => {
    const storage = new MemoryStorage();
    const store = editStore(() => storage, "/course/");
    store.set("lesson-a", "encode", "code a");
    store.set("lesson-a", "similarity", "code b");
    store.set("lesson-b", "encode", "code c");
    assert.deepEqual(store.cells("lesson-a").sort(), ["encode", "similarity"]);
    const file = store.exportAll();
    store.set("lesson-a", "encode", "mine since");
    store.set("lesson-a", "other", "kept");
    const imported = store.importAll(JSON.parse(JSON.stringify(file)));
    assert.deepEqual([imported.count, imported.replaced, imported.unsaved], [3, 1, 0]);
    assert.equal(store.get("lesson-a", "encode"), "code a");
    assert.equal(store.get("lesson-a", "other"), "kept", "an import keeps the page's other edits");
    imported.undo();
    assert.equal(store.get("lesson-a", "encode"), "mine since", "undo puts back what the import replaced");
  });

  it("puts aside code written into saved edits other than through the store or another tab's editor, to be asked about", () => {
    const storage = new MemoryStorage();
    storage.setItem("stepwise:edit:/course/lesson-a#encode", "the reader's");
    const store = editStore(() => storage, "/course/");
    store.set("lesson-b", "mask", "typed in the editor");
    store.changedElsewhere("stepwise:edit:/course/lesson-b#filter", "another tab's editor");
    storage.setItem("stepwise:edit:/course/lesson-b#filter", "another tab's editor");
    assert.deepEqual(
      store.putAsideForeign("lesson-c"),
      [],
      "the store's own and another tab's writes are the reader's"
    );

    // code in the page writes storage itself: over an edit, and where there was none
    storage.setItem("stepwise:edit:/course/lesson-a#encode", "planted");
    storage.setItem("stepwise:edit:/course/lesson-b#new", "planted too");
    storage.setItem("stepwise:edit:/course-b/lesson-a#encode", "another copy's"); // not this course's
    assert.deepEqual(store.putAsideForeign("lesson-c"), [], "a first sight may be another tab's event on its way");
    assert.deepEqual(store.putAsideForeign("lesson-c"), [
      ["lesson-a", "encode"],
      ["lesson-b", "new"]
    ]);
    assert.equal(store.get("lesson-a", "encode"), "the reader's", "the reader's own code is back");
    assert.equal(store.get("lesson-b", "new"), undefined);
    assert.deepEqual(store.unasked("lesson-a", "encode"), {code: "planted", from: "lesson-c"});
    assert.deepEqual(store.unasked("lesson-b", "new"), {code: "planted too", from: "lesson-c"});
    assert.equal(storage.getItem("stepwise:edit:/course-b/lesson-a#encode"), "another copy's");
    store.dropUnasked("lesson-a", "encode");
    assert.equal(store.unasked("lesson-a", "encode"), undefined);

    // a write just before the page is left is put aside at once
    storage.setItem("stepwise:edit:/course/lesson-b#mask", "planted as the page is left");
    assert.deepEqual(store.putAsideForeign("lesson-c", true), [["lesson-b", "mask"]]);
    assert.equal(store.get("lesson-b", "mask"), "typed in the editor");
    // a damaged unasked entry is no code at all
    storage.setItem("stepwise:unasked:/course/lesson-b#mask", "{not json");
    assert.equal(store.unasked("lesson-b", "mask"), undefined);
  });

  it("marks a reader's run until it finishes, so a visit after one that never finished can tell", () => {
    const storage = new MemoryStorage();
    const store = editStore(() => storage, "/course/");
    assert.equal(store.leftRunning("lesson-a", "encode"), false);
    store.running("lesson-a", "encode", true);
    const next = editStore(() => storage, "/course/"); // the next visit, after the page froze
    assert.equal(next.leftRunning("lesson-a", "encode"), true);
    assert.equal(next.leftRunning("lesson-a", "other"), false);
    assert.equal(
      editStore(() => storage, "/course-b/").leftRunning("lesson-a", "encode"),
      false,
      "per copy of the course"
    );
    next.running("lesson-a", "encode", false);
    assert.equal(store.leftRunning("lesson-a", "encode"), false);
    const full = new MemoryStorage();
    full.quota = 0;
    assert.doesNotThrow(() => editStore(() => full).running("lesson-a", "encode", true), "a full storage: no mark");
  });

  it("keeps two copies of the course on one origin apart, and moves edits saved before keys named the site", () => {
    const storage = new MemoryStorage();
    storage.setItem("stepwise:edit:lesson-a#encode", "saved before");
    const course = editStore(() => storage, "/course/");
    assert.equal(course.keyOf("lesson-a", "encode"), "stepwise:edit:/course/lesson-a#encode");
    const other = editStore(() => storage, "/course-b/");
    assert.equal(course.get("lesson-a", "encode"), "saved before");
    assert.equal(storage.getItem("stepwise:edit:lesson-a#encode"), null);
    other.set("lesson-a", "encode", "b's");
    assert.equal(course.get("lesson-a", "encode"), "saved before");
    assert.deepEqual(Object.keys(other.exportAll().pages), ["lesson-a"]);
    assert.equal(other.exportAll().pages["lesson-a"].encode, "b's");
  });

  it("treats imported names as data: a page called __proto__ touches no prototype", () => {
    const store = editStore(() => new MemoryStorage());
    const file = JSON.parse('{"format": "stepwise-edits", "version": 1, "pages": {"__proto__": {"polluted": "x"}}}');
    assert.equal(store.importAll(file).count, 1);
    const exported = store.exportAll();
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getOwnPropertyDescriptor(exported.pages, "__proto__")?.value.polluted, "x");
    assert.equal(JSON.parse(JSON.stringify(exported)).pages.__proto__.polluted, "x");
  });

  it("keeps edits in memory and says why when storage is full or disabled", () => {
    const full = new MemoryStorage();
    full.quota = 3;
    const store = editStore(() => full);
    assert.equal(store.set("p", "c", "too long for the quota"), false);
    assert.equal(store.get("p", "c"), "too long for the quota");
    assert.match(store.problem!, /full/);
    const imported = store.importAll({format: "stepwise-edits", version: 1, pages: {p: {a: "ok", b: "too long"}}});
    assert.deepEqual([imported.count, imported.unsaved], [2, 1], "an import says how much storage refused");

    const disabled = editStore(() => {
      throw new DOMException("denied", "SecurityError");
    });
    assert.match(disabled.problem!, /does not let the page store anything/);
    assert.equal(disabled.set("p", "c", "x"), false);
    assert.equal(disabled.get("p", "c"), "x");
  });

  it("refuses a file that is not an edits file, with a message a reader understands", () => {
    const store = editStore(() => new MemoryStorage());
    assert.throws(() => store.importAll({hello: 1}), /not a file of edits/);
    assert.throws(() => store.importAll({format: "stepwise-edits", version: 1, pages: {p: {c: 3}}}), /damaged/);
    assert.throws(() => store.importAll({format: "stepwise-edits", version: 1, pages: {"a#b": {}}}), /not the name/);
    const withInputs = {format: "stepwise-edits", version: 1, pages: {}, inputs: {p: {Seed: ["4", "4"]}}};
    assert.deepEqual(validateEditsFile(withInputs).inputs, {p: {Seed: ["4", "4"]}});
    assert.throws(() => validateEditsFile({...withInputs, inputs: {p: {Seed: [4]}}}), /inputs are not/);
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

  it("round-trip a page as the reader left it: edited and added cells, and the inputs' values", async () => {
    const shared = {
      page: "sampling",
      cells: {"cell-4@0badc0de": "const k = 3;", "scratch-1": "display(k)"},
      inputs: {Temperature: ["0.7", "0.7"], "Seed (2)": ["5", "5"], Sampler: [false, true]}
    };
    assert.deepEqual(await readShareFragment(await shareFragment(shared)), shared);
  });

  it("refuse a link whose page carries anything but code and inputs' values", async () => {
    const link = (shared: object) =>
      shareFragment(shared as Parameters<typeof shareFragment>[0]).then(readShareFragment);
    await assert.rejects(link({page: "p", cells: {c: 1}, inputs: {}}), /does not carry/);
    await assert.rejects(link({page: "p", cells: {}, inputs: {Seed: [{}]}}), /does not carry/);
    await assert.rejects(link({page: "p", cells: {}, inputs: {Seed: "5"}}), /does not carry/);
    await assert.rejects(link({page: "p", cells: {}}), /does not carry/);
  });

  it("carry nothing without a share parameter, and fail clearly when damaged", async () => {
    assert.equal(await readShareFragment("#section-2"), undefined);
    await assert.rejects(readShareFragment("#share=abc"), /damaged/);
    await assert.rejects(readShareFragment("#share=%%%not base64"), /damaged/);
  });

  it("refuse a small link that expands past what a cell holds, without expanding all of it", async () => {
    // 300 MB of one character compresses to a link of about 400 kB; 2 MB of it to a few kB
    const huge = "x".repeat(2 * 1024 * 1024);
    const bytes = new Uint8Array(
      await new Response(
        new Blob([JSON.stringify({page: "p", cell: "c", code: huge})])
          .stream()
          .pipeThrough(new CompressionStream("deflate-raw"))
      ).arrayBuffer()
    );
    const fragment = `#share=${Buffer.from(bytes).toString("base64url")}`;
    assert.ok(fragment.length < MAX_LINK_CHARS, `a small link: ${fragment.length} characters`);
    await assert.rejects(readShareFragment(fragment), /expands to more than 256 KB/);
  });

  it("refuse to make a link too long to pass on, and point to Export", async () => {
    const code = Array.from({length: 40_000}, (_, i) => `const v${i} = ${(i * 7919) % 104729};`).join("\n");
    await assert.rejects(shareFragment({page: "p", cell: "c", code}), /too long for a link .*use Export/);
    await assert.rejects(readShareFragment(`#share=${"A".repeat(MAX_LINK_CHARS + 1)}`), /longer than any Share button/);
  });
});
