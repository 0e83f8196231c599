// Loads a model for a page: a progress bar in bytes while it downloads, then a badge that says which backend runs it
// and why. The element's value is the session, shared by every cell of the page that uses the model.
import {
  createSession,
  decideBackend,
  download,
  loadRuntime,
  probeGpu,
  type BackendRequest,
  type ModelSession
} from "../../src/runtime/index.js";

export interface ModelLoaderOptions {
  name: string;
  url: string | Promise<string>;
  /** The file's size from the manifest, so the bar knows its end even when the server compresses. */
  bytes?: number;
  backend?: BackendRequest;
  /** Framework's invalidation promise: the session is released when the page no longer needs it. */
  invalidation?: Promise<unknown>;
}

const megabytes = (n: number) => (n / 1e6).toFixed(1);

export function modelLoader({name, url, bytes, backend = "auto", invalidation}: ModelLoaderOptions) {
  const element = document.createElement("div") as HTMLDivElement & {value: Promise<ModelSession>};
  element.className = "model-loader";
  element.innerHTML = `<progress max="1" value="0"></progress> <span class="model-status" role="status" aria-live="polite"></span>`;
  const bar = element.querySelector("progress")!;
  const status = element.querySelector(".model-status") as HTMLElement;
  bar.setAttribute("aria-label", `Downloading ${name}`);
  status.textContent = `Loading ${name}…`;

  element.value = (async () => {
    const deciding = probeGpu().then((gpu) => decideBackend(backend, gpu));
    // the runtime downloads beside the model, not after it
    const [decision, model] = await Promise.all([
      deciding,
      download(await url, {
        expectedBytes: bytes,
        onProgress({loaded, total}) {
          if (total) bar.value = loaded / total;
          status.textContent = `Loading ${name}: ${megabytes(loaded)}${total ? ` of ${megabytes(total)}` : ""} MB`;
        }
      }),
      deciding.then((decision) => loadRuntime(decision.backend))
    ]);
    status.textContent = `Starting ${name} on ${decision.backend === "webgpu" ? "WebGPU" : "WebAssembly"}…`;
    const badge = document.createElement("span");
    const showBackend = (backend: string) => {
      badge.className = `backend-badge backend-${backend}`;
      badge.textContent = backend === "webgpu" ? "WebGPU" : "WebAssembly";
    };
    const session = await createSession(model, {
      backend: decision.backend,
      onNotice: (message) => {
        showBackend(session.backend);
        status.textContent = message;
      }
    });
    invalidation?.then(() => session.release());
    bar.remove();
    showBackend(session.backend);
    status.textContent = `${name} is ready. ${decision.reason}`;
    element.prepend(badge);
    return session;
  })();
  element.value.catch((error) => {
    status.textContent = `${name} could not load: ${(error as Error).message}. This device may be short of memory or too old for WebAssembly SIMD. The lesson's text, maths and the plots that need no model still work; try another browser or device for the rest.`;
    status.dataset.kind = "error";
  });
  return element;
}
