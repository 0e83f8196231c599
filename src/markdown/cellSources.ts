// A markdown-it plugin that keeps each cell's source in the built page: the fenced ```ts and ```js cells, and the
// `${…}` expressions in the text. Framework compiles a cell into the page's module script and keeps only the compiled
// body; the notebook view needs what the lesson wrote, to show it and let a reader edit it. Framework's fence and
// placeholder renderers give each cell an id (a hash of its code) and push it onto the render's `code` list; the
// wrappers read the id just pushed, so a source is matched to its cell exactly, never by counting. The page gets them
// all, in page order, as one JSON script element.
import type MarkdownIt from "markdown-it";

/**
 * A lesson's cell as written: its Framework id, language, code, whether the page also shows the code, and whether it
 * is a fenced cell ("block") or an expression in the text ("inline", always JavaScript, never echoed).
 */
export interface CellSource {
  id: string;
  lang: "ts" | "js";
  source: string;
  echo: boolean;
  mode: "block" | "inline";
}

/** The id of the page's script element that holds the cell sources. */
export const CELL_SOURCES_ID = "cell-sources";

const LANGS = new Set(["ts", "js"]);

interface RenderEnv {
  code?: {id: string}[];
  cellSources?: CellSource[];
}

/** The id of the cell a renderer just pushed onto the render's `code` list, if it pushed one. */
function pushed(env: RenderEnv, before: number): string | undefined {
  return env.code && env.code.length > before ? env.code[env.code.length - 1].id : undefined;
}

export function cellSources(md: MarkdownIt): void {
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, i, options, env: RenderEnv, self) => {
    const token = tokens[i];
    const lang = token.info.trim().split(/\s+/)[0];
    const before = env.code?.length ?? 0;
    const html = fence(tokens, i, options, env, self);
    // a cell with run=false, or one that does not parse, pushes no code: nothing to edit
    const id = pushed(env, before);
    if (LANGS.has(lang) && id !== undefined) {
      // the echoed code is a <pre> after the cell's output <div>
      const echo = /<pre[\s>]/.test(html);
      const source = token.content;
      (env.cellSources ??= []).push({id, lang: lang as CellSource["lang"], source, echo, mode: "block"});
    }
    return html;
  };
  const placeholder = md.renderer.rules.placeholder!;
  md.renderer.rules.placeholder = (tokens, i, options, env: RenderEnv, self) => {
    const before = env.code?.length ?? 0;
    const html = placeholder(tokens, i, options, env, self);
    // an expression that does not parse pushes no code: Framework shows its error in the text
    const id = pushed(env, before);
    if (id !== undefined)
      (env.cellSources ??= []).push({id, lang: "js", source: tokens[i].content, echo: false, mode: "inline"});
    return html;
  };
  const render = md.renderer.render.bind(md.renderer);
  md.renderer.render = (tokens, options, env: RenderEnv) => {
    const html = render(tokens, options, env);
    return env.cellSources?.length ? html + cellSourcesScript(env.cellSources) : html;
  };
}

/** The sources as a JSON script element; `<` is escaped, so no source can close the element early. */
export function cellSourcesScript(sources: CellSource[]): string {
  const json = JSON.stringify(sources).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${CELL_SOURCES_ID}">${json}</script>\n`;
}

/** Reads the sources back from the script element's text; throws on anything else. */
export function parseCellSources(text: string): CellSource[] {
  const sources: unknown = JSON.parse(text);
  if (
    !Array.isArray(sources) ||
    !sources.every(
      (s) =>
        typeof s?.id === "string" &&
        (s.lang === "ts" || s.lang === "js") &&
        typeof s.source === "string" &&
        typeof s.echo === "boolean" &&
        (s.mode === "block" || s.mode === "inline")
    )
  )
    throw new TypeError("The page's cell sources are damaged.");
  return sources as CellSource[];
}
