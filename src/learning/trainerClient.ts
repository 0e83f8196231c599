// The page's side of the trainer: its worker, started so that the site's build includes the worker's module.
import type {TrainerPort, TrainerReport, TrainerRequest} from "./trainer.js";

export interface Trainer {
  send(request: TrainerRequest): void;
  /** Calls `listener` with every report from now on; returns what stops it. */
  subscribe(listener: (report: TrainerReport) => void): () => void;
  terminate(): void;
}

export interface TrainerGlobals {
  Worker?: new (url: URL, options: {type: "module"}) => TrainerPort & {terminate(): void};
}

export function startTrainer(page: TrainerGlobals): Trainer {
  // Training on the page's own thread would freeze it for seconds at a time: without a worker there is no trainer.
  if (!page.Worker) throw new Error("this browser cannot start a worker, and the page trains only in one");
  // import.meta.resolve names the worker's module, so the site's build copies it
  const worker = new page.Worker(new URL(import.meta.resolve("./trainerWorker.js")), {type: "module"});
  const listeners = new Set<(report: TrainerReport) => void>();
  worker.onmessage = ({data}) => listeners.forEach((listener) => listener(data));
  return {
    send: (request) => worker.postMessage(request),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate: () => worker.terminate()
  };
}
