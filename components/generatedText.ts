// A continuation as it is generated: the prompt faded, each new token appended as soon as the model chooses it,
// a Stop button, and a line that says why generation ended. `done` resolves to the generated ids.
import type {GeneratedToken} from "../src/generation/index.js";

export interface GeneratedTextOptions {
  prompt: string;
  decode: (ids: number[]) => string;
  /** Starts generation with the signal the Stop button (and the page's invalidation) aborts. */
  start: (signal: AbortSignal) => AsyncIterable<GeneratedToken>;
  label?: string;
  invalidation?: Promise<unknown>;
  /** Called with the ids when generation ends, for statistics under the text. */
  onDone?: (ids: number[], element: HTMLElement) => void;
}

const REASONS = {
  "end-of-text": "the model wrote its end-of-text token",
  "stop-string": "a stop string appeared",
  "max-tokens": "the token limit"
};

export function generatedText({
  prompt,
  decode,
  start,
  label = "Continuation",
  invalidation,
  onDone
}: GeneratedTextOptions) {
  const element = document.createElement("div") as HTMLDivElement & {done: Promise<number[]>};
  element.className = "generated-block";
  element.innerHTML = `<div class="generated" role="log" aria-live="off"><span class="prompt"></span><span class="new"></span></div>
    <div class="generated-status" role="status"><button type="button">Stop</button> <span></span></div>`;
  element.querySelector(".generated")!.setAttribute("aria-label", label);
  element.querySelector(".prompt")!.textContent = prompt;
  const text = element.querySelector(".new")!;
  const button = element.querySelector("button")!;
  const status = element.querySelector(".generated-status span")!;
  const controller = new AbortController();
  button.onclick = () => controller.abort();
  invalidation?.then(() => controller.abort());
  element.done = (async () => {
    const ids: number[] = [];
    let reason = "";
    try {
      for await (const step of start(controller.signal)) {
        ids.push(step.token);
        text.textContent = decode(ids);
        status.textContent = `${ids.length} tokens`;
        if (step.stop) reason = REASONS[step.stop];
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      reason = "stopped";
    } finally {
      button.remove(); // nothing is left to stop, whether generation ended or failed
    }
    status.textContent = `${ids.length} tokens; ended by ${reason || "the token limit"}.`;
    onDone?.(ids, element);
    return ids;
  })();
  element.done.catch((error) => {
    status.textContent = `Generation failed: ${(error as Error).message}`;
    (status as HTMLElement).dataset.kind = "error";
  });
  return element;
}
