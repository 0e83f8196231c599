// Observable Framework resolves the libraries its own client can load (react-dom, arquero, mapbox-gl, ...) against
// the npm registry at build time, as @latest, unless its cache already names a version: the build then needs the
// network and changes whenever one of them publishes. We name the versions ourselves: the installed one where the
// package is in node_modules, else the one pinned in framework-npm.json. Framework only records the version (an
// empty folder per package); the pages bundle their libraries from node_modules and never load these.
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {join} from "node:path";

const here = new URL(".", import.meta.url).pathname;
const root = join(here, "..");
const cache = join(root, "lessons/.observablehq/cache/_npm");

/** The folder names Framework's cache should hold, such as `d3@7.9.0` and `@observablehq/plot@0.6.17`. */
export function pinnedEntries() {
  const {versions} = JSON.parse(readFileSync(join(here, "framework-npm.json"), "utf8"));
  return Object.entries(versions).map(([name, pinned]) => {
    const installed = join(root, "node_modules", name, "package.json");
    const version = existsSync(installed) ? JSON.parse(readFileSync(installed, "utf8")).version : pinned;
    return `${name}@${version}`;
  });
}

/** Every `name@version` folder in Framework's npm cache. */
export function cachedEntries() {
  if (!existsSync(cache)) return [];
  return readdirSync(cache).flatMap((entry) =>
    entry.startsWith("@") ? readdirSync(join(cache, entry)).map((sub) => `${entry}/${sub}`) : [entry]
  );
}

/** Leaves exactly the pinned versions in the cache: a stale one would win over them if it sorted higher. */
export function seedFrameworkCache() {
  const wanted = new Set(pinnedEntries());
  for (const entry of cachedEntries()) if (!wanted.has(entry)) rmSync(join(cache, entry), {recursive: true});
  for (const entry of wanted) mkdirSync(join(cache, entry), {recursive: true});
}

/** Versions Framework resolved for itself during a build, beyond the pinned ones: each one asked the registry. */
export function unpinnedEntries() {
  const wanted = new Set(pinnedEntries());
  return cachedEntries().filter((entry) => !wanted.has(entry));
}
