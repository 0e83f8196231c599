// What the notebook's browser tests and its benchmark read of a built lesson: the cells the page keeps the code of, the
// code in a cell's editor, which cells displayed new nodes, and which cells use a cell (from Framework's own define
// calls).
import type {Locator, Page} from "playwright-core";

/** Every cell the page keeps the code of, fenced cells and expressions in the text, in page order. */
export const sources = (page: Page) =>
  page.evaluate(
    () =>
      JSON.parse(document.getElementById("cell-sources")!.textContent!) as {
        id: string;
        source: string;
        mode: "block" | "inline";
      }[]
  );
/** The fenced cells alone, numbered as the notebook numbers them ("cell-3" is the third). */
export const blocks = async (page: Page) => (await sources(page)).filter((s) => s.mode === "block");

/** The code in a cell's editor, whole: CodeMirror puts only the lines in view into the page (its `cmTile` is internal). */
export const editorText = (cell: Locator) =>
  cell.locator(".cm-content").evaluate((content) => (content as any).cmTile.root.view.state.doc.toString() as string);

/**
 * Marks the nodes every cell of the page displays, by cell number (1-based, in page order). Returns the cells that
 * display something, and a function that says which of them displayed new nodes since: the cells that reran.
 */
export async function markOutputs(page: Page): Promise<{shown: number[]; changed: () => Promise<number[]>}> {
  const ids = (await blocks(page)).map((s) => s.id);
  const find = (ids: string[]) => {
    const roots = new Map<string, Comment>();
    const walker = document.createNodeIterator(document.body, NodeFilter.SHOW_COMMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      roots.set((node as Comment).data.slice(1, -1), node as Comment);
    return ids.map((id) => roots.get(id)!.parentElement!);
  };
  const shown = await page.evaluate(
    ({ids, find}) =>
      ((0, eval)(find)(ids) as HTMLElement[]).flatMap((div, i) => {
        for (const child of div.children) (child as any).__notebookMark = true;
        return div.children.length ? [i + 1] : [];
      }),
    {ids, find: find.toString()}
  );
  const changed = () =>
    page.evaluate(
      ({ids, find}) =>
        ((0, eval)(find)(ids) as HTMLElement[]).flatMap((div, i) =>
          div.children.length && [...div.children].every((c) => !(c as any).__notebookMark) ? [i + 1] : []
        ),
      {ids, find: find.toString()}
    );
  return {shown, changed};
}

/** The cells that use cell `n`, directly or not, with it: from the `define` calls of the page Framework built. */
export async function dependants(page: Page, n: number): Promise<number[]> {
  const module = await page.evaluate(() => document.querySelector("script[type=module]")!.textContent!);
  const cells = [
    ...module.matchAll(/define\(\{id: "([^"]+)"(?:, inputs: (\[[^\]]*\]))?(?:, outputs: (\[[^\]]*\]))?/g)
  ].map((m) => ({
    id: m[1],
    inputs: JSON.parse(m[2] ?? "[]") as string[],
    outputs: JSON.parse(m[3] ?? "[]") as string[]
  }));
  const order = (await blocks(page)).map((s) => s.id);
  const changed = new Set([order[n - 1]]);
  for (let grew = true; grew;) {
    grew = false;
    for (const cell of cells) {
      if (changed.has(cell.id)) continue;
      const names = cells.filter((c) => changed.has(c.id)).flatMap((c) => c.outputs);
      if (cell.inputs.some((name) => names.includes(name))) grew = changed.add(cell.id) !== undefined;
    }
  }
  return order.flatMap((id, i) => (changed.has(id) ? [i + 1] : []));
}
