// An element that shows a run as it happens: each frame the run yields replaces the last. The run stops when
// Framework's invalidation promise settles (an input changed and a new run replaces this one); a run that fails
// leaves its last frame and says why under it.
export interface StreamedViewOptions {
  invalidation?: Promise<unknown>;
  /** Names the run in the failure message: "Sampling" gives "Sampling stopped: …". */
  name: string;
  /** Shown until the finished run arrives to a reader who asked for reduced motion, who sees no frames before it. */
  whileStill?: string;
}

/** `frames` is told whether the reader asked for reduced motion: it should then yield only the finished run. */
export function streamedView(
  frames: (signal: AbortSignal, still: boolean) => AsyncIterable<HTMLElement>,
  {invalidation, name, whileStill}: StreamedViewOptions
): HTMLElement {
  const element = document.createElement("div");
  element.setAttribute("aria-live", "off");
  const controller = new AbortController();
  invalidation?.then(() => controller.abort());
  const still = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches === true;
  if (still && whileStill) element.textContent = whileStill;
  (async () => {
    try {
      for await (const frame of frames(controller.signal, still)) element.replaceChildren(frame);
    } catch (error) {
      if (controller.signal.aborted) return;
      const message = document.createElement("p");
      message.dataset.kind = "error";
      message.textContent = `${name} stopped: ${(error as Error).message}`;
      element.append(message);
    }
  })();
  return element;
}
