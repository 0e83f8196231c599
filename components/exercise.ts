// An exercise at the end of a lesson: the reader's code in an editable cell, checked on every run against the
// library's answers case by case, a hint when a case fails, and the solution behind a button (or a note that the
// instructor left it out of this build).
import {checkSolution, type ExerciseCheck} from "../src/exercises/index.js";
import {editableCell} from "./cells/index.js";

export interface ExerciseOptions {
  id: string;
  check: ExerciseCheck;
  /** From exercises.json: the starting code, and the solution unless the build left it out. */
  files: {starter: string; solution: string | null};
  hint: string;
}

export function exercise({id, check, files, hint}: ExerciseOptions): HTMLElement {
  const element = document.createElement("div");
  element.className = "exercise";
  const cell = editableCell({
    id: `exercise-${id}`,
    code: files.starter,
    output: check.output,
    scope: check.scope,
    label: `Exercise: ${check.output}`
  });
  const results = document.createElement("div");
  results.className = "exercise-results";
  results.setAttribute("role", "status");
  const help = document.createElement("details");
  help.innerHTML = `<summary>Hint</summary><p></p>`;
  help.querySelector("p")!.textContent = hint;
  const solution = document.createElement("details");
  solution.className = "exercise-solution";
  if (files.solution) {
    solution.innerHTML = `<summary>Show the solution</summary><pre><code></code></pre>`;
    solution.querySelector("code")!.textContent = files.solution;
  } else {
    solution.innerHTML = `<summary>Solution</summary><p>Your instructor has left the solutions out of this copy of the course.</p>`;
  }
  element.append(cell, results, help, solution);

  async function show() {
    let value: unknown;
    try {
      value = await cell.value;
    } catch {
      return; // the cell says what went wrong
    }
    const outcome = checkSolution(check, value);
    const passed = outcome.filter((r) => r.passed).length;
    results.replaceChildren();
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
  }
  cell.addEventListener("input", show);
  queueMicrotask(show);
  return element;
}
