// A long run the reader starts by pressing a button: it runs once, for the inputs the panel was made with, shows
// its progress and about how long is left, and a Stop button ends it. A panel never runs on its own: when an input
// changes, Framework makes a new panel (the old one's run stops with it), which waits for the press again.
import {button} from "./button.js";
import {countOf, describeProgress} from "../src/progress.js";

export interface TaskContext {
  signal: AbortSignal;
  /** Reports that `done` of the task's `total` units of work are finished. */
  step: (done: number) => void;
  /** The panel's width in pixels when pressed: a result sized by it does not tie the panel to the page's width. */
  width: number;
}

export interface TaskPanelOptions {
  /** The button's text: "Measure". */
  label: string;
  /** What pressing it does and what it costs, shown beside the button: "Generates 160 tokens twice". */
  about: string;
  /** The units of work the run does, for its progress, and what they are called. */
  total: number;
  unit: string;
  run: (context: TaskContext) => Promise<Node>;
  /** Framework's invalidation promise: the run stops when the cell reruns. */
  invalidation?: Promise<unknown>;
}

export function taskPanel({label, about, total, unit, run, invalidation}: TaskPanelOptions): HTMLElement {
  const element = document.createElement("div");
  element.className = "task-panel";
  const bar = document.createElement("div");
  bar.className = "task-bar";
  const start = document.createElement("button");
  start.type = "button";
  start.textContent = label;
  const status = document.createElement("span");
  status.className = "task-status";
  status.setAttribute("role", "status");
  status.textContent = about;
  const output = document.createElement("div");
  bar.append(start, status);
  element.append(bar, output);
  let controller: AbortController | undefined;
  invalidation?.then(() => controller?.abort());

  start.onclick = async () => {
    controller = new AbortController();
    const {signal} = controller;
    const meter = document.createElement("progress");
    meter.max = total;
    meter.value = 0;
    meter.setAttribute("aria-label", `${label}: progress`);
    const stop = button("Stop", () => controller?.abort());
    start.disabled = true;
    bar.replaceChildren(start, stop, meter, status);
    output.replaceChildren();
    const started = performance.now();
    const step = (done: number) => {
      meter.value = done;
      status.textContent = describeProgress({done, total, elapsed: performance.now() - started}, unit);
    };
    step(0);
    try {
      const result = await run({signal, step, width: element.clientWidth || 640});
      signal.throwIfAborted();
      status.textContent = `Done in ${((performance.now() - started) / 1000).toFixed(1)} s.`;
      output.replaceChildren(result);
    } catch (error) {
      if (signal.aborted) status.textContent = `Stopped after ${countOf(meter.value, total, unit)}.`;
      else {
        status.textContent = "";
        const message = document.createElement("p");
        message.dataset.kind = "error";
        message.textContent = `${label} failed: ${(error as Error).message}`;
        output.replaceChildren(message);
      }
    } finally {
      start.disabled = false;
      start.textContent = `${label} again`;
      bar.replaceChildren(start, status);
      controller = undefined;
    }
  };
  return element;
}
