// A lesson's cells as written, as the build keeps them in the page (src/markdown/cellSources.ts writes them) and the
// notebook reads them back: the part of the cell sources both sides share, with nothing of the build's in it.

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
  /**
   * For a fence marked editable: the name of the reader's edit, what the cell is called above its editor, and the name
   * of a function a cell of the page defines that checks what the reader's code defines before the page uses it.
   */
  editable?: {id: string; label: string; check?: string};
}

/** The id of the page's script element that holds the cell sources. */
export const CELL_SOURCES_ID = "cell-sources";

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
        (s.mode === "block" || s.mode === "inline") &&
        (s.editable === undefined ||
          (typeof s.editable.id === "string" &&
            typeof s.editable.label === "string" &&
            (s.editable.check === undefined || typeof s.editable.check === "string")))
    )
  )
    throw new TypeError("The page's cell sources are damaged.");
  return sources as CellSource[];
}
