// The one door to onnxruntime-web: every ONNX session in the course is made here. In a page the runtime and its
// sessions live in a worker of their own, so a model call never blocks the page (its timers, its Stop buttons, its
// drawing); in Node they run in-thread.
import type {Backend} from "./backend.js";
import {pageRuntime, type PageGlobals} from "./pageRuntime.js";
import type {ModelSession, Runtime, SessionOptions} from "./types.js";

export type {ModelSession, SessionOptions, TensorData, TensorType} from "./types.js";

let chosen: Runtime | undefined;
const runtime = () => (chosen ??= pageRuntime(globalThis as PageGlobals));

/** See Runtime.loadRuntime. */
export const loadRuntime = (backend: Backend): Promise<void> => runtime().loadRuntime(backend);

export const createSession = (model: Uint8Array, options: SessionOptions): Promise<ModelSession> =>
  runtime().createSession(model, options);
