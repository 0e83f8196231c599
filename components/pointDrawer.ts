// Points the reader draws: drag across the plot (a mouse, a finger or a pen) and points are laid along the stroke, a
// fixed distance apart, on top of the set it started with; Clear empties it. The value is the points [n, 2]; it
// changes, with an input event, when a stroke ends and on Clear, so a page retrains once per stroke, not per point.
// It follows its own width (a resized window, a turned phone) without a new value, so the points and whatever a page
// started from them, a training run for one, live on.
import {button} from "./button.js";
import {pointPlot} from "./pointPlot.js";

/** Points along the segment from `from` to `to`, `spacing` apart, after `from` and up to `to`. */
export function strokePoints(from: [number, number], to: [number, number], spacing: number): [number, number][] {
  const count = Math.floor(Math.hypot(to[0] - from[0], to[1] - from[1]) / spacing);
  return Array.from({length: count}, (_, i) => {
    const u = ((i + 1) * spacing) / Math.hypot(to[0] - from[0], to[1] - from[1]);
    return [from[0] + u * (to[0] - from[0]), from[1] + u * (to[1] - from[1])];
  });
}

export type PointDrawer = HTMLDivElement & {value: Float32Array};

export function pointDrawer(start: Float32Array, {caption = ""} = {}): PointDrawer {
  const element = document.createElement("div") as PointDrawer;
  element.className = "point-drawer";
  let points = [...start];
  let width = 440;
  let stroke: [number, number] | null = null;
  const summary = () => `${points.length / 2} training points; drag across the plot to draw more.`;
  const draw = () => {
    const plot = pointPlot({width, points: Float32Array.from(points), caption, summary: summary()});
    const svg = plot.querySelector("svg")!;
    const at = (event: PointerEvent): [number, number] => {
      // pointer coordinates in the SVG's own units, which its viewBox scales to its drawn size
      const box = svg.getBoundingClientRect();
      const scale = Number(svg.getAttribute("width")) / box.width;
      return [plot.x.invert((event.clientX - box.left) * scale), plot.y.invert((event.clientY - box.top) * scale)];
    };
    svg.addEventListener("pointerdown", (event) => {
      svg.setPointerCapture(event.pointerId);
      stroke = at(event);
      points.push(...stroke);
      draw();
    });
    svg.addEventListener("pointermove", (event) => {
      if (!stroke) return;
      const added = strokePoints(stroke, at(event), 0.05);
      if (!added.length) return;
      points.push(...added.flat());
      stroke = added[added.length - 1];
      draw();
    });
    const end = () => {
      if (!stroke) return;
      stroke = null;
      element.dispatchEvent(new Event("input", {bubbles: true}));
    };
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    const drawn = element.querySelector("figure");
    if (drawn) drawn.replaceWith(plot);
    else element.prepend(plot);
  };
  const clear = button("Clear the points", () => {
    points = [];
    draw();
    element.dispatchEvent(new Event("input", {bubbles: true}));
  });
  element.append(clear);
  draw();
  new ResizeObserver(() => {
    if (element.clientWidth && element.clientWidth !== width) {
      width = element.clientWidth;
      draw();
    }
  }).observe(element);
  Object.defineProperty(element, "value", {get: () => Float32Array.from(points)});
  return element;
}
