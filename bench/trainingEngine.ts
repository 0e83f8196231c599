// Training-engine benchmark: the course's own autograd (src/learning) against TensorFlow.js (tfjs-core 4.22 with its
// cpu and wasm backends), training the same small Transformer (bench/trainingSteps.ts: characters, vocabulary 65,
// context 64, d 64, 2 layers, 4 heads, batch 16) for a fixed number of steps, in Node and in headless Chromium, each
// engine bundled by esbuild as a page would load it. Prints steps per second side by side, and the bytes of each
// engine's bundle (minified, then gzip), the wasm backend's .wasm included. tfjs's WebGPU backend is not measured:
// this machine's Chromium has only a software adapter (SwiftShader), on which onnxruntime's WebGPU ran 600-1000x
// slower than its wasm. Ours takes turns with the tfjs backend being timed, in Node and in Chromium, round after
// round, so a busy moment of the machine falls on both; each figure is the median of the rounds.
//   npx tsx bench/trainingEngine.ts [rounds] [steps per round]
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {createRequire} from "node:module";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {pathToFileURL} from "node:url";
import {gzipSync} from "node:zlib";
import {build} from "esbuild";
import {launchBrowser} from "../test/e2e/browser.js";
import {serveStatic} from "../test/e2e/server.js";
import {median, row} from "./measure.js";
import {SIZES, type Timing} from "./trainingSteps.js";

const ROUNDS = Number(process.argv[2] ?? 5);
const STEPS = Number(process.argv[3] ?? 1);
const ENGINES = ["ours", "tfjs cpu", "tfjs wasm"] as const;
type Engine = (typeof ENGINES)[number];
const WASM = "tfjs-backend-wasm-simd.wasm"; // the file tfjs's wasm backend loads in a page that is not cross-origin isolated
const wasmDir = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/dist/" + WASM));

const NODE_GLOBALS = `import {createRequire} from "node:module";
const require = createRequire(import.meta.url), __dirname = import.meta.dirname;`;

async function bundleOf(contents: string, platform: "node" | "browser", minify = false): Promise<string> {
  const {outputFiles} = await build({
    stdin: {contents, resolveDir: process.cwd(), loader: "ts"},
    bundle: true,
    format: "esm",
    platform,
    // one copy of tfjs-core, its ES modules, on both platforms (Node's "main" is a second, CommonJS copy)
    mainFields: ["module", "main"],
    // Emscripten's loader of the wasm backend uses require() and __dirname in Node, which an ES module lacks
    banner: platform === "node" ? {js: NODE_GLOBALS} : {},
    minify,
    write: false,
    logLevel: "error"
  });
  return outputFiles![0].text;
}

// What runs the steps in Node and in the page: both engines, both tfjs backends.
const RUNNER = `
  import "@tensorflow/tfjs-backend-cpu";
  import {setWasmPaths} from "@tensorflow/tfjs-backend-wasm";
  import {oursStepper} from "./bench/trainingOurs.ts";
  import {tfjsStepper} from "./bench/trainingTfjs.ts";
  import {timeSteps} from "./bench/trainingSteps.ts";
  const steppers = {};
  // makes the engine's stepper and takes one untimed step (compilation, first allocations); returns its loss
  export async function prepare(engine, wasmPrefix) {
    setWasmPaths(wasmPrefix);
    steppers[engine] = engine === "ours" ? oursStepper(1) : await tfjsStepper(engine.slice(5), 1);
    return steppers[engine].step();
  }
  export const timeRound = (engine, steps) => timeSteps(steppers[engine], steps);`;
interface Runner {
  prepare(engine: Engine, wasmPrefix: string): Promise<number>;
  timeRound(engine: Engine, steps: number): Timing;
}

// What a page training this model would load from each engine: the stepper module and the engine behind it.
const PAGE: Record<Engine, string> = {
  ours: `export {oursStepper} from "./bench/trainingOurs.ts";`,
  "tfjs cpu": `import "@tensorflow/tfjs-backend-cpu"; export {tfjsStepper} from "./bench/trainingTfjs.ts";`,
  "tfjs wasm": `import "@tensorflow/tfjs-backend-wasm"; export {tfjsStepper} from "./bench/trainingTfjs.ts";`
};
const gzipBytes = (bytes: string | Uint8Array) => gzipSync(bytes).length;
const sizes = Object.fromEntries(
  await Promise.all(
    ENGINES.map(async (engine) => {
      const js = await bundleOf(PAGE[engine], "browser", true);
      const wasm = engine === "tfjs wasm" ? readFileSync(join(wasmDir, WASM)) : new Uint8Array();
      return [engine, {js: Buffer.byteLength(js), jsGzip: gzipBytes(js), wasm: wasm.length, wasmGzip: gzipBytes(wasm)}];
    })
  )
);

