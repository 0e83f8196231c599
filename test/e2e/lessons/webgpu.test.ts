// The course's GPT on WebGPU and on WebAssembly in Chromium: the same prompt gives the same greedy tokens. There is
// no GPU here; --enable-unsafe-webgpu makes Chromium offer its SwiftShader software adapter, which computes
// correctly but slowly, so the input is tiny. Sessions come from the built site's runtime module, as in the lessons;
// a lesson's own model loader is checked on WebGPU too, with the template lesson's small classifier.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {compactTokenizer, gpt2Encoding} from "../../../src/tokenizer/index.js";
import {maxAbsDifference} from "../../../src/linalg/index.js";
import {builtSite, bundle, PATIENCE, provide, visit} from "../browser.js";
import {builtFile} from "../server.js";

const site = builtSite({args: ["--enable-unsafe-webgpu"]});
const manifest = JSON.parse(readFileSync("data/models/gpt/manifest.json", "utf8"));
const gpt = {architecture: manifest.architecture, tokenizer: {endOfText: manifest.tokenizer.endOfText}};
const prompt = compactTokenizer(gpt2Encoding(), manifest.tokenizer)
  .encode("And God said,")
  .map((t) => t.id);

interface Run {
  backend: string;
  /** Next-token logits after the prompt. */
  logits: number[];
  tokens: number[];
}

describe("the GPT on WebGPU", () => {
  it("gives the same greedy tokens as on WebAssembly, with logits within 1e-2", async (t) => {
    const {page, problems} = await visit(site.browser(), site.url("index.html"), {serviceWorkers: "block"});
    const files = {code: "_test/generation.js", model: "_test/gpt.onnx"};
    await provide(page, {
      [files.code]: await bundle(["src/generation/index.ts", "src/models/gpt.ts"]),
      [files.model]: readFileSync(`data/models/gpt/${manifest.file}`)
    });
    const runs = await page.evaluate(
      async ({runtime, files, gpt, prompt}) => {
        const {createSession} = await import(runtime);
        const {generate, gptModel} = await import(`./${files.code}`);
        const bytes = new Uint8Array(await (await fetch(`./${files.model}`)).arrayBuffer());
        const runs: Record<string, Run> = {};
        for (const backend of ["wasm", "webgpu"]) {
          const session = await createSession(bytes, {backend});
          const model = gptModel(session, gpt);
          const {logits} = await model.next([prompt]);
          const tokens = [];
          for await (const step of generate(model, prompt, {
            strategy: "greedy",
            maxNewTokens: 8,
            stopAtEndOfText: false
          }))
            tokens.push(step.token);
          runs[backend] = {backend: session.backend, logits: [...logits[0]], tokens};
          await session.release();
        }
        return runs;
      },
      {runtime: builtFile("dist", "_import/src/runtime", "index."), files, gpt, prompt}
    );
    assert.equal(runs.webgpu.backend, "webgpu", "the WebGPU session fell back to WebAssembly");
    assert.equal(runs.wasm.backend, "wasm");
    assert.equal(runs.wasm.tokens.length, 8);
    assert.deepEqual(runs.webgpu.tokens, runs.wasm.tokens);
    const difference = maxAbsDifference(runs.webgpu.logits, runs.wasm.logits);
    assert.ok(difference < 1e-2, `logits differ by up to ${difference}`);
    t.diagnostic(
      `${prompt.length} prompt tokens, greedy ${runs.wasm.tokens.join(" ")}; largest logit difference ${difference.toExponential(1)}`
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("runs a lesson's model there when the reader asks with ?backend=webgpu, and says so in its badge", async () => {
    const {page, problems} = await visit(site.browser(), site.url("template.html?backend=webgpu"), {
      serviceWorkers: "block"
    });
    const loader = page.locator(".model-loader");
    await loader.locator(".backend-badge").waitFor({timeout: PATIENCE});
    assert.equal(await loader.locator(".backend-badge").innerText(), "WebGPU");
    assert.match(await loader.innerText(), /is ready, on WebGPU \(as you asked, on a software adapter/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
