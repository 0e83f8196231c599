// What the course's training workers share: the port they talk through, and work cut into slices of about 25 ms,
// one slice per macrotask, so a command posted meanwhile (Pause, Reset) is read before the next slice starts.

/** A worker's own scope, a Worker, or one end of a MessageChannel. */
export interface TrainerPort {
  postMessage(message: unknown): void;
  onmessage: ((event: {data: any}) => void) | null; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export const SLICE_MS = 25;
/** How often a trainer reports its progress while it works. */
export const REPORT_MS = 200;

/**
 * Returns `resume`, which schedules `slice(end)` in a macrotask of its own; `slice` works until `end` (a
 * performance.now() time) and says whether there is more to do, in which case the next slice follows. Calling
 * `resume` while a slice is scheduled does nothing.
 */
export function slicedWork(slice: (end: number) => boolean | Promise<boolean>): () => void {
  let ticking = false;
  const tick = async () => {
    const more = await slice(performance.now() + SLICE_MS);
    ticking = false;
    if (more) resume();
  };
  const resume = () => {
    if (ticking) return;
    ticking = true;
    setTimeout(tick, 0);
  };
  return resume;
}