const dir = mkdtempSync(join(tmpdir(), "training-engine-"));
try {
  copyFileSync(join(wasmDir, WASM), join(dir, WASM));
  writeFileSync(join(dir, "node.mjs"), await bundleOf(RUNNER, "node"));
  writeFileSync(join(dir, "page.js"), await bundleOf(RUNNER, "browser"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>training engines</title>");

  const node = (await import(pathToFileURL(join(dir, "node.mjs")).href)) as Runner;
  const server = await serveStatic(dir, "/bench/");
  const browser = await launchBrowser();
  const timings = Object.fromEntries(ENGINES.map((e) => [e, {node: [] as Timing[], web: [] as Timing[]}]));
  try {
    const page = await browser.newPage();
    await page.goto(server.url + "index.html");
    const inPage = <T>(call: string, engine: Engine, arg: string | number) =>
      page.evaluate(async ({module, call, engine, arg}) => (await import(module))[call](engine, arg), {
        module: server.url + "page.js",
        call,
        engine,
        arg
      }) as Promise<T>;
    const prepare = async (engine: Engine) => {
      await node.prepare(engine, dir + "/");
      await inPage("prepare", engine, server.url);
    };
    // tfjs has one active backend, so each of its backends is timed in turn, rounds alternating with ours
    await prepare("ours");
    for (const engine of ["tfjs cpu", "tfjs wasm"] as const) {
      await prepare(engine);
      for (let round = 0; round < ROUNDS; round++)
        for (const e of ["ours", engine] as const) {
          timings[e].node.push(node.timeRound(e, STEPS));
          timings[e].web.push(await inPage<Timing>("timeRound", e, STEPS));
        }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const rate = (runs: Timing[]) => median(runs.map((r) => r.stepsPerSecond));
  // an engine's speed over ours in the same rounds (ours ran ROUNDS rounds beside tfjs cpu, then beside tfjs wasm),
  // each round's own ratio, then their median
  const overOurs = (engine: Engine, side: "node" | "web") => {
    const offset = engine === "tfjs wasm" ? ROUNDS : 0;
    const ours = timings.ours[side].slice(offset, offset + ROUNDS);
    return median(timings[engine][side].map((t, i) => t.stepsPerSecond / ours[i].stepsPerSecond));
  };

  const {vocab, context, d, layers, heads, batch} = SIZES;
  console.log(
    `Training the small Transformer (vocab ${vocab}, context ${context}, d ${d}, ${layers} layers, ${heads} heads, ` +
      `batch ${batch}; AdamW/Adam, clipping at norm ${SIZES.clip}): steps per second, median of ${ROUNDS} rounds of ` +
      `${STEPS} step(s) (ours: ${2 * ROUNDS}), after one untimed step`
  );
  row(["engine", "Node step/s", "Chromium step/s", "Chromium tok/s", "/ours, Node", "/ours, Chromium"]);
  for (const engine of ENGINES) {
    const [n, w] = [rate(timings[engine].node), rate(timings[engine].web)];
    const ratios =
      engine === "ours"
        ? ["1.00x", "1.00x"]
        : [`${overOurs(engine, "node").toFixed(2)}x`, `${overOurs(engine, "web").toFixed(2)}x`];
    row([engine, n.toFixed(2), w.toFixed(2), (w * batch * context).toFixed(0), ...ratios]);
  }
  console.log("\nWhat a page loads for each engine (esbuild, minified; gzip bytes as a server sends them)");
  row(["engine", "JS bytes", "JS gzip", "wasm gzip", "total gzip"]);
  for (const engine of ENGINES) {
    const s = sizes[engine];
    row([
      engine,
      String(s.js),
      String(s.jsGzip),
      String(s.wasm ? s.wasmGzip : 0),
      String(s.jsGzip + (s.wasm ? s.wasmGzip : 0))
    ]);
  }
} finally {
  rmSync(dir, {recursive: true, force: true});
}
