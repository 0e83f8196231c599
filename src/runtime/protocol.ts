// The messages between a page and the worker that owns its runtime and sessions. The page asks (load a backend,
// create a session, run it, release it) and the worker answers each request by its id, or tells the page of a notice
// for a session (the GPU was lost). Tensors travel as transferred buffers: a run's inputs are copied once, so the
// caller keeps its arrays, unless it lent them (a key/value cache moves to the worker and back without a copy), and
// its outputs move to the page without a copy.
import type {Backend} from "./backend.js";
import type {ModelSession, Runtime, RuntimeConfig, TensorData} from "./types.js";

/** A worker, the worker's own global scope, or one end of a MessageChannel. */
export interface Port {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  onmessage: ((event: {data: any}) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A worker's: its script failed to load or threw. */
  onerror?: ((event: {message?: string}) => void) | null;
}

type Request =
  | {op: "configure"; config: RuntimeConfig}
  | {id: number; op: "load"; backend: Backend}
  | {id: number; op: "create"; backend: Backend; model: Uint8Array}
  | {
      id: number;
      op: "run";
      session: number;
      feeds: Record<string, TensorData>;
      outputs?: readonly string[];
      lent: readonly string[];
    }
  | {id: number; op: "release"; session: number};

type Reply =
  {id: number; value: unknown} | {id: number; error: string} | {notice: string; session: number; backend: Backend};

interface Created {
  session: number;
  backend: Backend;
  inputNames: readonly string[];
  outputNames: readonly string[];
}

interface Ran {
  outputs: Record<string, TensorData>;
  backend: Backend;
}

/**
 * The buffers to transfer with these tensors, each once and whole: an array at the start of a larger buffer takes the
 * rest along (a lent cache with room to grow). A tensor that shares its buffer, or starts inside one, gets its own copy
 * first.
 */
function transferable(tensors: Record<string, TensorData>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensor of Object.values(tensors)) {
    const {buffer, byteOffset} = tensor.data;
    if (!(buffer instanceof ArrayBuffer) || buffers.has(buffer) || byteOffset !== 0) {
      tensor.data = copy(tensor.data);
    }
    buffers.add(tensor.data.buffer as ArrayBuffer);
  }
  return [...buffers];
}

const copy = <T extends TensorData["data"]>(data: T): T => data.slice() as T;

/** The worker's side: answers the page's requests with the runtime `start` makes from the page's configuration. */
export function serveRuntime(port: Port, start: (config: RuntimeConfig) => Runtime): void {
  let runtime: Runtime | undefined;
  const sessions = new Map<number, ModelSession>();
  let next = 0;

  async function answer(request: Exclude<Request, {op: "configure"}>): Promise<[unknown, ArrayBuffer[]]> {
    if (!runtime) throw new Error("The model worker was asked to work before it was configured.");
    switch (request.op) {
      case "load":
        return [await runtime.loadRuntime(request.backend), []];
      case "create": {
        const id = next++;
        const session = await runtime.createSession(request.model, {
          backend: request.backend,
          onNotice: (notice) => port.postMessage({notice, session: id, backend: session.backend} satisfies Reply, [])
        });
        sessions.set(id, session);
        const {backend, inputNames, outputNames} = session;
        return [{session: id, backend, inputNames, outputNames} satisfies Created, []];
      }
      case "run": {
        const session = opened(request.session);
        const outputs = await session.run(request.feeds, request.outputs, request.lent);
        return [{outputs, backend: session.backend} satisfies Ran, transferable(outputs)];
      }
      case "release":
        await opened(request.session).release();
        sessions.delete(request.session);
        return [undefined, []];
    }
  }

  function opened(id: number): ModelSession {
    const session = sessions.get(id);
    if (!session) throw new Error(`The model worker has no session ${id}: it was released.`);
    return session;
  }

  port.onmessage = async ({data}: {data: Request}) => {
    if (data.op === "configure") {
      runtime = start(data.config);
      return;
    }
    try {
      const [value, transfer] = await answer(data);
      port.postMessage({id: data.id, value} satisfies Reply, transfer);
    } catch (error) {
      port.postMessage({id: data.id, error: (error as Error).message ?? String(error)} satisfies Reply, []);
    }
  };
}

type Asked = Request extends infer R ? (R extends {id: number} ? Omit<R, "id"> : never) : never;

/** The page's side: a runtime whose sessions live in the worker at the other end of `port`. */
export function remoteRuntime(port: Port, config: RuntimeConfig): Runtime {
  const pending = new Map<number, {resolve: (value: unknown) => void; reject: (error: Error) => void}>();
  const notices = new Map<number, (notice: string, backend: Backend) => void>();
  let next = 0;
  let stopped: Error | undefined;

  port.onmessage = ({data}: {data: Reply}) => {
    if ("notice" in data) return notices.get(data.session)?.(data.notice, data.backend);
    const call = pending.get(data.id);
    pending.delete(data.id);
    if ("error" in data) call?.reject(new Error(data.error));
    else call?.resolve(data.value);
  };
  port.onerror = (event) => {
    stopped = new Error(`The model worker stopped: ${event.message || "its script did not load"}`);
    for (const call of pending.values()) call.reject(stopped);
    pending.clear();
  };
  port.postMessage({op: "configure", config} satisfies Request, []);

  function ask<T>(request: Asked, transfer: ArrayBuffer[] = []): Promise<T> {
    if (stopped) return Promise.reject(stopped);
    const id = next++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, {resolve: resolve as (value: unknown) => void, reject});
      port.postMessage({...request, id} satisfies Request, transfer);
    });
  }

  return {
    loadRuntime: (backend) => ask<void>({op: "load", backend}),
    async createSession(model, {backend, onNotice}) {
      const bytes = model.slice();
      const created = await ask<Created>({op: "create", backend, model: bytes}, [bytes.buffer]);
      let current = created.backend;
      notices.set(created.session, (notice, backend) => {
        current = backend;
        onNotice?.(notice);
      });
      return {
        get backend() {
          return current;
        },
        inputNames: created.inputNames,
        outputNames: created.outputNames,
        async run(feeds, outputs, lent = []) {
          const copies = Object.fromEntries(
            Object.entries(feeds).map(([name, t]) => [name, {...t, data: lent.includes(name) ? t.data : copy(t.data)}])
          );
          const ran = await ask<Ran>(
            {op: "run", session: created.session, feeds: copies, outputs, lent},
            transferable(copies)
          );
          current = ran.backend;
          return ran.outputs;
        },
        async release() {
          await ask<void>({op: "release", session: created.session});
          notices.delete(created.session);
        }
      };
    }
  };
}
