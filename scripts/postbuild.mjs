// Finishes the built site in dist/. Mends accessibility defects in the page template of Observable Framework 1.13,
// which has no option for any of them: the <html> element names no language (screen readers then guess the voice),
// the viewport forbids zooming (maximum-scale=1), which readers with low vision need, the sidebar's toggle is named
// only by a tooltip, its list of pages holds a label among its items, and a code block too wide for the column
// scrolls but cannot be reached by keyboard (made focusable here). Sets every file's lastModified, which
// Framework takes from the file system (checkout and build times), to the time of the commit, so that two builds of
// one commit are byte for byte the same. Then adds the service worker that makes pages cross-origin isolated and the
// course work offline (scripts/offline/), and its registration to every page.
import {execFileSync} from "node:child_process";
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join, sep} from "node:path";
import {unpinnedEntries} from "./frameworkNpm.mjs";
import {registerScript, writeServiceWorker} from "./offline/build.mjs";

const unpinned = unpinnedEntries();
if (unpinned.length > 0) {
  console.error(
    `postbuild: Framework resolved ${unpinned.join(", ")} from the npm registry; pin them in scripts/framework-npm.json`
  );
  process.exit(1);
}

const dist = new URL("../dist/", import.meta.url).pathname;
const sourceDate = sourceDateMs();
let mended = 0;
let registered = 0;
for (const file of readdirSync(dist, {recursive: true, encoding: "utf8"})) {
  if (!file.endsWith(".html")) continue;
  const path = join(dist, file);
  const html = readFileSync(path, "utf8");
  const fixed = html
    .replace(/^<!DOCTYPE html>\n<html>/, '<!DOCTYPE html>\n<html lang="en">')
    .replace(
      '<meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">'
    )
    .replace(
      'type="checkbox" title="Toggle sidebar">',
      'type="checkbox" title="Toggle sidebar" aria-label="Show or hide the list of lessons">'
    )
    .replace(
      /<ol>\n(\s*<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>)/,
      "$1\n  <ol>"
    )
    .replaceAll("<pre data-language=", '<pre tabindex="0" data-language=')
    .replace(/"lastModified":\d+/g, `"lastModified":${sourceDate}`);
  if (fixed !== html) mended++;
  const withWorker = fixed.includes("navigator.serviceWorker")
    ? fixed
    : fixed.replace("</head>", registerScript(file.split(sep).join("/")) + "</head>");
  if (withWorker !== fixed) registered++;
  if (withWorker !== html) writeFileSync(path, withWorker);
}
console.log(
  `postbuild: mended ${mended} pages (language, zoom, sidebar, code blocks); the service worker registers on ${registered}`
);
const {version, files, bytes} = writeServiceWorker(dist);
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
console.log(
  `postbuild: sw.js ${version}: precaches ${files.precache} files (${mb(bytes.precache)}), then ${files.background} in the background (${mb(bytes.background)}); the WebGPU runtime and the optional GPT weights (${mb(bytes.onUse)}) are cached on use`
);

/** SOURCE_DATE_EPOCH (the reproducible-builds convention) where set, else the time of the checked-out commit. */
function sourceDateMs() {
  const seconds =
    process.env.SOURCE_DATE_EPOCH ?? execFileSync("git", ["log", "-1", "--format=%ct"], {encoding: "utf8"}).trim();
  if (!/^\d+$/.test(seconds)) throw new Error(`postbuild: no source date (SOURCE_DATE_EPOCH or git), got "${seconds}"`);
  return Number(seconds) * 1000;
}
