import assert from "node:assert/strict";
import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {
  backendName,
  createSession,
  decideBackend,
  download,
  loadRuntime,
  NO_GPU,
  parseBackendRequest,
  probeGpu,
  readySentence,
  type Progress
} from "../src/runtime/index.js";
import {identityModel} from "../src/runtime/identityModel.js";

const tiny = new Uint8Array(readFileSync(new URL("./fixtures/tiny-affine.onnx", import.meta.url)));
// y = x W + b, as training/tiny_onnx_fixture.py wrote it
const affine = ([a, b, c]: number[]) => [a * 1 + b * 0.5 + c * 0 + 0.25, a * -1 + b * 2 + c * 3 - 0.5];

describe("choosing a backend", () => {
  const gpu = {adapter: true, fallback: false, description: "nvidia hopper"};
  const software = {adapter: true, fallback: true, description: "google swiftshader"};

  it("takes WebGPU on a real adapter and WebAssembly otherwise, saying why", () => {
    assert.deepEqual(decideBackend("auto", gpu), {
      backend: "webgpu",
      reason: "this browser offers a GPU: nvidia hopper"
    });
    assert.equal(decideBackend("auto", NO_GPU).backend, "wasm");
    assert.match(decideBackend("auto", NO_GPU).reason, /no WebGPU adapter/);
  });

  it("counts a software fallback adapter as no GPU unless the reader insists", () => {
    assert.equal(decideBackend("auto", software).backend, "wasm");
    assert.match(decideBackend("auto", software).reason, /software/);
    assert.equal(decideBackend("webgpu", software).backend, "webgpu");
    assert.deepEqual(decideBackend("webgpu", software), {
      backend: "webgpu",
      reason: "as you asked, on a software adapter, google swiftshader",
      slow: true
    });
    assert.equal(decideBackend("webgpu", gpu).slow, undefined);
  });

  it("keeps a model on WebAssembly where its manifest measured WebGPU slower on a real GPU, unless the reader asks", () => {
    const cases = {"GPT decode, context 8": 0.2};
    const slower = {adapter: "nvidia hopper", date: "2026-12-04", speed: 0.25, cases};
    assert.deepEqual(decideBackend("auto", gpu, slower), {
      backend: "wasm",
      reason: "on a GPU (nvidia hopper), WebGPU ran this model at 0.25x the speed of WebAssembly"
    });
    assert.equal(decideBackend("auto", gpu, {...slower, speed: 3.1}).backend, "webgpu");
    assert.equal(decideBackend("webgpu", gpu, slower).backend, "webgpu");
    assert.equal(decideBackend("auto", NO_GPU, {...slower, speed: 3.1}).backend, "wasm");
  });

  it("follows the reader's choice, and says when WebGPU cannot be had", () => {
    assert.equal(decideBackend("wasm", gpu).backend, "wasm");
    assert.deepEqual(decideBackend("webgpu", NO_GPU).backend, "wasm");
    assert.match(decideBackend("webgpu", NO_GPU).reason, /you asked for WebGPU/);
  });

  it("says once that a model is ready, on which backend and why, in one sentence around the backend's name", () => {
    const {backend, reason} = decideBackend("auto", NO_GPU);
    const {before, after} = readySentence("the diffusion UNet", reason);
    assert.equal(
      before + backendName(backend) + after,
      "The diffusion UNet is ready, on WebAssembly (this browser offers no WebGPU adapter)."
    );
    // every reason is a clause inside the sentence's parentheses: no backend name leading it, no brackets, no full stop
    for (const request of ["auto", "webgpu", "wasm"] as const) {
      for (const report of [gpu, software, NO_GPU]) {
        assert.doesNotMatch(decideBackend(request, report).reason, /^(WebGPU|WebAssembly)|[().]/);
      }
    }
    assert.deepEqual(readySentence("the GPT"), {before: "The GPT is ready, on ", after: "."});
  });

  it("reads ?backend= and rejects a value it does not know", () => {
    assert.equal(parseBackendRequest(new URLSearchParams("?backend=wasm").get("backend")), "wasm");
    assert.equal(parseBackendRequest(null), "auto");
    assert.throws(() => parseBackendRequest("webgl"), /backend must be "auto", "webgpu" or "wasm", not "webgl"/);
  });

  it("probes the adapter, its fallback flag where either API puts it, and a browser without WebGPU", async () => {
    assert.deepEqual(await probeGpu(undefined), NO_GPU);
    assert.deepEqual(await probeGpu({requestAdapter: async () => null}), NO_GPU);
    const report = await probeGpu({
      requestAdapter: async () => ({info: {vendor: "google", architecture: "swiftshader", isFallbackAdapter: true}})
    });
    assert.deepEqual(report, software);
    assert.equal((await probeGpu({requestAdapter: async () => ({isFallbackAdapter: true, info: {}})})).fallback, true);
  });
});

