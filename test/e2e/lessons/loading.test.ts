// What a reader sees when a model does not load, when a number is typed out of a slider's range, and when the address
// asks for a backend badly, on the template lesson (its classifier is the smallest model). Playwright's routes break
// the requests; Chromium offers its SwiftShader software adapter (--enable-unsafe-webgpu).
//
// | case                              | the request    | the reader sees                                           |
// |-----------------------------------|----------------|-----------------------------------------------------------|
// | model file missing                | HTTP 404       | "The classifier did not arrive: <url> answered HTTP 404"  |
// | model file truncated              | half its bytes | "... <url> is incomplete: got 281,545 of 563,091 bytes"   |
// | connection dropped                | reset          | "... the connection dropped while downloading <url>"      |
// | weights corrupted, header intact  | a byte flipped | "... <url> is not the file its manifest describes"        |
// | server silent, then Retry         | no answer      | after 30 s "nothing arrived from <url> for 30 s"; ready   |
// | runtime's WebAssembly file absent | *.wasm 404     | "The model runtime did not start: <url> answered ... 404" |
// | number out of range or off step   | -              | the box shows what holds: "kept to 0.1–5", "rounded to 2" |
// | ?backend=nonsense                 | -              | "The address asks for the backend "nonsense", but ..."    |
// | ?backend=webgpu, software adapter | -              | a warning; "Use WebAssembly": ready on WebAssembly        |
//
// Every failure also offers Retry, and the page shows no other error: the cells that need the model wait for it, and
// the console has only the browser's own line for the broken request.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import type {Page, Route} from "playwright-core";
import {builtSite, PATIENCE, visit} from "../browser.js";

const site = builtSite({args: ["--enable-unsafe-webgpu"]});
const manifest = JSON.parse(readFileSync("data/models/classifier/manifest.json", "utf8"));
const model = new Uint8Array(readFileSync(`data/models/classifier/${manifest.file}`));
const MODEL = "**/_file/data/models/classifier/model.*.onnx";

/** The template lesson, its requests for `pattern` answered by `handler`, once its model has failed or loaded. */
async function template(pattern?: string, handler?: (route: Route) => unknown, query = "") {
  const {page, problems} = await visit(site.browser(), site.url("index.html"), {serviceWorkers: "block"});
  if (pattern && handler) await page.route(pattern, handler);
  problems.length = 0;
  await page.goto(site.url(`template.html${query}`));
  const loader = page.locator(".model-loader");
  await loader.locator(".backend-badge, [data-kind=error]").first().waitFor({timeout: PATIENCE});
  return {page, problems, status: () => loader.locator(".model-status").innerText(), loader};
}

/** Problems other than the broken request itself: the page logs nothing of its own, the loader says it all. */
const unexpected = (problems: string[], request: RegExp) =>
  problems.filter((p) => !request.test(p) && !/^console error: Failed to load resource/.test(p));

async function failsWith(pattern: string, handler: (route: Route) => unknown, message: RegExp, request: RegExp) {
  const {page, problems, status, loader} = await template(pattern, handler);
  const sentence = await status();
  assert.match(sentence, message);
  assert.doesNotMatch(sentence, /memory|SIMD|no available backend/);
  assert.equal(await loader.getByRole("button", {name: "Retry"}).count(), 1);
  assert.equal(await page.locator(".observablehq--error").count(), 0, "a cell shows the error too");
  assert.deepEqual(unexpected(problems, request), []);
  await page.context().close();
}

