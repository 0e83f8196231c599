// Stops a runaway loop. Every loop body in a reader's cell calls the guard; the guard notes when the page last had
// a turn (a timer clears the mark the next time the event loop runs) and throws once a loop has kept the page busy
// for longer than the budget, whether the loop is synchronous or spins on awaited promises.
export class LoopTimeout extends Error {
  constructor(budgetMs: number) {
    super(`a loop ran for more than ${budgetMs} ms without a break`);
    this.name = "LoopTimeout";
  }
}

export function loopGuard(budgetMs: number, now: () => number = () => performance.now()): () => void {
  let since: number | undefined;
  return function guard() {
    if (since === undefined) {
      since = now();
      setTimeout(() => (since = undefined), 0);
    } else if (now() - since > budgetMs) {
      throw new LoopTimeout(budgetMs);
    }
  };
}
