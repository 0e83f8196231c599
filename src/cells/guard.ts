// Stops a runaway loop, and only the reader's loop. Each loop in a reader's cell starts its own clock when it is
// entered and checks it on every pass, so a short loop in a function that the page calls once per token, inside one
// long model run, is measured one call at a time and never pays for the page's own work. The clock restarts when
// the event loop has had a turn since the last pass (a timer ran): a loop that awaits real work lets the page go on
// and may run as long as it likes, while one that spins on awaited promises never lets a timer run and is stopped
// like a synchronous one.
export class LoopTimeout extends Error {
  constructor(budgetMs: number) {
    super(`a loop ran for more than ${budgetMs} ms without a break`);
    this.name = "LoopTimeout";
  }
}

/** Thrown in a loop of a run that was stopped (the reader pressed Stop, or ran the cell again). */
export class RunStopped extends Error {
  constructor() {
    super("the run was stopped");
    this.name = "RunStopped";
  }
}

/** Called once each time a loop is entered; returns the check its every pass calls. */
export type LoopGuard = () => () => void;

/** `signal` ends the run: every loop of it, even one that awaits and lets the page go on, stops at its next pass. */
export function loopGuard(
  budgetMs: number,
  now: () => number = () => performance.now(),
  signal?: AbortSignal
): LoopGuard {
  let turns = 0;
  let timer = false;
  // One timer at a time counts the event loop's turns, for every loop of the cell.
  const watchTurns = () => {
    if (timer) return;
    timer = true;
    setTimeout(() => {
      turns++;
      timer = false;
    }, 0);
  };
  return function enter() {
    let start = now();
    let seen = turns;
    watchTurns();
    return function pass() {
      if (signal?.aborted) throw new RunStopped();
      if (seen !== turns) {
        start = now();
        seen = turns;
        watchTurns();
      } else if (now() - start > budgetMs) {
        throw new LoopTimeout(budgetMs);
      }
    };
  };
}
