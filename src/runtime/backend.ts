// Which backend runs the models: WebGPU where the browser offers a real GPU adapter, WebAssembly otherwise. A
// software fallback adapter (Chromium's SwiftShader) counts as none: it computes correctly but hundreds of times
// slower than WebAssembly. A model whose manifest records that WebGPU ran it slower than WebAssembly on a real GPU
// (bench/webgpu.ts) stays on WebAssembly. The reader may insist on either (a settings control, or ?backend= in the URL).
export type Backend = "webgpu" | "wasm";
export type BackendRequest = "auto" | Backend;

export interface GpuReport {
  adapter: boolean;
  fallback: boolean;
  /** vendor and architecture, as the browser names them */
  description: string;
}

export interface BackendDecision {
  backend: Backend;
  /** Why this backend, as a clause to follow its name: "this browser offers no WebGPU adapter". */
  reason: string;
  /** WebGPU on a software adapter, as the reader asked: correct, but hundreds of times slower than WebAssembly. */
  slow?: true;
}

/**
 * How WebGPU ran a model against WebAssembly on a real GPU (bench/webgpu.ts --record writes it into the model's
 * manifest): its speed is WebAssembly's time over WebGPU's, the geometric mean of the model's cases, each also given.
 */
export interface GpuMeasurement {
  /** the adapter's vendor and architecture, as probeGpu names them */
  adapter: string;
  date: string;
  speed: number;
  cases: Record<string, number>;
}

export const backendName = (backend: Backend) => (backend === "webgpu" ? "WebGPU" : "WebAssembly");

/**
 * The sentence a page shows once a model is ready, around the backend's name (a badge between `before` and `after`):
 * "The diffusion UNet is ready, on WebAssembly (this browser offers no WebGPU adapter)." Without a reason (the model
 * moved to another backend since the decision) the sentence ends after the name.
 */
export function readySentence(name: string, reason?: string): {before: string; after: string} {
  return {before: `${capitalised(name)} is ready, on `, after: reason ? ` (${reason}).` : "."};
}

/** A model's name as a sentence begins with it: "the GPT" -> "The GPT". */
export const capitalised = (name: string) => `${name[0].toUpperCase()}${name.slice(1)}`;

export const NO_GPU: GpuReport = {adapter: false, fallback: false, description: "none"};

export const BACKEND_REQUESTS: readonly BackendRequest[] = ["auto", "webgpu", "wasm"];

export function parseBackendRequest(value: string | null | undefined): BackendRequest {
  if (value === null || value === undefined || value === "") return "auto";
  const known = BACKEND_REQUESTS.find((request) => request === value);
  if (known) return known;
  throw new RangeError(`backend must be "auto", "webgpu" or "wasm", not ${JSON.stringify(value)}`);
}

export function decideBackend(request: BackendRequest, gpu: GpuReport, measured?: GpuMeasurement): BackendDecision {
  if (request === "wasm") return {backend: "wasm", reason: "as you asked"};
  if (request === "webgpu") {
    if (!gpu.adapter) return {backend: "wasm", reason: "you asked for WebGPU, but this browser offers no GPU adapter"};
    if (gpu.fallback)
      return {backend: "webgpu", reason: `as you asked, on a software adapter, ${gpu.description}`, slow: true};
    return {backend: "webgpu", reason: `as you asked, on ${gpu.description}`};
  }
  if (!gpu.adapter) return {backend: "wasm", reason: "this browser offers no WebGPU adapter"};
  if (gpu.fallback)
    return {
      backend: "wasm",
      reason: `the only GPU adapter is a software one, ${gpu.description}, slower than WebAssembly`
    };
  if (measured && measured.speed < 1)
    return {
      backend: "wasm",
      reason: `on a GPU (${measured.adapter}), WebGPU ran this model at ${measured.speed}x the speed of WebAssembly`
    };
  return {backend: "webgpu", reason: `this browser offers a GPU: ${gpu.description}`};
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: {vendor?: string; architecture?: string; isFallbackAdapter?: boolean};
}
interface GpuLike {
  requestAdapter(): Promise<AdapterLike | null>;
}

/** Asks the browser for a WebGPU adapter; Node and browsers without WebGPU report none. */
export async function probeGpu(
  gpu: GpuLike | undefined = (globalThis as {navigator?: {gpu?: GpuLike}}).navigator?.gpu
): Promise<GpuReport> {
  if (!gpu) return NO_GPU;
  let adapter: AdapterLike | null;
  try {
    adapter = await gpu.requestAdapter();
  } catch {
    return NO_GPU;
  }
  if (!adapter) return NO_GPU;
  const {vendor = "", architecture = ""} = adapter.info ?? {};
  return {
    adapter: true,
    fallback: Boolean(adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter),
    description: [vendor, architecture].filter(Boolean).join(" ") || "an unnamed adapter"
  };
}
