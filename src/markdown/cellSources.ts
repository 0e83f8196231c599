// A markdown-it plugin that keeps each fenced cell's source in the built page. Framework compiles a ```ts or ```js
// cell into the page's module script and keeps only the compiled body; the notebook view needs what the lesson
// wrote, to show it and let a reader edit it. Framework's fence renderer gives each cell an id (a hash of its
// compiled code) and pushes it onto the render's `code` list; the wrapper reads the id it just pushed, so a source is
// matched to its cell exactly, never by counting. The page gets them all, in order, as one JSON script element.
import type MarkdownIt from "markdown-it";

/** A lesson's cell as written: its Framework id, language, code, and whether the page also shows the code. */
export interface CellSource {
  id: string;
  lang: "ts" | "js";
  source: string;
  echo: boolean;
}

/** The id of the page's script element that holds the cell sources. */
export const CELL_SOURCES_ID = "cell-sources";

const LANGS = new Set(["ts", "js"]);

interface RenderEnv {
  code?: {id: string}[];
  cellSources?: CellSource[];
}

export function cellSources(md: MarkdownIt): void {
  const fence = md.renderer.rules.fence!;
  md.renderer.rules.fence = (tokens, i, options, env: RenderEnv, self) => {
    const token = tokens[i];
    const lang = token.info.trim().split(/\s+/)[0];
    const before = env.code?.length ?? 0;
    const html = fence(tokens, i, options, env, self);
    // a cell with run=false, or one that does not parse, pushes no code: nothing to edit
    if (LANGS.has(lang) && env.code && env.code.length > before) {
      const {id} = env.code[env.code.length - 1];
      // the echoed code is a <pre> after the cell's output <div>
      const echo = /<pre[\s>]/.test(html);
      (env.cellSources ??= []).push({id, lang: lang as CellSource["lang"], source: token.content, echo});
    }
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
        typeof s.echo === "boolean"
    )
  )
    throw new TypeError("The page's cell sources are damaged.");
  return sources as CellSource[];
}
