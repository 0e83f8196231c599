// Observable Inputs, with what they lack for screen readers: Inputs.range labels its number box but not its slider.
import * as Inputs from "@observablehq/inputs";

export function range(
  extent: [number, number],
  options: Inputs.RangeOptions & {label: string}
): HTMLFormElement & {value: number} {
  const form = Inputs.range(extent, options);
  form.querySelector("input[type=range]")!.setAttribute("aria-label", options.label);
  return form;
}