describe("download", () => {
  it("reports bytes loaded against the manifest's total and returns every byte", async () => {
    const body = new Uint8Array(100_000).map((_, i) => i % 251);
    const seen: Progress[] = [];
    const bytes = await download("model.onnx", {
      expectedBytes: body.length,
      onProgress: (p) => seen.push(p),
      fetch: async () => new Response(new Blob([body]).stream(), {headers: {"content-encoding": "gzip"}})
    });
    assert.deepEqual(bytes, body);
    assert.equal(seen.at(-1)!.loaded, body.length);
    assert.ok(seen.every((p) => p.total === body.length));
    assert.ok(seen.every((p, i) => i === 0 || p.loaded >= seen[i - 1].loaded));
  });

  it("fails with the address and the status when the server has no such file", async () => {
    await assert.rejects(
      download("data/models/nope.onnx", {fetch: async () => new Response("", {status: 404, statusText: "Not Found"})}),
      /^Error: data\/models\/nope\.onnx answered HTTP 404 Not Found$/
    );
  });

  const body = new Uint8Array(1000).map((_, i) => i % 251);
  const served = (bytes: Uint8Array<ArrayBuffer>) => async () => new Response(new Blob([bytes]).stream());

  it("names a truncated file by the bytes that came against the manifest's size", async () => {
    await assert.rejects(
      download("model.onnx", {expectedBytes: body.length, fetch: served(body.subarray(0, 600))}),
      /model\.onnx is incomplete: got 600 of 1,000 bytes/
    );
  });

  it("refuses a file of the right size whose SHA-256 differs from the manifest's, and accepts the right one", async () => {
    const sha256 = createHash("sha256").update(body).digest("hex");
    const corrupted = body.slice();
    corrupted[500] ^= 1;
    await assert.rejects(
      download("model.onnx", {expectedBytes: body.length, sha256, fetch: served(corrupted)}),
      /model\.onnx is not the file its manifest describes \(a different SHA-256\)/
    );
    assert.deepEqual(await download("model.onnx", {expectedBytes: body.length, sha256, fetch: served(body)}), body);
  });

  it("gives up when nothing arrives for stallSeconds, before the response or between chunks", async () => {
    const never = () => new Promise<Response>(() => {});
    await assert.rejects(
      download("model.onnx", {stallSeconds: 0.05, fetch: never}),
      /nothing arrived from model\.onnx for 0\.05 s \(got 0 bytes\)/
    );
    const firstChunkOnly = async () =>
      new Response(new ReadableStream({start: (c) => c.enqueue(body.subarray(0, 10))}));
    await assert.rejects(
      download("model.onnx", {expectedBytes: body.length, stallSeconds: 0.05, fetch: firstChunkOnly}),
      /nothing arrived from model\.onnx for 0\.05 s \(got 10 of 1,000 bytes\)/
    );
  });

  it("says the connection dropped when the request or the body fails", async () => {
    await assert.rejects(
      download("model.onnx", {fetch: () => Promise.reject(new TypeError("Failed to fetch"))}),
      /the connection dropped while downloading model\.onnx \(got 0 bytes\)/
    );
    const cut = async () =>
      new Response(
        new ReadableStream({
          start: (c) => c.enqueue(body.subarray(0, 10)),
          pull: (c) => c.error(new TypeError("network error"))
        })
      );
    await assert.rejects(
      download("model.onnx", {expectedBytes: body.length, fetch: cut}),
      /the connection dropped while downloading model\.onnx \(got 10 of 1,000 bytes\)/
    );
  });
});

describe("model sessions", () => {
  it("run a model on WebAssembly and return plain arrays", async () => {
    const session = await createSession(tiny, {backend: "wasm"});
    assert.equal(session.backend, "wasm");
    assert.deepEqual(session.inputNames, ["x"]);
    const {y} = await session.run({x: {type: "float32", data: Float32Array.from([1, 2, 3]), dims: [1, 3]}});
    assert.deepEqual(y.dims, [1, 2]);
    assert.deepEqual([...(y.data as Float32Array)], affine([1, 2, 3]));
    await session.release();
  });

  it("serialise sessions made at the same moment and runs fired together", async () => {
    const [a, b] = await Promise.all([createSession(tiny, {backend: "wasm"}), createSession(tiny, {backend: "wasm"})]);
    const inputs = Array.from({length: 12}, (_, i) => [i, -i, i / 2]);
    const results = await Promise.all(
      inputs.map((x, i) => (i % 2 ? a : b).run({x: {type: "float32", data: Float32Array.from(x), dims: [1, 3]}}))
    );
    results.forEach(({y}, i) => assert.deepEqual([...(y.data as Float32Array)], affine(inputs[i]).map(Math.fround)));
    await Promise.all([a.release(), b.release()]);
  });

  it("return only the outputs asked for", async () => {
    const session = await createSession(tiny, {backend: "wasm"});
    const x = {type: "float32" as const, data: Float32Array.from([1, 2, 3]), dims: [1, 3]};
    assert.deepEqual(Object.keys(await session.run({x}, ["y"])), ["y"]);
    await assert.rejects(session.run({x}, ["z"]), /z/);
    await session.release();
  });

  it("get a ready runtime from loadRuntime, once per backend, through a one-node model the runtime accepts", async () => {
    assert.equal(loadRuntime("wasm"), loadRuntime("wasm"));
    await loadRuntime("wasm");
    const identity = await createSession(identityModel(), {backend: "wasm"});
    assert.deepEqual([identity.inputNames, identity.outputNames], [["x"], ["y"]]);
    const {y} = await identity.run({x: {type: "float32", data: Float32Array.from([0.75]), dims: [1]}});
    assert.deepEqual([...(y.data as Float32Array)], [0.75]);
    await identity.release();
  });

  it("rejects a run with a wrong input without breaking the runs after it", async () => {
    const session = await createSession(tiny, {backend: "wasm"});
    await assert.rejects(session.run({x: {type: "float32", data: Float32Array.from([1, 2]), dims: [1, 2]}}));
    const {y} = await session.run({x: {type: "float32", data: Float32Array.from([0, 0, 0]), dims: [1, 3]}});
    assert.deepEqual([...(y.data as Float32Array)], [0.25, -0.5]);
    await session.release();
  });
});