describe("a model that does not load says why, and offers Retry", () => {
  it("names the HTTP status and the address of a missing model file", () =>
    failsWith(
      MODEL,
      (route) => route.fulfill({status: 404, body: "gone"}),
      /^The classifier did not arrive: http:\S+\/model\.\w+\.onnx answered HTTP 404 Not Found\./,
      /HTTP 404: .*model\.\w+\.onnx/
    ));

  it("counts the bytes of a truncated file against the manifest's", () =>
    failsWith(
      MODEL,
      (route) => route.fulfill({body: Buffer.from(model.subarray(0, model.length >> 1))}),
      new RegExp(
        `is incomplete: got ${(model.length >> 1).toLocaleString("en")} of ${model.length.toLocaleString("en")} bytes`
      ),
      /^$/
    ));

  it("says the connection dropped", () =>
    failsWith(
      MODEL,
      (route) => route.abort("connectionreset"),
      /the connection dropped while downloading http:\S+\/model\.\w+\.onnx \(got 0 of/,
      /failed request: .*model\.\w+\.onnx net::ERR_CONNECTION_RESET/
    ));

  it("refuses weights corrupted behind an intact header, by the manifest's SHA-256", () => {
    const corrupted = Buffer.from(model);
    corrupted[corrupted.length - 100] ^= 0xff;
    return failsWith(
      MODEL,
      (route) => route.fulfill({body: corrupted}),
      /model\.\w+\.onnx is not the file its manifest describes \(a different SHA-256\)/,
      /^$/
    );
  });

  it("gives up on a server that sends nothing for 30 s, and Retry loads the model", async () => {
    const {page, problems, status, loader} = await template(MODEL, () => {});
    assert.match(await status(), /^The classifier did not arrive: nothing arrived from http:\S+ for 30 s \(got 0 of/);
    await page.unroute(MODEL);
    await loader.getByRole("button", {name: "Retry"}).click();
    await loader.locator(".backend-badge").waitFor({timeout: PATIENCE});
    assert.match(await status(), /^The classifier is ready, on WebAssembly/);
    assert.equal(await loader.getByRole("button").count(), 0);
    assert.equal(await page.locator(".observablehq--error").count(), 0, "a cell still shows the failed load");
    assert.deepEqual(
      problems.filter(
        (p) => !/model\.\w+\.onnx net::ERR_ABORTED|console error: RuntimeError: The classifier did not arrive/.test(p)
      ),
      []
    );
    await page.context().close();
  });

  it("says, once, that the runtime's WebAssembly file is missing", () =>
    failsWith(
      "**/*.wasm",
      (route) => route.fulfill({status: 404, body: "gone"}),
      /^The model runtime did not start: http:\S+\/ort-wasm-simd-threaded\.wasm answered HTTP 404 Not Found\./,
      /HTTP 404: .*\.wasm/
    ));
});

describe("a slider's number box", () => {
  async function type(page: Page, label: string, text: string) {
    const form = page.locator("form", {hasText: label});
    await form.locator("input[type=number]").fill(text);
    await form.locator("input[type=number]").press("Enter");
    return {
      box: await form.locator("input[type=number]").inputValue(),
      value: await form.evaluate((f) => (f as HTMLFormElement & {value: number}).value),
      note: await form.locator(".range-note[aria-live=polite]").textContent()
    };
  }

  it("keeps a typed number to the range and the step, shows it, and says so", async () => {
    const {page, problems} = await template();
    assert.deepEqual(await type(page, "Temperature T", "0"), {box: "0.1", value: 0.1, note: "kept to 0.1–5"});
    assert.deepEqual(await type(page, "Temperature T", "-1"), {box: "0.1", value: 0.1, note: "kept to 0.1–5"});
    assert.deepEqual(await type(page, "Temperature T", "1e6"), {box: "5", value: 5, note: "kept to 0.1–5"});
    assert.deepEqual(await type(page, "Temperature T", "2"), {box: "2", value: 2, note: ""});
    assert.deepEqual(await type(page, "Test image", "2.4"), {box: "2", value: 2, note: "rounded to 2"});
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});

describe("the backend the address asks for", () => {
  it("answers a value it does not know with a sentence, and chooses automatically", async () => {
    const {page, problems} = await template(undefined, undefined, "?backend=nonsense");
    assert.equal(
      await page.locator(".backend-problem").innerText(),
      'The address asks for the backend "nonsense", but the choices are auto, webgpu, wasm; using the best this browser offers.'
    );
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("warns that WebGPU on a software adapter is slow, and switches to WebAssembly in one click", async () => {
    const {page, problems, status, loader} = await template(undefined, undefined, "?backend=webgpu");
    await loader.locator(".backend-badge").waitFor({timeout: PATIENCE});
    assert.match(await status(), /is ready, on WebGPU \(as you asked, on a software adapter/);
    assert.match(await loader.locator("[data-kind=warning]").innerText(), /hundreds of times slower than WebAssembly/);
    await loader.getByRole("button", {name: "Use WebAssembly"}).click();
    await page.waitForFunction(() => document.querySelector(".backend-badge")?.textContent === "WebAssembly", null, {
      timeout: PATIENCE
    });
    assert.match(await status(), /^The classifier is ready, on WebAssembly \(as you asked\)\.$/);
    assert.equal(await loader.locator("[data-kind=warning]").count(), 0);
    assert.equal(await page.locator(".backend-setting select").inputValue(), "wasm");
    assert.match(page.url(), /\?backend=wasm$/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
