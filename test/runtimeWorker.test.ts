import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {after, before, describe, it} from "node:test";
import {beamSearch, generate, type LanguageModel} from "../src/generation/index.js";
import {gptModel} from "../src/models/index.js";
import {inThreadRuntime} from "../src/runtime/inThread.js";
import {pageRuntime, type PageGlobals} from "../src/runtime/pageRuntime.js";
import {remoteRuntime, serveRuntime, type Port} from "../src/runtime/protocol.js";
import type {Runtime, TensorData} from "../src/runtime/types.js";
import {readManifest, readModelFile} from "./fixtures.js";

const tiny = new Uint8Array(readFileSync(new URL("./fixtures/tiny-affine.onnx", import.meta.url)));
const x = (values: number[]): TensorData => ({
  type: "float32",
  data: Float32Array.from(values),
  dims: [1, values.length]
});

const channels: MessageChannel[] = [];
after(() => channels.forEach(({port1, port2}) => (port1.close(), port2.close())));

/** A page and its worker, the two ends of a MessageChannel: what the page sees of the runtime `start` makes. */
function pageAndWorker(start: Parameters<typeof serveRuntime>[1]): Runtime {
  const channel = new MessageChannel();
  channels.push(channel);
  serveRuntime(channel.port1 as unknown as Port, start);
  return remoteRuntime(channel.port2 as unknown as Port, {numThreads: 1});
}

/** A runtime whose sessions echo x as y, lose their GPU at the first run, and record what the worker did. */
function echoRuntime(record: {outputs: Float32Array[]; released: number}): Runtime {
  return {
    loadRuntime: async () => {},
    async createSession(_model, {backend, onNotice}) {
      let current = backend;
      return {
        get backend() {
          return current;
        },
        inputNames: ["x"],
        outputNames: ["y"],
        async run(feeds, _outputs, lent = []) {
          if (current === "webgpu") {
            current = "wasm";
            onNotice?.("The GPU stopped answering (test); the model runs on WebAssembly from now on.");
          }
          const y = {...feeds.x, data: (feeds.x.data as Float32Array).slice()};
          record.outputs.push(y.data);
          return {y, ...Object.fromEntries(lent.filter((name) => feeds[name]).map((name) => [name, feeds[name]]))};
        },
        release: async () => void record.released++
      };
    }
  };
}

describe("the model worker's protocol", () => {
  it("runs a real session in the worker and returns plain arrays, leaving the caller's inputs intact", async () => {
    const runtime = pageAndWorker(inThreadRuntime);
    await runtime.loadRuntime("wasm");
    const session = await runtime.createSession(tiny, {backend: "wasm"});
    assert.deepEqual([session.backend, session.inputNames, session.outputNames], ["wasm", ["x"], ["y"]]);
    const input = x([1, 2, 3]);
    const {y} = await session.run({x: input});
    assert.deepEqual([...(y.data as Float32Array)], [1 + 1 + 0.25, -1 + 4 + 9 - 0.5]);
    assert.deepEqual([...(input.data as Float32Array)], [1, 2, 3]);
    assert.notEqual(tiny.byteLength, 0, "the model's bytes should be copied, not taken from the caller");
    await session.release();
  });

  it("turns the runtime's errors into Errors with the message they have in-thread, and runs on after them", async () => {
    const wrong = {x: x([1, 2])};
    const own = await inThreadRuntime().createSession(tiny, {backend: "wasm"});
    const expected = await own.run(wrong).catch((e: Error) => e.message);
    const session = await pageAndWorker(inThreadRuntime).createSession(tiny, {backend: "wasm"});
    const error = await session.run(wrong).catch((e: unknown) => e);
    assert.ok(error instanceof Error);
    assert.equal(error.message, expected);
    assert.equal(error.message, "The model could not run on these inputs: x [1, 2]."); // not OrtRun's status codes
    assert.deepEqual([...((await session.run({x: x([0, 0, 0])})).y.data as Float32Array)], [0.25, -0.5]);
    await Promise.all([own.release(), session.release()]);
  });

  it("moves the outputs to the page instead of copying them", async () => {
    const record = {outputs: [] as Float32Array[], released: 0};
    const session = await pageAndWorker(() => echoRuntime(record)).createSession(tiny, {backend: "wasm"});
    const {y} = await session.run({x: x([4, 5])});
    assert.deepEqual([...(y.data as Float32Array)], [4, 5]);
    assert.equal(record.outputs[0].byteLength, 0, "the worker's array should be detached: its buffer moved");
  });

  it("moves a feed the caller lent to the worker and back, buffer and all, instead of copying it; copies the others", async () => {
    const record = {outputs: [] as Float32Array[], released: 0};
    const session = await pageAndWorker(() => echoRuntime(record)).createSession(tiny, {backend: "wasm"});
    // at the start of a buffer with room for more, as a key/value cache with room to grow
    const roomy = new Float32Array(new ArrayBuffer(64), 0, 2);
    roomy.set([6, 7]);
    const lent = {type: "float32" as const, data: roomy, dims: [1, 2]};
    const kept = x([6, 7]);
    const out = await session.run({x: lent}, undefined, ["x"]);
    assert.deepEqual([...(out.y.data as Float32Array)], [6, 7]);
    assert.equal(lent.data.byteLength, 0, "the lent array should be detached: its buffer moved to the worker");
    assert.deepEqual([...(out.x.data as Float32Array)], [6, 7], "the lent feed should come back as it went");
    assert.equal(out.x.data.buffer.byteLength, 64, "the lent buffer should come back whole");
    await session.run({x: kept}, undefined, ["other"]);
    assert.deepEqual([...(kept.data as Float32Array)], [6, 7]);
  });

  it("generates the same tokens through the worker as in-thread, the GPT's cache lent to it at every step", async () => {
    const manifest = readManifest("gpt");
    const bytes = readModelFile("gpt", manifest.file);
    const prompt = [1, 2, 3, 4, 5, 6, 7, 8];
    const tokens = async (model: LanguageModel<TensorData>) => {
      const greedy: number[] = [];
      for await (const {token} of generate(model, prompt, {
        strategy: "greedy",
        maxNewTokens: 12,
        stopAtEndOfText: false
      }))
        greedy.push(token);
      const beams = await beamSearch(model, prompt, {beams: 4, maxNewTokens: 12, earlyStopping: "never"});
      return {greedy, beams: beams.hypotheses.map((h) => h.tokens)};
    };
    const sessions = [
      await inThreadRuntime().createSession(bytes, {backend: "wasm"}),
      await pageAndWorker(inThreadRuntime).createSession(bytes, {backend: "wasm"})
    ];
    const [own, remote] = [
      await tokens(gptModel(sessions[0], manifest)),
      await tokens(gptModel(sessions[1], manifest))
    ];
    assert.deepEqual(remote, own);
    await Promise.all(sessions.map((s) => s.release()));
  });

  it("frees a released session in the worker, and rejects runs on it after", async () => {
    const record = {outputs: [] as Float32Array[], released: 0};
    const session = await pageAndWorker(() => echoRuntime(record)).createSession(tiny, {backend: "wasm"});
    await session.release();
    assert.equal(record.released, 1);
    await assert.rejects(session.run({x: x([1])}), /no session 0: it was released/);
  });

  it("passes the GPU-loss notice to the page, with the backend that runs from then on", async () => {
    const record = {outputs: [] as Float32Array[], released: 0};
    const notices: string[] = [];
    const session = await pageAndWorker(() => echoRuntime(record)).createSession(tiny, {
      backend: "webgpu",
      onNotice: (notice) => notices.push(`${session.backend}: ${notice}`)
    });
    assert.equal(session.backend, "webgpu");
    await session.run({x: x([1])});
    assert.deepEqual(notices, ["wasm: The GPU stopped answering (test); the model runs on WebAssembly from now on."]);
    assert.equal(session.backend, "wasm");
  });

  it("rejects every call, waiting or new, once the worker has failed", async () => {
    const sent: unknown[] = [];
    const worker: Port = {postMessage: (message) => sent.push(message), onmessage: null, onerror: null};
    const runtime = remoteRuntime(worker, {});
    assert.deepEqual(sent, [{op: "configure", config: {}}]);
    const waiting = runtime.loadRuntime("wasm");
    worker.onerror!({message: "SyntaxError: Unexpected token"});
    await assert.rejects(waiting, {message: "The model worker stopped: SyntaxError: Unexpected token"});
    await assert.rejects(runtime.createSession(tiny, {backend: "wasm"}), /The model worker stopped/);
  });
});

