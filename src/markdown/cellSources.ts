// A markdown-it plugin that keeps each cell's source in the built page: the fenced ```ts and ```js cells, and the
// `${…}` expressions in the text. Framework compiles a cell into the page's module script and keeps only the compiled
// body; the notebook view needs what the lesson wrote, to show it and let a reader edit it. Framework's fence and
// placeholder renderers give each cell an id (a hash of its code) and push it onto the render's `code` list; the
// wrappers read the id just pushed, so a source is matched to its cell exactly, never by counting. The page gets them
// all, in page order, as one JSON script element.
//
// A fence marked `editable` (```ts editable id=encode label="The encoding of one position") is a cell the article
// shows open, its code in an editor for the reader to change and run, under the label; `id` names the reader's edit
// of it in the store of edits, so that it stays the reader's wherever the lesson moves the cell; `check=name` names a
// function, defined by a cell of the page, that checks what the reader's code defines before the page uses it.
import {parseInfo} from "@observablehq/framework/dist/info.js";
import type MarkdownIt from "markdown-it";
import {cellSourcesScript, type CellSource} from "../cells/sources.js";

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
    // Framework's own reading of the info string: `editable`, `id=encode`, `label="…"`
    const {tag: lang, attributes} = parseInfo(token.info);
    const before = env.code?.length ?? 0;
    const html = fence(tokens, i, options, env, self);
    // a cell with run=false, or one that does not parse, pushes no code: nothing to edit
    const id = pushed(env, before);
    if (LANGS.has(lang) && id !== undefined) {
      // the echoed code is a <pre> after the cell's output <div>
      const echo = /<pre[\s>]/.test(html);
      const source = token.content;
      const cell: CellSource = {id, lang: lang as CellSource["lang"], source, echo, mode: "block"};
      if ("editable" in attributes) cell.editable = editable(attributes);
      (env.cellSources ??= []).push(cell);
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

/** An editable fence's id, label and check; the build stops at one without an id and a label. */
function editable(attributes: Record<string, string>): NonNullable<CellSource["editable"]> {
  const {id, label, check} = attributes;
  if (!/^[\w-]+$/.test(id ?? "") || !label)
    throw new Error(`An editable cell needs an id (letters, digits, - and _) and a label: id=${id} label=${label}`);
  return check ? {id, label, check} : {id, label};
}
