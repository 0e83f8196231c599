// Finishes the built site in dist/. Mends accessibility defects in the page template of Observable Framework 1.13,
// which has no option for any of them: the <html> element names no language (screen readers then guess the voice),
// the viewport forbids zooming (maximum-scale=1), which readers with low vision need, the sidebar's toggle is named
// only by a tooltip, its list of pages holds a label among its items, and a code block too wide for the column
// scrolls but cannot be reached by keyboard (made focusable here). Sets every file's lastModified, which
// Framework takes from the file system (checkout and build times), to the time of the commit, so that two builds of
// one commit are byte for byte the same. Then adds the service worker that makes pages cross-origin isolated and the
// course work offline (scripts/offline/), and its registration to every page. Last, writes brotli and gzip copies
// beside the files for hosts that serve them (scripts/precompress.mjs).
import {execFileSync} from "node:child_process";
import {createHash} from "node:crypto";
import {readdirSync, readFileSync, writeFileSync} from "node:fs";
import {join, sep} from "node:path";
import {unpinnedEntries} from "./frameworkNpm.mjs";
import {ON_USE, registerScript, writeServiceWorker} from "./offline/build.mjs";
import {precompress} from "./precompress.mjs";

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
  const guarded = guard(withWorker);
  if (guarded !== html) writeFileSync(path, guarded);
}
console.log(
  `postbuild: mended ${mended} pages (language, zoom, sidebar, code blocks); the service worker registers on ${registered}; each refuses frames of other origins and carries a content security policy`
);
const {version, files, bytes} = writeServiceWorker(dist);
const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
console.log(
  `postbuild: sw.js ${version}: precaches ${files.precache} files (${mb(bytes.precache)}), then ${files.background} in the background (${mb(bytes.background)}); the WebGPU runtime and the optional GPT weights (${mb(bytes.onUse)}) are cached on use`
);
const compressed = await precompress(dist, ON_USE);
console.log(
  `postbuild: brotli and gzip copies of ${compressed.files} files (${mb(compressed.bytes)}): ${mb(compressed.br)} and ${mb(compressed.gz)}`
);

/** SOURCE_DATE_EPOCH (the reproducible-builds convention) where set, else the time of the checked-out commit. */
function sourceDateMs() {
  const seconds =
    process.env.SOURCE_DATE_EPOCH ?? execFileSync("git", ["log", "-1", "--format=%ct"], {encoding: "utf8"}).trim();
  if (!/^\d+$/.test(seconds)) throw new Error(`postbuild: no source date (SOURCE_DATE_EPOCH or git), got "${seconds}"`);
  return Number(seconds) * 1000;
}

/**
 * The page with, first in its head, the script that refuses frames of another origin, and a content security policy:
 * the page may connect to its own origin only (code a reader runs, their own or a share link's, cannot send their
 * edits elsewhere), load scripts from it and the page's own inline scripts (by hash), and compile code (the editable
 * cells) and WebAssembly (the model runtime), and frame only itself. The service worker adds frame-ancestors, which
 * only a header can set.
 */
function guard(html) {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  const frames = `<script>\n${readFileSync(new URL("./frameGuard.js", import.meta.url), "utf8")}</script>`;
  const page = html.replace('<meta charset="utf-8">', `<meta charset="utf-8">\n${frames}`);
  const inline = [...page.matchAll(/<script(?:\s+type="module")?>([\s\S]*?)<\/script>/g)].map(
    ([, source]) => `'sha256-${createHash("sha256").update(source).digest("base64")}'`
  );
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval' ${inline.join(" ")}`,
    // Framework's inputs (htl) put on… attributes on elements for a moment before making them listeners; code on the
    // page runs through new Function anyway (the editable cells), so allowing these adds nothing an attacker lacks
    "script-src-attr 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'"
  ].join("; ");
  return page.replace(
    '<meta charset="utf-8">',
    `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${policy}">`
  );
}