describe("where a page's runtime runs", () => {
  // A page's runtime downloads its wasm file from the address the site's build gives; here that is a file: URL, which
  // Node's fetch refuses, so it is read from disk as the site's server would send it.
  const siteFetch = globalThis.fetch;
  before(() => {
    globalThis.fetch = (async (url, init) =>
      String(url).startsWith("file:")
        ? new Response(readFileSync(new URL(String(url))))
        : siteFetch(url, init)) as typeof fetch;
  });
  after(() => (globalThis.fetch = siteFetch));

  it("runs in-thread where the page cannot start a worker, and says so when the model first runs", async () => {
    const notices: string[] = [];
    const runtime = pageRuntime({document: {}});
    const session = await runtime.createSession(tiny, {backend: "wasm", onNotice: (notice) => notices.push(notice)});
    await session.run({x: x([1, 2, 3])});
    await session.run({x: x([1, 2, 3])});
    assert.deepEqual(notices, [
      "The model runs on the page's own thread, as this browser cannot start a worker: the page may pause while it computes."
    ]);
    await session.release();
  });

  it("says why a worker that could not be made is not used", async () => {
    const notices: string[] = [];
    const runtime = pageRuntime({
      document: {},
      Worker: class {
        constructor() {
          throw new Error("SecurityError: module workers are not allowed here");
        }
      } as unknown as PageGlobals["Worker"]
    });
    const session = await runtime.createSession(tiny, {backend: "wasm", onNotice: (notice) => notices.push(notice)});
    await session.run({x: x([1, 2, 3])});
    assert.match(notices[0], /as its worker did not start \(SecurityError: module workers are not allowed here\)/);
    await session.release();
  });

  it("hands the page's work to a worker of the site's own, with the wasm files' addresses and the threads", () => {
    const made: {url: string; options: unknown; sent: unknown[]}[] = [];
    pageRuntime({
      document: {},
      crossOriginIsolated: true,
      navigator: {hardwareConcurrency: 16},
      Worker: class {
        sent: unknown[] = [];
        onmessage = null;
        constructor(url: URL, options: unknown) {
          made.push({url: url.href, options, sent: this.sent});
        }
        postMessage(message: unknown) {
          this.sent.push(message);
        }
      }
    });
    assert.equal(made.length, 1);
    assert.match(made[0].url, /\/src\/runtime\/worker\.[jt]s$/); // tsx resolves the .js to its TypeScript source
    assert.deepEqual(made[0].options, {type: "module"});
    const [{config}] = made[0].sent as {config: {wasm: Record<string, string>; numThreads: number}}[];
    assert.equal(config.numThreads, 4);
    assert.match(config.wasm.wasm, /onnxruntime-web\/dist\/ort-wasm-simd-threaded\.wasm$/);
    assert.match(config.wasm.webgpu, /ort-wasm-simd-threaded\.asyncify\.wasm$/);
  });
});
