// The reader's choice of backend: automatic, WebGPU or WebAssembly. A `?backend=` URL parameter wins (so a link can
// fix it), then the last choice made here; the element's value is the choice, so `view(backendSetting())` works.
import {BACKEND_REQUESTS, parseBackendRequest, type BackendRequest} from "../../src/runtime/index.js";

const KEY = "stepwise:backend";

/** The choice the page starts with; a `?backend=` value it does not know is reported through `onProblem`. */
export function initialBackendRequest(onProblem?: (message: string) => void): BackendRequest {
  const fromUrl = new URLSearchParams(location.search).get("backend");
  try {
    if (fromUrl !== null) return parseBackendRequest(fromUrl);
  } catch {
    onProblem?.(
      `The address asks for the backend "${fromUrl}", but the choices are ${BACKEND_REQUESTS.join(", ")}; using the best this browser offers.`
    );
  }
  try {
    return parseBackendRequest(localStorage.getItem(KEY));
  } catch {
    return "auto";
  }
}

export function backendSetting(): HTMLElement & {value: BackendRequest} {
  const form = document.createElement("form") as HTMLFormElement & {value: BackendRequest};
  form.className = "backend-setting";
  form.innerHTML = `<label>Run models on <select name="backend">
      <option value="auto">the best this browser offers</option>
      <option value="webgpu">WebGPU</option>
      <option value="wasm">WebAssembly</option>
    </select></label> <span class="backend-problem" role="status"></span>`;
  const select = form.querySelector("select")!;
  select.value = initialBackendRequest((message) => (form.querySelector(".backend-problem")!.textContent = message));
  form.value = select.value as BackendRequest;
  form.addEventListener("submit", (event) => event.preventDefault());
  select.addEventListener("change", () => {
    form.value = select.value as BackendRequest;
    try {
      localStorage.setItem(KEY, form.value);
    } catch {
      // the choice still holds for this visit
    }
    form.dispatchEvent(new Event("input", {bubbles: true}));
  });
  return form;
}

/**
 * The reader's choice made elsewhere on the page (a model's "Use WebAssembly"): the page's setting takes it as if it
 * had been picked there, and an address that asked for a backend now asks for this one, so a reload keeps it.
 */
export function chooseBackend(request: BackendRequest): void {
  const url = new URL(location.href);
  if (url.searchParams.has("backend")) {
    url.searchParams.set("backend", request);
    history.replaceState(history.state, "", url);
  }
  for (const select of document.querySelectorAll<HTMLSelectElement>("form.backend-setting select")) {
    select.value = request;
    select.dispatchEvent(new Event("change"));
  }
}
