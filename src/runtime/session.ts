// The one door to onnxruntime-web: every ONNX session in the course is made here. It loads the runtime build for
// the chosen backend (the WebGPU build, and its 27 MB wasm, only when WebGPU will run), points the runtime at its
// wasm file, serialises all work (two sessions initialising at once, or two runs on one session, make the runtime
// fail), turns tensors into plain arrays and releases them, and moves to WebAssembly if the GPU device is lost.
import type * as Ort from "onnxruntime-web";
import type {Backend} from "./backend.js";
import {identityModel} from "./identityModel.js";

export type TensorType = "float32" | "float16" | "int64" | "int32" | "uint8" | "bool";

/** A tensor as the rest of the library sees it: a typed array and its dimensions, no runtime object. */
export interface TensorData {
  type: TensorType;
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array | Uint16Array;
  dims: number[];
}

export interface ModelSession {
  /** The backend that runs now: it changes to "wasm" if the GPU is lost. */
  readonly backend: Backend;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs the model; `outputs` names the outputs wanted (all of them by default), the rest are not copied out. */
  run(feeds: Record<string, TensorData>, outputs?: readonly string[]): Promise<Record<string, TensorData>>;
  release(): Promise<void>;
}

export interface SessionOptions {
  backend: Backend;
  /** Told of anything the reader should know, such as a fall back to WebAssembly. */
  onNotice?: (message: string) => void;
}

let queue: Promise<unknown> = Promise.resolve();
/** Runs the task once every task before it has finished: the runtime does one thing at a time. */
function serial<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  queue = result.catch(() => {});
  return result;
}

const builds = new Map<Backend, Promise<typeof Ort>>();
function runtime(backend: Backend): Promise<typeof Ort> {
  let build = builds.get(backend);
  if (!build) {
    // import.meta.resolve names the wasm files, so the site's build copies them and the page can find them.
    build =
      backend === "webgpu"
        ? import("onnxruntime-web/webgpu").then((ort) =>
            configure(ort, import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm"))
          )
        : import("onnxruntime-web/wasm").then((ort) =>
            configure(ort, import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"))
          );
    builds.set(backend, build);
  }
  return build;
}

const warmed = new Map<Backend, Promise<void>>();
/**
 * Readies the runtime for a backend without a model: downloads and compiles its WebAssembly (and opens the GPU device
 * for WebGPU) by making a session of a one-node model. A page calls it while its model downloads, so that work is
 * done by the time the model arrives instead of starting then.
 */
export function loadRuntime(backend: Backend): Promise<void> {
  let warm = warmed.get(backend);
  if (!warm) {
    warm = serial(async () => {
      const ort = await runtime(backend);
      const session = await ort.InferenceSession.create(identityModel(), {
        executionProviders: [backend],
        logSeverityLevel: 3
      });
      await session.release();
    });
    warmed.set(backend, warm);
    warm.catch(() => warmed.delete(backend)); // a failed download may be tried again
  }
  return warm;
}

function configure(ort: typeof Ort, wasm: string): typeof Ort {
  // In Node the runtime finds its own file next to it; in a page it must be told where the built site put it.
  const page = globalThis as {
    document?: unknown;
    navigator?: {hardwareConcurrency?: number};
    crossOriginIsolated?: boolean;
  };
  if (page.document !== undefined) ort.env.wasm.wasmPaths = {wasm};
  // Threads need cross-origin isolation; without it the runtime must not try to start workers.
  ort.env.wasm.numThreads =
    page.crossOriginIsolated === true ? Math.min(4, page.navigator?.hardwareConcurrency ?? 1) : 1;
  return ort;
}

export async function createSession(model: Uint8Array, {backend, onNotice}: SessionOptions): Promise<ModelSession> {
  let current = await serial(() => open(model, backend));
  let lost: string | undefined;
  if (backend === "webgpu") watchDevice(current.ort, (reason) => (lost = reason));

  async function fallBack() {
    onNotice?.(`The GPU stopped answering (${lost}); the model runs on WebAssembly from now on.`);
    await current.session.release().catch(() => {});
    current = await open(model, "wasm");
    lost = undefined;
  }

  return {
    get backend() {
      return current.backend;
    },
    inputNames: current.session.inputNames,
    outputNames: current.session.outputNames,
    run: (feeds, outputs) =>
      serial(async () => {
        if (lost) await fallBack();
        try {
          return await runOnce(current, feeds, outputs);
        } catch (error) {
          if (!lost) throw error;
          await fallBack();
          return runOnce(current, feeds, outputs);
        }
      }),
    release: () => serial(() => current.session.release())
  };
}

interface Opened {
  ort: typeof Ort;
  backend: Backend;
  session: Ort.InferenceSession;
}

async function open(model: Uint8Array, backend: Backend): Promise<Opened> {
  const ort = await runtime(backend);
  // Errors only: the WebGPU backend warns, through console.error, that it leaves shape operations on the CPU, as
  // intended; a reader's console should show only what went wrong.
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [backend],
    graphOptimizationLevel: "all",
    logSeverityLevel: 3
  });
  return {ort, backend, session};
}

async function runOnce(
  {ort, session}: Opened,
  feeds: Record<string, TensorData>,
  wanted?: readonly string[]
): Promise<Record<string, TensorData>> {
  const inputs = Object.fromEntries(
    Object.entries(feeds).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)])
  );
  try {
    const outputs = await (wanted ? session.run(inputs, wanted) : session.run(inputs));
    return Object.fromEntries(
      Object.entries(outputs).map(([name, t]) => {
        const data = {type: t.type as TensorType, data: t.data as TensorData["data"], dims: [...t.dims]};
        t.dispose();
        return [name, data];
      })
    );
  } finally {
    for (const tensor of Object.values(inputs)) tensor.dispose();
  }
}

function watchDevice(ort: typeof Ort, onLost: (reason: string) => void) {
  // The runtime makes its GPU device with the first WebGPU session; a lost device is final for that session.
  Promise.resolve(ort.env.webgpu.device as unknown as Promise<GPUDeviceLike> | GPUDeviceLike | undefined)
    .then((device) => device?.lost.then((info) => onLost(info.message || info.reason || "device lost")))
    .catch(() => {});
}

interface GPUDeviceLike {
  lost: Promise<{message: string; reason?: string}>;
}
