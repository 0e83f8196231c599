// Makes the library folders reachable from Framework's source root and writes the vendored assets the site
// needs offline. Run by `npm ci` (or `npm install`), `npm run dev` and `npm run build`; safe to run again.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {build} from "esbuild";
import {seedFrameworkCache} from "./frameworkNpm.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lessons = join(root, "lessons");
mkdirSync(lessons, {recursive: true});

// 1. lessons/src -> ../src and friends (training/, for its README, which the model cards link to). A directory junction on Windows needs no admin rights; it takes an
// absolute target, elsewhere a relative link survives moving the checkout.
for (const name of ["src", "components", "data", "training"]) {
  const link = join(lessons, name);
  const target = join(root, name);
  mkdirSync(target, {recursive: true});
  const wanted = process.platform === "win32" ? target : relative(lessons, target);
  if (isLink(link) && readlinkSync(link).replace(/[\\/]$/, "") === wanted) continue;
  if (existsSync(link) || isLink(link)) {
    if (!isLink(link)) throw new Error(`lessons/${name} exists and is not a link; move it out of the way`);
    rmSync(link);
  }
  symlinkSync(wanted, link, process.platform === "win32" ? "junction" : "dir");
}

// 2. KaTeX's stylesheet with its woff2 fonts inlined, so maths renders with no request to another origin.
// Browsers that take woff2 (all current ones) never read the woff/ttf fallbacks, so those are dropped.
const vendor = join(lessons, "vendor");
mkdirSync(vendor, {recursive: true});
const katexDist = join(root, "node_modules/katex/dist");
const katexCss = readFileSync(join(katexDist, "katex.min.css"), "utf8").replace(
  /,url\([^)]*\.(woff|ttf)\) format\("(woff|truetype)"\)/g,
  ""
);
await build({
  stdin: {contents: katexCss, loader: "css", resolveDir: katexDist},
  outfile: join(vendor, "katex.css"),
  bundle: true,
  minify: true,
  loader: {".woff2": "dataurl"},
  logLevel: "warning"
});

// 3. The stylesheet of Observable Inputs. Framework adds it only for its CDN build of Inputs; we bundle Inputs from
// node_modules, so we write it ourselves, with the class namespace the installed Inputs uses.
const inputsJs = readFileSync(join(root, "node_modules/@observablehq/inputs/dist/inputs.js"), "utf8");
const namespace = inputsJs.match(/inputs-[0-9a-f]{6}/)?.[0];
if (!namespace) throw new Error("cannot find the class namespace of @observablehq/inputs");
const inputsCss = readFileSync(
  join(root, "node_modules/@observablehq/framework/dist/client/stdlib/inputs.css"),
  "utf8"
);
writeFileSync(join(vendor, "inputs.css"), inputsCss.replace(/\b__ns__\b/g, namespace));

// 4. Sucrase, the TypeScript transpiler that editable cells run in the browser, as one ES module: Framework cannot
// bundle it from node_modules (its CommonJS dependency ts-interface-checker loses its named exports). The bundle
// and a declaration file that borrows sucrase's own types go in src/vendor/, so Node tests and pages import the same.
const srcVendor = join(root, "src", "vendor");
mkdirSync(srcVendor, {recursive: true});
await build({
  stdin: {contents: 'export {transform} from "sucrase";', resolveDir: root},
  outfile: join(srcVendor, "sucrase.js"),
  bundle: true,
  format: "esm",
  platform: "neutral",
  mainFields: ["module", "main"],
  minify: true,
  logLevel: "warning"
});
writeFileSync(join(srcVendor, "sucrase.d.ts"), 'export {transform} from "sucrase";\n');

function isLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

// Framework reruns a data loader only when the loader file changes; the exercises' loader also depends on
// STEPWISE_SOLUTIONS and on the files in exercises/, so its cached output is dropped before every build and preview.
rmSync(join(lessons, ".observablehq/cache/exercises.json"), {force: true});

// 5. The versions of the libraries Framework's client names, so that the build asks no registry (frameworkNpm.mjs).
seedFrameworkCache();
