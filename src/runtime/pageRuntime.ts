// Where the runtime runs: in Node, in-thread; in a page, in the model worker, which owns the runtime and the
// sessions. A page that cannot start the worker runs them in-thread and tells the reader, at the first run, that the
// page may pause.
import {inThreadRuntime} from "./inThread.js";
import {remoteRuntime, type Port} from "./protocol.js";
import type {Runtime, RuntimeConfig} from "./types.js";

export interface PageGlobals {
  document?: unknown;
  navigator?: {hardwareConcurrency?: number};
  crossOriginIsolated?: boolean;
  Worker?: new (url: URL, options: {type: "module"}) => Port;
}

export function pageRuntime(page: PageGlobals): Runtime {
  if (page.document === undefined) return inThreadRuntime();
  const config: RuntimeConfig = {
    // import.meta.resolve names the wasm files, so the site's build copies them and the worker can be told where.
    wasm: {
      wasm: import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.wasm"),
      webgpu: import.meta.resolve("onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm")
    },
    // Threads need cross-origin isolation; without it the runtime must not try to start workers.
    numThreads: page.crossOriginIsolated === true ? Math.min(4, page.navigator?.hardwareConcurrency ?? 1) : 1
  };
  let reason: string;
  if (!page.Worker) reason = "this browser cannot start a worker";
  else {
    try {
      return remoteRuntime(new page.Worker(new URL(import.meta.resolve("./worker.js")), {type: "module"}), config);
    } catch (error) {
      reason = `its worker did not start (${(error as Error).message})`;
    }
  }
  return announced(
    inThreadRuntime(config),
    `The model runs on the page's own thread, as ${reason}: the page may pause while it computes.`
  );
}

/** The runtime's sessions tell their reader `notice` when they first run: the page is about to pause. */
function announced(runtime: Runtime, notice: string): Runtime {
  return {
    loadRuntime: runtime.loadRuntime,
    async createSession(model, options) {
      const session = await runtime.createSession(model, options);
      let told = false;
      return {
        get backend() {
          return session.backend;
        },
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        run(feeds, outputs, lent) {
          if (!told) options.onNotice?.(notice);
          told = true;
          return session.run(feeds, outputs, lent);
        },
        release: () => session.release()
      };
    }
  };
}
