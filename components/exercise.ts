// An exercise's checks, the cell after the exercise's own: the lesson marks the reader's starting code editable
// (```ts editable id=exercise-… label="…"), and this cell uses the function that code defines, so each run of the
// reader's code checks it again, case by case against the library's answers. A hint when a case fails, and the
// solution behind a button (or a note that the instructor left it out of this build).
import {checkSolution, type ExerciseCheck} from "../src/exercises/index.js";

export interface ExerciseOptions {
  check: ExerciseCheck;
  /** What the exercise's cell defines, under the name `check.output`. */
  value: unknown;
  /** From solutions.json: the solution, or null where the build left it out. */
  solution: string | null;
  hint: string;
}

export function exercise({check, value, solution, hint}: ExerciseOptions): HTMLElement {
  const element = document.createElement("div");
  element.className = "exercise";
  const outcome = checkSolution(check, value);
  const passed = outcome.filter((r) => r.passed).length;
  const results = document.createElement("div");
  results.className = "exercise-results";
  results.setAttribute("role", "status");
  const summary = document.createElement("p");
  summary.innerHTML =
    passed === outcome.length
      ? `<strong>All ${passed} checks pass.</strong> Well done.`
      : `<strong>${passed} of ${outcome.length} checks pass.</strong>`;
  const list = document.createElement("ul");
  for (const r of outcome) {
    const item = document.createElement("li");
    item.dataset.passed = String(r.passed);
    item.textContent = `${r.passed ? "✓ passed" : "✗ failed"}: ${r.name}${r.detail ? `. ${r.detail}` : ""}`;
    list.append(item);
  }
  results.append(summary, list);
  const help = document.createElement("details");
  help.innerHTML = `<summary>Hint</summary><p></p>`;
  help.querySelector("p")!.textContent = hint;
  const shown = document.createElement("details");
  shown.className = "exercise-solution";
  if (solution) {
    shown.innerHTML = `<summary>Show the solution</summary><pre><code></code></pre>`;
    shown.querySelector("code")!.textContent = solution;
  } else {
    shown.innerHTML = `<summary>Solution</summary><p>Your instructor has left the solutions out of this copy of the course.</p>`;
  }
  element.append(results, help, shown);
  return element;
}
