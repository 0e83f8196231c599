// The lock file must agree with package.json and hold every package any platform installs, or `npm ci` refuses to run
// ("Missing: @rollup/rollup-android-arm-eabi from lock file") on a machine other than the one that wrote it.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import semver from "semver";

interface LockEntry {
  version?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, {optional?: boolean}>;
}

const read = (path: string) => JSON.parse(readFileSync(new URL(`../${path}`, import.meta.url), "utf8"));
const manifest = read("package.json");
const lock: {lockfileVersion: number; packages: Record<string, LockEntry>} = read("package-lock.json");

/** Where Node would find `name` from the package installed at `from`: its own node_modules, then each folder up. */
function resolve(from: string, name: string): string | undefined {
  for (let base = from; ; base = base.replace(/\/?node_modules\/(@[^/]+\/)?[^/]+$/, "")) {
    const path = `${base ? `${base}/` : ""}node_modules/${name}`;
    if (lock.packages[path]) return path;
    if (!base) return undefined;
  }
}

describe("package-lock.json", () => {
  it("is a version 3 lock whose root lists exactly package.json's dependencies", () => {
    assert.equal(lock.lockfileVersion, 3);
    const root = lock.packages[""]!;
    assert.deepEqual(root.dependencies ?? {}, manifest.dependencies ?? {});
    assert.deepEqual(root.devDependencies ?? {}, manifest.devDependencies ?? {});
  });

  it("holds every dependency of every package, every platform's optional ones included, at a version in range", () => {
    const problems: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (entry.link) continue;
      const optionalPeers = new Set(
        Object.keys(entry.peerDependenciesMeta ?? {}).filter((n) => entry.peerDependenciesMeta![n]!.optional)
      );
      const wanted = {
        ...entry.dependencies,
        ...(path === "" ? entry.devDependencies : {}),
        ...entry.optionalDependencies,
        ...Object.fromEntries(Object.entries(entry.peerDependencies ?? {}).filter(([n]) => !optionalPeers.has(n)))
      };
      for (const [name, range] of Object.entries(wanted)) {
        const found = resolve(path, name);
        const version = found && lock.packages[found]!.version;
        if (!found) problems.push(`${path || "the root"} needs ${name}@${range}: missing`);
        else if (version && semver.validRange(range) && !semver.satisfies(version, range, {includePrerelease: true}))
          problems.push(`${path || "the root"} needs ${name}@${range}: the lock has ${version}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
