// An element that shows a run as it happens: each frame the run yields replaces the last, or is the last, redrawn in
// place. The run stops when Framework's invalidation promise settles (an input changed and a new run replaces this
// one) or the reader presses Stop; a run that fails or is stopped leaves its last frame, less what it said of the run
// going on (its [data-while-running] parts), and says why under it.
import {button} from "./button.js";
import {range} from "./inputs.js";

export interface StreamedViewOptions {
  invalidation?: Promise<unknown>;
  /** Names the run in the failure message: "Sampling" gives "Sampling stopped: …". */
  name: string;
  /** Shown until the finished run arrives to a reader who asked for reduced motion, who sees no frames before it. */
  whileStill?: string;
  /** Shows a Stop button while the run goes on. */
  stoppable?: boolean;
}

/** `frames` is told whether the reader asked for reduced motion: it should then yield only the finished run. */
export function streamedView(
  frames: (signal: AbortSignal, still: boolean) => AsyncIterable<HTMLElement>,
  {invalidation, name, whileStill, stoppable = false}: StreamedViewOptions
): HTMLElement {
  const element = document.createElement("div");
  element.className = "streamed-view";
  const view = document.createElement("div");
  view.setAttribute("aria-live", "off");
  const controller = new AbortController();
  invalidation?.then(() => controller.abort());
  const stop = button("Stop", () => controller.abort("stopped"));
  if (stoppable) element.append(stop);
  element.append(view);
  const still = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;
  if (still && whileStill) view.textContent = whileStill;
  (async () => {
    try {
      // a run that redraws one frame in place yields it again: it is already shown
      for await (const frame of frames(controller.signal, still))
        if (view.firstChild !== frame) view.replaceChildren(frame);
    } catch (error) {
      // what the last frame said of the run going on (time left) no longer holds
      view.querySelectorAll("[data-while-running]").forEach((e) => e.remove());
      if (controller.signal.reason === "stopped") view.append(note(`${name} stopped.`));
      if (controller.signal.aborted) return;
      view.append(note(`${name} stopped: ${(error as Error).message}`, "error"));
    } finally {
      stop.remove();
    }
  })();
  return element;
}

function note(text: string, kind?: string): HTMLElement {
  const message = document.createElement("p");
  if (kind) message.dataset.kind = kind;
  message.textContent = text;
  return message;
}

/**
 * A finished run's view under a "Replay: step" slider: moving it calls `show(index)` (0-based), which redraws `view`
 * in place at that step, so the reader can step through every step the run kept.
 */
export function replay(steps: number, view: HTMLElement, show: (index: number) => void): HTMLElement {
  const element = document.createElement("div");
  const slider = range([1, steps], {step: 1, value: steps, label: "Replay: step"});
  show(steps - 1);
  slider.addEventListener("input", () => show(slider.value - 1));
  element.append(slider, view);
  return element;
}

/** Frames a run draws per second at most: enough to watch, while the page keeps time for the reader. */
const FRAMES_PER_SECOND = 12;

/**
 * Says whether a run may draw a frame now: once the screen has shown the last one, and at most FRAMES_PER_SECOND
 * times a second. A run that asks after every step draws every step while steps are slower than that, and the latest
 * step otherwise; a replay shows every step.
 */
export function frameGate(): () => boolean {
  let painted = true;
  let last = -Infinity;
  return () => {
    const now = performance.now();
    if (!painted || now - last < 1000 / FRAMES_PER_SECOND) return false;
    painted = false;
    last = now;
    requestAnimationFrame(() => (painted = true));
    return true;
  };
}
