// Loads a model for a page: a progress bar in bytes while it downloads, then one sentence that says the model is ready,
// on which backend (a badge) and why, followed by the runtime's latest notice (the GPU stopped, the page may pause).
// The element's value is the session, shared by every cell of the page that uses the model.
import {
  backendName,
  createSession,
  decideBackend,
  download,
  loadRuntime,
  probeGpu,
  readySentence,
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
    status.textContent = `Starting ${name} on ${backendName(decision.backend)}…`;
    const badge = document.createElement("span");
    let notice = "";
    const ready = () => {
      // the decision's reason holds only while the model runs where it was decided
      const {before, after} = readySentence(name, session.backend === decision.backend ? decision.reason : undefined);
      badge.className = `backend-badge backend-${session.backend}`;
      badge.textContent = backendName(session.backend);
      status.replaceChildren(before, badge, after + (notice && ` ${notice}`));
    };
    const session = await createSession(model, {
      backend: decision.backend,
      onNotice: (message) => ((notice = message), ready())
    });
    invalidation?.then(() => session.release());
    bar.remove();
    ready();
    return session;
  })();
  element.value.catch((error) => {
    status.textContent = `${name} could not load: ${(error as Error).message}. This device may be short of memory or too old for WebAssembly SIMD. The lesson's text, maths and the plots that need no model still work; try another browser or device for the rest.`;
    status.dataset.kind = "error";
  });
  return element;
}
