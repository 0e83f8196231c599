// Progress of a long run the reader started: how far it is and about how long is left, from the pace so far.

export interface Progress {
  done: number;
  total: number;
  /** Milliseconds since the run started. */
  elapsed: number;
}

/** Seconds left at the average pace so far; undefined before the first unit of work has finished. */
export function secondsLeft({done, total, elapsed}: Progress): number | undefined {
  if (done <= 0) return undefined;
  return (Math.max(0, total - done) * elapsed) / done / 1000;
}

/** "3 s", "1 min 05 s": a duration as a reader says it, rounded up to the second. */
export function formatSeconds(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return `${minutes} min ${String(whole % 60).padStart(2, "0")} s`;
}

/** "37 of 1,080 model calls". */
export function countOf(done: number, total: number, unit: string): string {
  return `${done.toLocaleString("en")} of ${total.toLocaleString("en")} ${unit}`;
}

/** "37 of 1,080 model calls, about 12 s left". */
export function describeProgress(progress: Progress, unit: string): string {
  const count = countOf(progress.done, progress.total, unit);
  const left = secondsLeft(progress);
  return left === undefined ? count : `${count}, about ${formatSeconds(left)} left`;
}
