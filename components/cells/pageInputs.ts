// The page's inputs as a reader has set them, for a link that shares the page: each form Observable Inputs made in the
// lesson's text (not those of a cell's editor, an exercise, a task panel or the notebook), under its label, numbered
// when two share one, with the value of each of its controls. Setting them back dispatches the input events a reader's
// hand would, so the cells that use them run again.
import type {InputValue} from "../../src/cells/index.js";

/** Forms that belong to a component's own machinery, not to the lesson's inputs. */
const OWN = ".exercise, .task-panel, .notebook, .edits-toolbar, .notebook-cell";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The page's inputs by key: "Temperature", or "Seed (2)" for the second input labelled "Seed". */
function pageInputs(): Map<string, Control[]> {
  const inputs = new Map<string, Control[]>();
  const seen = new Map<string, number>();
  for (const form of document.querySelectorAll<HTMLFormElement>("#observablehq-main form")) {
    if (form.closest(OWN)) continue;
    const controls = [...form.querySelectorAll<Control>("input, select, textarea")].filter(
      (c) => !(c instanceof HTMLInputElement) || !["button", "submit", "file", "reset"].includes(c.type)
    );
    if (!controls.length) continue;
    const label = form.querySelector("label")?.textContent?.trim() || "input";
    const n = (seen.get(label) ?? 0) + 1;
    seen.set(label, n);
    inputs.set(n === 1 ? label : `${label} (${n})`, controls);
  }
  return inputs;
}

const checkable = (c: Control): c is HTMLInputElement =>
  c instanceof HTMLInputElement && (c.type === "checkbox" || c.type === "radio");

/** Every input of the page with its controls' values. */
export function inputValues(): Record<string, InputValue> {
  const values: Record<string, InputValue> = {};
  for (const [key, controls] of pageInputs()) values[key] = controls.map((c) => (checkable(c) ? c.checked : c.value));
  return values;
}

/**
 * Sets the page's inputs to `values` where an input of that key has the same controls (a lesson changed since keeps
 * its own), each changed one announced as a reader's change is; returns the keys of the inputs that were set.
 */
export function setInputValues(values: Record<string, InputValue>): string[] {
  const set: string[] = [];
  for (const [key, controls] of pageInputs()) {
    const wanted = Object.hasOwn(values, key) ? values[key] : undefined;
    if (!wanted || wanted.length !== controls.length) continue;
    if (!controls.every((c, i) => typeof wanted[i] === (checkable(c) ? "boolean" : "string"))) continue;
    let changed: Control | undefined;
    controls.forEach((c, i) => {
      if (checkable(c) ? c.checked === wanted[i] : c.value === wanted[i]) return;
      if (checkable(c)) c.checked = wanted[i] as boolean;
      else c.value = wanted[i] as string;
      changed ??= c;
    });
    if (!changed) continue;
    changed.dispatchEvent(new Event("input", {bubbles: true}));
    set.push(key);
  }
  return set;
}
