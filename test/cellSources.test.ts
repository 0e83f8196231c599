import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {createMarkdownIt, parseMarkdown} from "@observablehq/framework/dist/markdown.js";
import config from "../observablehq.config.js";
import {CELL_SOURCES_ID, cellSources, parseCellSources} from "../src/markdown/cellSources.js";

const md = createMarkdownIt({markdownIt: (md) => md.use(cellSources)});

/** The page as the build parses it, and the sources its body carries. */
function page(markdown: string) {
  const parsed = parseMarkdown(markdown, {md, path: "/page"});
  const match = new RegExp(`<script type="application/json" id="${CELL_SOURCES_ID}">(.*)</script>`).exec(parsed.body);
  return {...parsed, sources: match ? parseCellSources(match[1]) : undefined};
}

describe("cellSources", () => {
  it("keeps each ```ts and ```js cell's source, in order, under the id Framework defines the cell by", () => {
    const {code, sources} = page(
      "# T\n\n```ts\nconst a: number = 1;\n```\n\nText ${a}\n\n```js echo\nconst b = a + 1;\n```\n\n```ts\nb * 2\n```\n"
    );
    assert.deepEqual(sources, [
      {id: code[0].id, lang: "ts", source: "const a: number = 1;\n", echo: false},
      {id: code[2].id, lang: "js", source: "const b = a + 1;\n", echo: true},
      {id: code[3].id, lang: "ts", source: "b * 2\n", echo: false}
    ]);
    assert.equal(code[1].mode, "inline"); // the ${a} placeholder is a cell too, but not a fenced one
  });

  it("tells two cells with the same code apart, as Framework does (id, id-1)", () => {
    const {code, sources} = page("```ts\nx\n```\n\n```ts\nx\n```\n");
    assert.deepEqual(
      sources!.map((s) => s.id),
      code.map((c) => c.id)
    );
    assert.match(sources![1].id, /^[0-9a-f]{8}-1$/);
  });

  it("leaves out blocks that are not cells: run=false, other languages, and pages without cells", () => {
    assert.deepEqual(
      page("```ts run=false\nconst a = 1;\n```\n\n```py\nx = 1\n```\n\n```ts\n1\n```\n").sources!.length,
      1
    );
    assert.equal(page("# Just prose\n\n```py\nx = 1\n```\n").sources, undefined);
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
    const blocks = parsed.code.filter((c) => c.mode !== "inline").map((c) => c.id);
    assert.deepEqual(
      parseCellSources(json).map((s) => s.id),
      blocks
    );
    assert.equal(blocks.length, markdown.match(/^```ts$/gm)!.length);
  });

  it("refuses sources that are not what it wrote", () => {
    assert.throws(() => parseCellSources('[{"id": 1}]'), /damaged/);
  });
});
