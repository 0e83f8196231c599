// onnxruntime-web on the thread that calls it: in Node (tests, benches), in the page's model worker, and in a page
// that cannot start that worker. It loads the runtime build for the chosen backend (the WebGPU build, and its 27 MB
// wasm, only when WebGPU will run), downloads its wasm file for it, serialises all work (two sessions
// initialising at once, or two runs on one session, make the runtime fail), turns tensors into plain arrays and
// releases them, and moves to WebAssembly if the GPU device is lost.
import type * as Ort from "onnxruntime-web";
import type {Backend} from "./backend.js";
import {download} from "./download.js";
import {identityModel} from "./identityModel.js";
import type {ModelSession, Runtime, RuntimeConfig, SessionOptions, TensorData, TensorType} from "./types.js";

export function inThreadRuntime({wasm, numThreads = 1}: RuntimeConfig = {}): Runtime {
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
      build = (backend === "webgpu" ? import("onnxruntime-web/webgpu") : import("onnxruntime-web/wasm")).then(
        async (ort) => {
          // In Node the runtime finds its own file next to it. Elsewhere it is given the file the built site put
          // there, fetched here: a missing or stalled file is then one error that names it, not the runtime's five.
          if (wasm) ort.env.wasm.wasmBinary = await download(wasm[backend]);
          ort.env.wasm.numThreads = numThreads;
          return ort;
        }
      );
      builds.set(backend, build);
      build.catch(() => builds.delete(backend)); // a failed download may be tried again
    }
    return build;
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

  const warmed = new Map<Backend, Promise<void>>();
  function loadRuntime(backend: Backend): Promise<void> {
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

  async function createSession(model: Uint8Array, {backend, onNotice}: SessionOptions): Promise<ModelSession> {
    let current = await serial(() => open(model, backend));
    let lost: string | undefined;
    if (backend === "webgpu") watchDevice(current.ort, (reason) => (lost = reason));

    async function fallBack() {
      const reason = lost;
      await current.session.release().catch(() => {});
      current = await open(model, "wasm");
      lost = undefined;
      // told once the backend has changed, so a badge that reads it shows WebAssembly
      onNotice?.(`The GPU stopped answering (${reason}); the model runs on WebAssembly from now on.`);
    }

    return {
      get backend() {
        return current.backend;
      },
      inputNames: current.session.inputNames,
      outputNames: current.session.outputNames,
      run: (feeds, outputs, lent = []) =>
        serial(async () => {
          if (lost) await fallBack();
          let result: Record<string, TensorData>;
          try {
            result = await runOnce(current, feeds, outputs);
          } catch (error) {
            if (!lost) throw error;
            await fallBack();
            result = await runOnce(current, feeds, outputs);
          }
          // never out of this thread: back as they came (a name that is no feed's lends nothing)
          for (const name of lent) if (feeds[name]) result[name] = feeds[name];
          return result;
        }),
      release: () => serial(() => current.session.release())
    };
  }

  return {loadRuntime, createSession};
}

interface Opened {
  ort: typeof Ort;
  backend: Backend;
  session: Ort.InferenceSession;
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
    const outputs = await (wanted ? session.run(inputs, wanted) : session.run(inputs)).catch((error: Error) => {
      // A failure inside the graph comes as "failed to call OrtRun(). ERROR_CODE: 2, ...", naming nodes and status
      // codes: a page shows a sentence, a debugger has the cause. Checks of the feeds before it are sentences already.
      if (!/OrtRun/.test(error.message)) throw error;
      const shapes = Object.entries(feeds).map(([name, t]) => `${name} [${t.dims.join(", ")}]`);
      throw new Error(`The model could not run on these inputs: ${shapes.join(", ")}.`, {cause: error});
    });
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
