// Mends accessibility defects in the page template of Observable Framework 1.13, which has no option for any of
// them: the <html> element names no language (screen readers then guess the voice), the viewport forbids zooming
// (maximum-scale=1), which readers with low vision need, the sidebar's toggle is named only by a tooltip, and its
// list of pages holds a label among its items.
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join} from "node:path";

const dist = new URL("../dist/", import.meta.url).pathname;
let mended = 0;
for (const file of readdirSync(dist, {recursive: true, encoding: "utf8"})) {
  if (!file.endsWith(".html")) continue;
  const path = join(dist, file);
  const html = readFileSync(path, "utf8");
  const fixed = html
    .replace(/^<!DOCTYPE html>\n<html>/, '<!DOCTYPE html>\n<html lang="en">')
    .replace('<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">', '<meta name="viewport" content="width=device-width, initial-scale=1">')
    .replace('type="checkbox" title="Toggle sidebar">', 'type="checkbox" title="Toggle sidebar" aria-label="Show or hide the list of lessons">')
    .replace(/<ol>\n(\s*<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>)/, "$1\n  <ol>");
  if (fixed !== html) {
    writeFileSync(path, fixed);
    mended++;
  }
}
console.log(`postbuild: mended ${mended} pages (language, zoom, sidebar)`);
