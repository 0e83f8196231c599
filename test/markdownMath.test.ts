import assert from "node:assert/strict";
import {describe, it} from "node:test";
import MarkdownIt from "markdown-it";
import {markdownMath} from "../src/markdown/math.js";

const md = new MarkdownIt({html: true}).use(markdownMath);

describe("markdown maths", () => {
  it("renders $...$ inline as KaTeX inside the paragraph", () => {
    const html = md.render("The angle $\\omega_i = 10000^{-2i/d}$ turns.");
    assert.match(html, /^<p>The angle <span class="katex">/);
    assert.match(html, /<\/span> turns\.<\/p>/);
    assert.doesNotMatch(html, /\$/);
  });

  it("renders $$ lines as display maths, over one line or several", () => {
    assert.match(md.render("$$ x^2 $$"), /class="math-display" tabindex="0"><span class="katex-display">/);
    const html = md.render("Before\n\n$$\n\\sum_i a_i\n= 1\n$$\n\nAfter");
    assert.match(html, /katex-display/);
    assert.match(html, /<p>After<\/p>/);
  });

  it("leaves Framework's ${expression} placeholders and prices like $5 alone", () => {
    assert.equal(md.render("Costs $5 and $6."), "<p>Costs $5 and $6.</p>\n");
    assert.match(md.render("Value ${x + 1} here"), /\$\{x \+ 1\}/);
    assert.equal(md.render("An escaped \\$x$"), "<p>An escaped $x$</p>\n");
  });

  it("fails loudly on TeX that KaTeX cannot render, naming it", () => {
    assert.throws(() => md.render("Bad $\\frac{1}$ here"), /KaTeX cannot render "\\\\frac\{1\}"/);
  });

  it("fails on a display block that is never closed", () => {
    assert.throws(() => md.render("$$\nx = 1\n"), /unclosed \$\$/);
  });
});
