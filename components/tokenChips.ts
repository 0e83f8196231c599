// Text as the model reads it: one chip per token, its id beneath, spaces and line breaks made visible. A token the
// model never saw is marked. Chips can be coloured by a value (surprisal, say), with the value in their title.
import * as d3 from "d3";

export interface Chip {
  text: string;
  id?: number;
  /** False marks a token the model never saw in training. */
  known?: boolean;
  value?: number;
  title?: string;
}

export interface ChipOptions {
  /** Colours chips by value, light to dark. */
  domain?: [number, number];
  label?: string;
}

/** What a token's text looks like in a chip: a leading space as ·, a line break as ↵. */
export const visibleText = (text: string) => text.replace(/ /g, "·").replace(/\n/g, "↵");

export function tokenChips(chips: Chip[], {domain, label = "Tokens"}: ChipOptions = {}): HTMLElement {
  const color = domain ? d3.scaleSequential(d3.interpolateOrRd).domain(domain).clamp(true) : undefined;
  const root = d3.create("div").attr("class", "token-chips").attr("role", "list").attr("aria-label", label);
  const chip = root
    .selectAll("span")
    .data(chips)
    .join("span")
    .attr("role", "listitem")
    .attr("class", (c) => `chip${c.known === false ? " unknown" : ""}`)
    .attr("title", (c) => c.title ?? (c.known === false ? "never seen in training: the model reads its unknown token" : null));
  if (color) {
    chip.style("background", (c) => color(c.value ?? domain![0])).style("color", (c) => (d3.hsl(color(c.value ?? domain![0])).l < 0.55 ? "white" : "black"));
  }
  chip.append("span").attr("class", "chip-text").text((c) => visibleText(c.text));
  chip.filter((c) => c.id !== undefined).append("small").text((c) => (c.known === false ? `${c.id} ?` : String(c.id)));
  return root.node()!;
}
