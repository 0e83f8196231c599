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

/** Black or white, whichever contrasts more with the background (WCAG relative luminance). */
function readableOn(background: string): string {
  const {r, g, b} = d3.rgb(background);
  const linear = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "black" : "white";
}

export function tokenChips(chips: Chip[], {domain, label = "Tokens"}: ChipOptions = {}): HTMLElement {
  const color = domain ? d3.scaleSequential(d3.interpolateOrRd).domain(domain).clamp(true) : undefined;
  const root = d3.create("div").attr("class", "token-chips").attr("role", "list").attr("aria-label", label);
  const chip = root
    .selectAll("span")
    .data(chips)
    .join("span")
    .attr("role", "listitem")
    .attr("class", (c) => `chip${c.known === false ? " unknown" : ""}`)
    .attr(
      "title",
      (c) => c.title ?? (c.known === false ? "never seen in training: the model reads its unknown token" : null)
    );
  if (color) {
    chip
      .style("background", (c) => color(c.value ?? domain![0]))
      .style("color", (c) => readableOn(color(c.value ?? domain![0])));
  }
  chip
    .append("span")
    .attr("class", "chip-text")
    .text((c) => visibleText(c.text));
  chip
    .filter((c) => c.id !== undefined)
    .append("small")
    .text((c) => (c.known === false ? `${c.id} ?` : String(c.id)));
  return root.node()!;
}
