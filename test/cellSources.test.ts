import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {createMarkdownIt, parseMarkdown} from "@observablehq/framework/dist/markdown.js";
import config from "../observablehq.config.js";
import {CELL_SOURCES_ID, parseCellSources} from "../src/cells/index.js";
import {cellSources} from "../src/markdown/cellSources.js";

const md = createMarkdownIt({markdownIt: (md) => md.use(cellSources)});

/** The page as the build parses it, and the sources its body carries. */
function page(markdown: string) {
  const parsed = parseMarkdown(markdown, {md, path: "/page"});
  const match = new RegExp(`<script type="application/json" id="${CELL_SOURCES_ID}">(.*)</script>`).exec(parsed.body);
  return {...parsed, sources: match ? parseCellSources(match[1]) : undefined};
}

describe("cellSources", () => {
  it("keeps each cell's source, fenced or in the text, in page order, under the id Framework defines it by", () => {
    const {code, sources} = page(
      "# T\n\n```ts\nconst a: number = 1;\n```\n\nText ${a} and ${(a + 1).toFixed(2)}\n\n```js echo\nconst b = a + 1;\n```\n\n" +
        '<div class="x">${b}</div>\n\n```ts\nb * 2\n```\n'
    );
    assert.deepEqual(sources, [
      {id: code[0].id, lang: "ts", source: "const a: number = 1;\n", echo: false, mode: "block"},
      {id: code[1].id, lang: "js", source: "a", echo: false, mode: "inline"},
      {id: code[2].id, lang: "js", source: "(a + 1).toFixed(2)", echo: false, mode: "inline"},
      {id: code[3].id, lang: "js", source: "const b = a + 1;\n", echo: true, mode: "block"},
      {id: code[4].id, lang: "js", source: "b", echo: false, mode: "inline"},
      {id: code[5].id, lang: "ts", source: "b * 2\n", echo: false, mode: "block"}
    ]);
    assert.deepEqual(
      code.map((c) => c.mode),
      ["block", "inline", "inline", "block", "inline", "block"]
    );
  });

  it("tells two cells with the same code apart, as Framework does (id, id-1)", () => {
    const {code, sources} = page("```ts\nx\n```\n\n```ts\nx\n```\n");
    assert.deepEqual(
      sources!.map((s) => s.id),
      code.map((c) => c.id)
    );
    assert.match(sources![1].id, /^[0-9a-f]{8}-1$/);
  });

  it("leaves out what is not a cell: run=false, other languages, an expression that does not parse", () => {
    assert.deepEqual(
      page("```ts run=false\nconst a = 1;\n```\n\n```py\nx = 1\n```\n\n```ts\n1\n```\n\nText ${1 +}\n").sources!.length,
      1
    );
    assert.equal(page("# Just prose\n\n```py\nx = 1\n```\n").sources, undefined);
  });

  it("marks a fence the lesson makes editable with its id and label, and stops at one without them", () => {
    const {code, sources} = page(
      '```ts editable id=exercise-shift label="Exercise: shift"\nfunction shift(x: number) {\n  return x;\n}\n```\n'
    );
    assert.deepEqual(sources, [
      {
        id: code[0].id,
        lang: "ts",
        source: "function shift(x: number) {\n  return x;\n}\n",
        echo: false,
        mode: "block",
        editable: {id: "exercise-shift", label: "Exercise: shift"}
      }
    ]);
    assert.throws(() => page("```ts editable label=Mine\nconst a = 1;\n```\n"), /needs an id .* and a label/);
    assert.throws(() => page("```ts editable id=a\nconst a = 1;\n```\n"), /needs an id .* and a label/);
  });

  it("escapes < so that a source holding </script> cannot end the element", () => {
    const {body, sources} = page('```ts\nconst s = "</script><b>";\n```\n');
    assert.equal(body.match(/<\/script>/g)!.length, 1);
    assert.equal(sources![0].source, 'const s = "</script><b>";\n');
  });

  it("finds every cell of a real lesson, with the course's own plugins, under Framework's ids", () => {
    const course = createMarkdownIt({markdownIt: config.markdownIt});
    const markdown = readFileSync(new URL("../lessons/sampling.md", import.meta.url), "utf8");
    const parsed = parseMarkdown(markdown, {md: course, path: "/sampling"});
    const json = new RegExp(`id="${CELL_SOURCES_ID}">(.*)</script>`).exec(parsed.body)![1];
    const sources = parseCellSources(json);
    assert.deepEqual(
      sources.map((s) => [s.id, s.mode]),
      parsed.code.map((c) => [c.id, c.mode ?? "block"])
    );
    assert.equal(
      sources.filter((s) => s.mode === "block").length,
      markdown.match(/^```ts(?: editable .*)?$/gm)!.length
    );
    assert.equal(sources.filter((s) => s.editable).length, markdown.match(/^```ts editable /gm)!.length);
    assert.ok(sources.some((s) => s.mode === "inline"));
  });

  it("refuses sources that are not what it wrote", () => {
    assert.throws(() => parseCellSources('[{"id": 1}]'), /damaged/);
  });
});
