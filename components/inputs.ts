// Observable Inputs, with what they lack. Inputs.range labels its number box but not its slider, and a number typed
// out of range or off the step stays in the box while the value silently stays the old one. Here a number the reader
// commits (Enter, or leaving the box) is kept to the range and the step, the box shows the value that holds, and a
// note beside it says what happened, to a screen reader too.
import * as Inputs from "@observablehq/inputs";

export function range(
  extent: [number, number],
  options: Inputs.RangeOptions & {label: string}
): HTMLFormElement & {value: number} {
  const form = Inputs.range(extent, options);
  form.querySelector("input[type=range]")!.setAttribute("aria-label", options.label);
  const box = form.querySelector("input[type=number]") as HTMLInputElement;
  const note = document.createElement("span");
  note.className = "range-note";
  note.setAttribute("aria-live", "polite");
  form.append(note);
  const [min, max] = [Math.min(...extent), Math.max(...extent)];
  form.addEventListener("input", () => (note.textContent = ""));
  box.addEventListener("change", () => {
    if (box.checkValidity()) return;
    const typed = box.valueAsNumber;
    const held = form.value;
    form.value = Number.isFinite(typed) ? typed : held; // the setter keeps a number to the range and the step
    if (form.value !== held) form.dispatchEvent(new Event("input", {bubbles: true}));
    note.textContent = !Number.isFinite(typed)
      ? `a number from ${min} to ${max}`
      : typed < min || typed > max
        ? `kept to ${min}–${max}`
        : `rounded to ${box.value}`;
  });
  return form;
}
