// The autograd's WebAssembly kernel, assembled from its source: src/learning/matmul.wat becomes the module's bytes in
// src/learning/matmulKernel.ts, so the page needs no assembler and no file of its own. `npm run kernels` writes it
// after an edit of the .wat; a unit test checks that the bytes there are this source's.
import {readFileSync, writeFileSync} from "node:fs";
import {fileURLToPath} from "node:url";
import wabt from "wabt";

const source = fileURLToPath(new URL("../src/learning/matmul.wat", import.meta.url));
const target = fileURLToPath(new URL("../src/learning/matmulKernel.ts", import.meta.url));

/** The module matmul.wat assembles to, in base64. */
export async function kernelBase64(): Promise<string> {
  const module = (await wabt()).parseWat("matmul.wat", readFileSync(source, "utf8"));
  module.validate();
  return Buffer.from(module.toBinary({}).buffer).toString("base64");
}

/** The TypeScript module that carries the bytes. */
const kernelModule = (base64: string): string =>
  `// Made by \`npm run kernels\` from matmul.wat, its source: edit that, not this.\nexport const MATMUL_WASM =\n  "${base64}";\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(target, kernelModule(await kernelBase64()));
  console.log(`wrote ${target}`);
}
