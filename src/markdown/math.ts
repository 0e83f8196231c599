// A markdown-it plugin that renders TeX with KaTeX when the site is built, so lessons write maths as in a paper:
// `$...$` inline and `$$...$$` on lines of their own for display. Framework's own `${expression}` placeholders
// also start with a dollar sign; a dollar followed by `{` is left to them.
import katex from "katex";
import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";

const DOLLAR = 0x24;
const BRACE = 0x7b;
const BACKSLASH = 0x5c;

/** Renders TeX to KaTeX HTML; an error names the TeX, so a typo fails the build where the author can see it. */
export function renderTex(tex: string, displayMode: boolean): string {
  try {
    return katex.renderToString(tex, {displayMode, throwOnError: true, output: "htmlAndMathml"});
  } catch (error) {
    throw new Error(`KaTeX cannot render ${JSON.stringify(tex)}: ${(error as Error).message}`, {cause: error});
  }
}

export function markdownMath(md: MarkdownIt): void {
  md.inline.ruler.after("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, {alt: ["paragraph", "reference", "blockquote", "list"]});
  md.renderer.rules.math_inline = (tokens, i) => renderTex(tokens[i].content, false);
  md.renderer.rules.math_block = (tokens, i) =>
    `<div class="math-display" tabindex="0">${renderTex(tokens[i].content, true)}</div>\n`;
}

// `$x$`: the opening dollar is not followed by a space or `{`, the closing one is not preceded by a space or a
// backslash and not followed by a digit, so "$5 and $6" stays prose (Pandoc's rule).
function mathInline(state: StateInline, silent: boolean): boolean {
  const {src, pos, posMax} = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const next = src.charCodeAt(pos + 1);
  if (next === BRACE || next === DOLLAR || isSpace(next) || pos + 1 >= posMax) return false;
  let end = pos + 1;
  for (;;) {
    end = src.indexOf("$", end);
    if (end === -1 || end >= posMax) return false;
    if (src.charCodeAt(end - 1) !== BACKSLASH) break;
    end += 1;
  }
  if (isSpace(src.charCodeAt(end - 1)) || isDigit(src.charCodeAt(end + 1))) return false;
  if (!silent) state.push("math_inline", "math", 0).content = src.slice(pos + 1, end);
  state.pos = end + 1;
  return true;
}

// `$$` opens a display block at the start of a line; it closes at the next line that ends with `$$`.
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const max = state.eMarks[startLine];
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  if (state.src.slice(start, start + 2) !== "$$") return false;
  if (silent) return true;
  const first = state.src.slice(start + 2, max);
  let content: string;
  let line = startLine;
  if (first.trimEnd().endsWith("$$")) {
    content = first.trimEnd().slice(0, -2);
  } else {
    const lines = [first];
    for (line = startLine + 1; line < endLine; line++) {
      const text = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]).trimEnd();
      if (text.endsWith("$$")) {
        lines.push(text.slice(0, -2));
        break;
      }
      lines.push(text);
    }
    if (line === endLine) throw new Error(`unclosed $$ display maths opened at line ${startLine + 1}`);
    content = lines.join("\n");
  }
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content.trim();
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}
