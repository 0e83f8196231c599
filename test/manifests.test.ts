import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {readdirSync, readFileSync} from "node:fs";
import {describe, it} from "node:test";

const models = new URL("../data/models/", import.meta.url);

interface ModelFile {
  file: string;
  bytes: number;
  sha256: string;
}

/** Every object in a manifest that names an ONNX file: the model itself, its variants and its checkpoints. */
function modelFiles(value: unknown): ModelFile[] {
  if (Array.isArray(value)) return value.flatMap(modelFiles);
  if (value === null || typeof value !== "object") return [];
  const entry = value as Record<string, unknown>;
  const own = typeof entry.file === "string" && entry.file.endsWith(".onnx") ? [entry as unknown as ModelFile] : [];
  return [...own, ...Object.values(entry).flatMap(modelFiles)];
}

describe("model manifests", () => {
  for (const model of readdirSync(models)) {
    const folder = new URL(`${model}/`, models);
    const manifest = JSON.parse(readFileSync(new URL("manifest.json", folder), "utf8"));

    it(`${model}: every model file it names has the size and SHA-256 it states (the loader checks both)`, () => {
      for (const {file, bytes, sha256} of modelFiles(manifest)) {
        const data = readFileSync(new URL(file, folder));
        assert.equal(data.length, bytes, `${model}/${file}: bytes`);
        assert.equal(createHash("sha256").update(data).digest("hex"), sha256, `${model}/${file}: sha256`);
      }
    });

    it(`${model}: names every ONNX file in its folder`, () => {
      const named = new Set(modelFiles(manifest).map((f) => f.file));
      const shipped = readdirSync(folder).filter((f) => f.endsWith(".onnx"));
      assert.deepEqual(
        shipped.filter((f) => !named.has(f)),
        []
      );
    });
  }
});
