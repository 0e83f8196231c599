// The page's side of a trainer: its worker, started so that the site's build includes the worker's module.
import type {TrainerPort} from "./slices.js";
import type {NextTokenReport, NextTokenRequest} from "./nextTokenTrainer.js";
import type {TrainerReport, TrainerRequest} from "./trainer.js";

export interface WorkerClient<Request, Report> {
  send(request: Request): void;
  /** Calls `listener` with every report from now on; returns what stops it. */
  subscribe(listener: (report: Report) => void): () => void;
  terminate(): void;
}

export type Trainer = WorkerClient<TrainerRequest, TrainerReport>;

export interface TrainerGlobals {
  Worker?: new (url: URL, options: {type: "module"}) => TrainerPort & {terminate(): void};
}

/** The module worker at `url` (each trainer's client names its own with import.meta.resolve, which the build sees). */
export function connectWorker<Request, Report>(page: TrainerGlobals, url: string): WorkerClient<Request, Report> {
  // Training on the page's own thread would freeze it for seconds at a time: without a worker there is no trainer.
  if (!page.Worker) throw new Error("this browser cannot start a worker, and the page trains only in one");
  const worker = new page.Worker(new URL(url), {type: "module"});
  const listeners = new Set<(report: Report) => void>();
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

export const startTrainer = (page: TrainerGlobals): Trainer =>
  connectWorker(page, import.meta.resolve("./trainerWorker.js"));

export type NextTokenTrainer = WorkerClient<NextTokenRequest, NextTokenReport>;

export const startNextTokenTrainer = (page: TrainerGlobals): NextTokenTrainer =>
  connectWorker(page, import.meta.resolve("./nextTokenWorker.js"));
