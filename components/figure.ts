// Every plot is a <figure class="plot"> with a caption and a text alternative, so the page, screen readers and the
// browser tests can find it the same way.
export interface FigureOptions {
  /** Shown under the plot. */
  caption?: string;
  /** Read by screen readers in place of the picture. */
  summary?: string;
}

/** `graphic` is an SVG, or an element that lays several out (a grid of images). */
export function figure(graphic: Element, {caption, summary}: FigureOptions): HTMLElement {
  const element = document.createElement("figure");
  element.className = "plot";
  graphic.setAttribute("role", "img");
  if (summary) graphic.setAttribute("aria-label", summary);
  element.append(graphic);
  if (caption) {
    const text = document.createElement("figcaption");
    text.textContent = caption;
    element.append(text);
  }
  return element;
}
