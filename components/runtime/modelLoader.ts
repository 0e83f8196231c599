// Loads a model for a page: a progress bar in bytes while it downloads, then one sentence that says the model is ready,
// on which backend (a badge) and why, followed by the runtime's latest notice (the GPU stopped, the page may pause).
// WebGPU on a software adapter comes with a warning and a switch to WebAssembly. A failure names its cause (the
// file's HTTP status, a truncated, corrupted or stalled download, the runtime's own file) and offers Retry.
// The element's value is the session, shared by every cell of the page that uses the model.
import {button} from "../button.js";
import {
  backendName,
  capitalised,
  createSession,
  decideBackend,
  download,
  loadRuntime,
  probeGpu,
  readySentence,
  type BackendRequest,
  type GpuMeasurement,
  type ModelSession
} from "../../src/runtime/index.js";
import {chooseBackend} from "./backendSetting.js";

export interface ModelLoaderOptions {
  name: string;
  url: string | Promise<string>;
  /** The file's size from the manifest, so the bar knows its end even when the server compresses. */
  bytes?: number;
  /** The file's SHA-256 from the manifest: a corrupted or stale file is refused instead of giving wrong answers. */
  sha256?: string;
  backend?: BackendRequest;
  /** The manifest's measurement of WebGPU against WebAssembly for this model on a real GPU, if it has one. */
  webgpu?: GpuMeasurement;
  /** Framework's invalidation promise: the session is released when the page no longer needs it. */
  invalidation?: Promise<unknown>;
}

const megabytes = (n: number) => (n / 1e6).toFixed(1);

/** An error whose message is the whole sentence the reader sees. */
const failure = (sentence: string) => (error: unknown) => {
  throw new Error(`${sentence}: ${(error as Error).message}.`, {cause: error});
};

export function modelLoader({name, url, bytes, sha256, backend = "auto", webgpu, invalidation}: ModelLoaderOptions) {
  const element = document.createElement("div") as HTMLDivElement & {value: Promise<ModelSession>};
  element.className = "model-loader";
  element.innerHTML = `<progress max="1" value="0"></progress> <span class="model-status" role="status" aria-live="polite"></span> <span class="model-actions"></span>`;
  const bar = element.querySelector("progress")!;
  const status = element.querySelector(".model-status") as HTMLElement;
  const actions = element.querySelector(".model-actions") as HTMLElement;
  bar.setAttribute("aria-label", `Downloading ${name}`);

  async function load(): Promise<ModelSession> {
    const deciding = probeGpu().then((gpu) => decideBackend(backend, gpu, webgpu));
    // the runtime downloads beside the model, not after it
    const [decision, model] = await Promise.all([
      deciding,
      download(await url, {
        expectedBytes: bytes,
        sha256,
        onProgress({loaded, total}) {
          if (total) bar.value = loaded / total;
          status.textContent = `Loading ${name}: ${megabytes(loaded)}${total ? ` of ${megabytes(total)}` : ""} MB`;
        }
      }).catch(failure(`${capitalised(name)} did not arrive`)),
      deciding.then((decision) => loadRuntime(decision.backend)).catch(failure("The model runtime did not start"))
    ]);
    status.textContent = `Starting ${name} on ${backendName(decision.backend)}…`;
    const badge = document.createElement("span");
    let notice = "";
    const ready = () => {
      // the decision's reason holds only while the model runs where it was decided
      const decided = session.backend === decision.backend;
      const {before, after} = readySentence(name, decided ? decision.reason : undefined);
      badge.className = `backend-badge backend-${session.backend}`;
      badge.textContent = backendName(session.backend);
      const slow = decided && decision.slow ? [" ", slowWarning()] : [];
      status.replaceChildren(before, badge, after + (notice && ` ${notice}`), ...slow);
      actions.replaceChildren(...(slow.length ? [button("Use WebAssembly", () => chooseBackend("wasm"))] : []));
    };
    const session = await createSession(model, {
      backend: decision.backend,
      onNotice: (message) => ((notice = message), ready())
    }).catch(
      failure(
        `${capitalised(name)} could not start on ${backendName(decision.backend)}; this device may be short of memory`
      )
    );
    invalidation?.then(() => session.release());
    bar.hidden = true;
    ready();
    return session;
  }

  // The value waits for a load that succeeds: after a failure the cells that need the model wait for Retry, instead of
  // each showing the error (Framework stops following a view whose value rejected, so Retry could not reach them).
  let settle: (session: ModelSession) => void;
  element.value = new Promise((resolve) => (settle = resolve));
  function start() {
    bar.hidden = false;
    bar.value = 0;
    delete status.dataset.kind;
    status.textContent = `Loading ${name}…`;
    actions.replaceChildren();
    load().then(settle, (error) => {
      status.textContent = `${(error as Error).message} The lesson's text, maths and the plots that need no model still work.`;
      status.dataset.kind = "error";
      actions.replaceChildren(button("Retry", start));
    });
  }

  start();
  return element;
}

function slowWarning() {
  const warning = document.createElement("span");
  warning.dataset.kind = "warning";
  warning.textContent = "A software adapter runs models hundreds of times slower than WebAssembly.";
  return warning;
}
