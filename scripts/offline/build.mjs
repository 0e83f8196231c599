// Writes the service worker into a built site (dist/sw.js) with the list of files it caches, and the script that
// registers it, for each page. See scripts/offline/worker.js for what the worker does and README.md for why.
import {createHash} from "node:crypto";
import {readdirSync, readFileSync, statSync, writeFileSync} from "node:fs";
import {dirname, join, posix, sep} from "node:path";

const here = dirname(new URL(import.meta.url).pathname);
export const WORKER = "sw.js";
// Fetched once the worker runs, not before it takes over: large, and only the lessons with a model need them.
const BACKGROUND = /\.(wasm|onnx|bin)$/;
// Kept when a page fetches them, not before: the WebGPU build's runtime (27 MB, only for readers whose GPU runs it)
// and the GPT's extra weights and checkpoints (34 MB), which lessons load only when the reader presses a button.
export const ON_USE = /\.(asyncify|jsep)\.wasm$|\/model-(fp32|int8|untrained|early)\.[^/]*\.onnx$/;

/** Writes dist/sw.js and returns what it caches, with sizes in bytes. */
export function writeServiceWorker(dist) {
  const files = readdirSync(dist, {recursive: true, encoding: "utf8"})
    .map((file) => file.split(sep).join("/"))
    // the precompressed copies (scripts/precompress.mjs) are the host's business: a page never asks for them by name
    .filter((file) => file !== WORKER && !/\.(br|gz)$/.test(file) && statSync(join(dist, file)).isFile())
    .sort();
  const version = createHash("sha256");
  const build = {version: "", precache: [], background: [], sha256: {}};
  const bytes = {precache: 0, background: 0, onUse: 0};
  for (const file of files) {
    const content = readFileSync(join(dist, file));
    const hash = createHash("sha256").update(content).digest("hex");
    version.update(`${file} ${hash}\n`);
    build.sha256[file] = hash;
    const kind = ON_USE.test(file) ? "onUse" : BACKGROUND.test(file) ? "background" : "precache";
    if (kind !== "onUse") build[kind].push(file);
    bytes[kind] += content.length;
  }
  build.version = version.digest("hex").slice(0, 16);
  const source = readFileSync(join(here, "worker.js"), "utf8");
  writeFileSync(join(dist, WORKER), `const BUILD = ${JSON.stringify(build, null, 1)};\n${source}`);
  return {version: build.version, files: {precache: build.precache.length, background: build.background.length}, bytes};
}

/** The inline script that registers the worker, for the page at `page` (a path inside dist, such as a/b.html). */
export function registerScript(page) {
  const root = posix.relative(posix.dirname(page), ".") || ".";
  const template = readFileSync(join(here, "register.js"), "utf8");
  const named = 'const worker = "./sw.js"';
  if (!template.includes(named)) throw new Error(`scripts/offline/register.js no longer says ${named}`);
  const source = template.replace(named, `const worker = ${JSON.stringify(`${root}/${WORKER}`)}`);
  return `<script>\n${source}</script>\n`;
}
