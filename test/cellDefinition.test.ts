import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {CellError, cellDefinition, importSpecifiers, type DefinitionOptions} from "../src/cells/index.js";

const page = new Set(["display", "view", "width", "prompt", "model", "d3"]);
const options: DefinitionOptions = {
  defines: (name) => page.has(name),
  resolveImport: (specifier) => ({d3: "/_node/d3.js", "./src/x.js": "/_import/src/x.abc.js"})[specifier],
  id: "test"
};

describe("cellDefinition", () => {
  it("takes as inputs the names the page defines that it uses, and returns what it declares", async () => {
    const cell = cellDefinition(
      "const words: string[] = prompt.split(' ');\nconst [first, ...rest] = words;\nfunction count() { return rest.length + Math.max(width, 0); }",
      options
    );
    assert.deepEqual(cell.inputs, ["prompt", "width"]); // Math is the browser's, words its own
    assert.deepEqual(cell.outputs, ["words", "first", "rest", "count"]);
    assert.equal(cell.expression, false);
    const value = (await cell.body("a b c", 10)) as {first: string; count: () => number};
    assert.equal(value.first, "a");
    assert.equal(value.count(), 12);
  });

  it("takes a name nothing defines yet as an input, and none of the names its own scopes declare", () => {
    const cell = cellDefinition(
      [
        "function f(a: number, {b} = {b: 1}, ...c: number[]) {",
        "  if (a) { var hoisted = arguments.length; }",
        "  for (let i = 0; i < c.length; i++) a += c[i];",
        "  for (const k of [1]) a += k;",
        "  try { a += later; } catch (e) { a += String(e).length; }",
        "  const g = function named() { return named; };",
        "  class Box { static make() { return new Box(); } }",
        "  switch (a) { case 1: { const s = 1; a += s; } }",
        "  return [a, b, hoisted, g, Box, (x: number) => x + y];",
        "}",
        "const total = f(1) && Math.max(width, 0) && console;"
      ].join("\n"),
      options
    );
    // `later` and `y`, which no cell defines yet, wait for one; Math and console are the runtime's own
    assert.deepEqual(cell.inputs, ["later", "y", "width"]);
    assert.deepEqual(cell.outputs, ["f", "total"]);
    assert.deepEqual(cellDefinition("readerScale * 2", options).inputs, ["readerScale", "display"]);
    // a name the runtime would fetch from a CDN is not waited for
    const reserved = (name: string) => name === "Plot";
    assert.deepEqual(cellDefinition("Plot.plot({}) && d3", {...options, reserved}).inputs, ["d3", "display"]);
  });

  it("displays a cell that is one expression, as Framework does, and returns nothing", async () => {
    const cell = cellDefinition("prompt.toUpperCase() // shout", options);
    assert.deepEqual(cell.inputs, ["prompt", "display"]);
    assert.deepEqual(cell.outputs, []);
    const shown: unknown[] = [];
    assert.equal(await cell.body("hi", (v: unknown) => shown.push(v)), undefined);
    assert.deepEqual(shown, ["HI"]);
    assert.equal(cellDefinition("prompt.toUpperCase();", options).expression, false); // a statement
  });

  it("loads imports from the addresses the page loads them from, on the reader's lines", () => {
    const loaded: string[] = [];
    const cell = cellDefinition(
      'import * as d3 from "d3";\nimport type {X} from "./src/x.js";\nimport {a, b as c} from "./src/x.js";\nconst y = c;',
      {...options, resolveImport: (s) => (loaded.push(s), options.resolveImport(s))}
    );
    assert.deepEqual(cell.outputs, ["d3", "a", "c", "y"]);
    assert.deepEqual(loaded, ["d3", "./src/x.js"]); // the type-only import is gone
    assert.match(String(cell.body), /async/);
    assert.deepEqual(importSpecifiers('import {a} from "./src/x.js";\nimport type {T} from "t";\nimport "d3";'), [
      "./src/x.js",
      "d3"
    ]);
  });

  it("refuses an import of a module the page does not load, at its line and column", () => {
    assert.throws(
      () => cellDefinition('const a = 1;\nimport {z} from "elsewhere";', options),
      (error: CellError) =>
        error.kind === "syntax" && error.line === 2 && /does not load "elsewhere"/.test(error.message)
    );
  });

  it("reports a syntax error at the reader's line and column, types and all", () => {
    assert.throws(
      () => cellDefinition("const a: number = 1;\nconst b = (a +;", options),
      (error: CellError) => error.kind === "syntax" && error.line === 2 && error.column === 15
    );
  });

  it("names the reader's line when the body throws, and stops an endless loop", async () => {
    const cell = cellDefinition("const a = 1;\nconst b = prompt.nope.length;", options);
    await assert.rejects(
      cell.body("x"),
      (error: CellError) => error.line === 2 && /Your code failed at line 2/.test(error.message)
    );
    const endless = cellDefinition("let i = 0;\nwhile (true) i++;", {...options, budgetMs: 50});
    await assert.rejects(endless.body(), (error: CellError) => error.kind === "timeout" && error.line === 2);
  });

  it("names the reader's line when a function it defines throws later, called by another cell; a class stays a class", async () => {
    const cell = cellDefinition(
      "function shift(k: number) {\n  if (k > 1) throw new Error('too far');\n  return k;\n}\nclass Box {}",
      options
    );
    const {shift, Box} = (await cell.body()) as {shift: (k: number) => number; Box: new () => object};
    assert.equal(shift(1), 1);
    assert.equal(shift.name, "shift");
    assert.throws(
      () => shift(2),
      (error: CellError) => error instanceof CellError && /^Your code failed at line 2: too far\.$/.test(error.message)
    );
    assert.ok(new Box() instanceof Box);
  });

  it("refuses export, which a cell cannot do", () => {
    assert.throws(() => cellDefinition("export const a = 1;", options), /cannot export/);
  });

  it("lets a cell declare a name the page also defines: it is then an output, not an input", () => {
    const cell = cellDefinition("const width = 3;\nconst twice = width * 2;", options);
    assert.deepEqual(cell.inputs, []);
    assert.deepEqual(cell.outputs, ["width", "twice"]);
  });
});
