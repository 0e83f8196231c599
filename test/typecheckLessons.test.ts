// The lessons' type check (scripts/typecheckLessons.ts, run by npm run typecheck) on copies of a lesson in a folder of
// their own, beside links to src/ and components/ as lessons/ has them. Two runs of the check in all, as each reads
// the whole library: one of the lesson as it is, one of every broken page at once.
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {after, before, describe, it} from "node:test";
import {fileURLToPath} from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const lesson = readFileSync(join(root, "lessons/tokens.md"), "utf8");

const broken = lesson
  .replace("const tokens = tokenizer.encode(text);", "const tokens: string = tokenizer.encode(text);")
  .replace(
    '${d3.format(".0%")(projection.explained[0] + projection.explained[1])}',
    "${projection.explained.toFixed(1)}"
  );
const order = [
  "```ts",
  "const twice = 2 * half;",
  "```",
  "",
  "```ts",
  "const half = 0.5;",
  "const early = late;",
  "const late = 1;",
  "```",
  ""
];

const viewed = [
  "```ts",
  'import * as Inputs from "@observablehq/inputs";',
  "const n = view(Inputs.range([0, 1]));",
  "```",
  "",
  "```ts",
  "const s: string = n;",
  'const f = d3.format(".1f");',
  "```",
  ""
];

let folder: string;

/** Writes the pages into the folder and runs the check on them: its exit status and what it printed. */
function check(pages: Record<string, string>): {status: number | null; output: string} {
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(folder, name), text);
  const script = join(root, "scripts/typecheckLessons.ts");
  const files = Object.keys(pages).map((name) => join(folder, name));
  const run = spawnSync(process.execPath, ["--import", "tsx", script, ...files], {cwd: root, encoding: "utf8"});
  return {status: run.status, output: run.stdout + run.stderr};
}

/** The 1-based line of the page that holds `text`, and the line of the fence that opens the cell it is in. */
function find(page: string, text: string): {line: number; fence: number} {
  const lines = page.split("\n");
  const line = lines.findIndex((l) => l.includes(text)) + 1;
  assert.ok(line > 0, `${text} is not in the page`);
  return {line, fence: lines.lastIndexOf("```ts", line - 1) + 1};
}

describe("the lessons' type check", () => {
  let intact: ReturnType<typeof check>;
  let failed: ReturnType<typeof check>;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), "stepwise-lessons-"));
    // A junction needs no administrator on Windows; elsewhere the type is ignored.
    for (const name of ["src", "components"]) symlinkSync(join(root, name), join(folder, name), "junction");
    intact = check({"tokens.md": lesson});
    failed = check({
      "broken.md": broken,
      "order.md": order.join("\n"),
      "plain.md": "```js\nconst one = 1;\n```\n",
      "view.md": viewed.join("\n")
    });
  });
  after(() => rmSync(folder, {recursive: true, force: true}));

  it("passes a lesson as it is", () => {
    assert.equal(intact.status, 0, intact.output);
    assert.match(intact.output, /type-check: 1 page, \d+ pieces of code/);
  });

  it("fails on a type error in a cell, naming the page, the cell and the line", () => {
    assert.notEqual(broken, lesson);
    assert.equal(failed.status, 1, failed.output);
    const {line, fence} = find(broken, "const tokens: string");
    const cell = broken
      .split("\n")
      .slice(0, fence)
      .filter((l) => l === "```ts").length;
    const expected = `broken.md:${line}:7 in cell ${cell} (the \`\`\`ts at line ${fence}): TS2322: Type`;
    assert.ok(failed.output.includes(expected), `${expected} not in\n${failed.output}`);
  });

  it("fails on a type error in an expression of the prose, at its line and column", () => {
    const {line} = find(broken, "projection.explained.toFixed");
    const column = broken.split("\n")[line - 1].indexOf("toFixed") + 1;
    const expected = `broken.md:${line}:${column} in expression`;
    assert.ok(failed.output.includes(expected), `${expected} not in\n${failed.output}`);
    assert.match(
      failed.output,
      /\(\$\{…\} at line \d+\): TS2339: Property 'toFixed' does not exist on type 'number\[\]'/
    );
  });

  it("lets a cell use a name another cell defines further down, as Framework does, but not within one cell", () => {
    assert.match(
      failed.output,
      /order\.md:7:15 in cell 2 \(the ```ts at line 5\): TS2448: Block-scoped variable 'late'/
    );
    assert.doesNotMatch(failed.output, /half/);
  });

  it("gives the value of view(input) the input's value type, and no implicit d3, which would come from a CDN", () => {
    assert.match(
      failed.output,
      /view\.md:7:7 in cell 2 \(the ```ts at line 6\): TS2322: Type 'number' is not assignable to type 'string'/
    );
    // "Cannot find name", or, where a module of the program imports d3, "refers to a UMD global": an error either way.
    assert.match(failed.output, /view\.md:8:11 in cell 2 \(the ```ts at line 6\): TS(2304|2686): .*'d3'/);
  });

  it("refuses a ```js cell, which would escape the type check", () => {
    assert.match(failed.output, /plain\.md:1:1 in cell 1 \(the ```js at line 1\): lessons are TypeScript/);
  });
});
