// The page's main thread while a model runs: the ticks of a 50 ms timer, the longest gap between them, and the tasks
// Chromium reports as long (over 50 ms). Shared by the responsiveness tests and the responsiveness benchmark.
import type {Page} from "playwright-core";

export interface MainThread {
  /** Ticks of a 50 ms timer while the model ran. */
  ticks: number;
  /** Milliseconds the model ran, as the ticks saw it. */
  run: number;
  longestGap: number;
  /** When the longest gap began, in the page's performance.now() milliseconds. */
  longestGapAt: number;
  longestTask: number;
  /** Tasks of more than 50 ms (Chromium's long tasks) while the model ran. */
  longTasks: number;
}

/**
 * Starts measuring the page's main thread while the model runs: while an element matching `selector` whose text
 * matches `text` is on the page (a Stop button, a step counter). The result covers the runs until `stop` is called.
 */
export async function watchMainThread(
  page: Page,
  selector: string,
  text: RegExp,
  {log = true}: {log?: boolean} = {}
): Promise<() => Promise<MainThread>> {
  await page.evaluate(
    ([selector, source]) => {
      const watch = {runs: [] as [number, number][], tasks: [] as [number, number][], timer: 0};
      let last = performance.now();
      let wasRunning = false;
      watch.timer = window.setInterval(() => {
        const now = performance.now();
        // a gap that began while the model ran counts, though the run ended within it
        if (wasRunning) watch.runs.push([last, now]);
        last = now;
        // inline: a named function here would need the test runner's __name helper in the page
        wasRunning = [...document.querySelectorAll(selector)].some((e) =>
          new RegExp(source).test(e.textContent!.trim())
        );
      }, 50);
      new PerformanceObserver((list) => {
        for (const task of list.getEntries()) watch.tasks.push([task.startTime, task.duration]);
      }).observe({type: "longtask", buffered: true});
      (window as unknown as {mainThread: typeof watch}).mainThread = watch;
    },
    [selector, text.source]
  );
  return async () => {
    const measured = await page.evaluate(() => {
      const {runs, tasks, timer} = (
        window as unknown as {mainThread: {runs: [number, number][]; tasks: [number, number][]; timer: number}}
      ).mainThread;
      clearInterval(timer);
      const during = tasks.filter(([start, duration]) => runs.some(([a, b]) => start < b && start + duration > a));
      const longest = runs.reduce((best, run) => (run[1] - run[0] > best[1] - best[0] ? run : best), [0, 0]);
      return {
        longestGapAt: Math.round(longest[0]),
        ticks: runs.length,
        run: Math.round(runs.reduce((sum, [a, b]) => sum + b - a, 0)),
        longestGap: Math.round(Math.max(0, ...runs.map(([a, b]) => b - a))),
        longestTask: Math.round(Math.max(0, ...during.map(([, duration]) => duration))),
        longTasks: during.length
      };
    });
    if (log)
      console.log(
        `while the model ran (${measured.run} ms, ${measured.ticks} timer ticks): longest timer gap ${measured.longestGap} ms, longest task ${measured.longestTask} ms, ${measured.longTasks} tasks over 50 ms`
      );
    return measured;
  };
}
