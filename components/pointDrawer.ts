// Points the reader draws: drag across the plot (a mouse, a finger or a pen) and points are laid along the stroke, a
// fixed distance apart, on top of the set it started with; Clear empties it. From the keyboard, the plot takes focus
// and shows a pen: the arrow keys move it (Shift for finer steps), Space or Enter puts it down (a point where it is)
// and lifts it again, and while it is down every move lays points along the way, as a drag does.
// The value is the points [n, 2]; it changes, with an input event, when a stroke ends and on Clear, so a page
// retrains once per stroke, not per point. It follows its own width (a resized window, a turned phone) without a new
// value, so the points and whatever a page started from them, a training run for one, live on.
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

const SPACING = 0.05;
/** How far an arrow key moves the pen, and with Shift. */
const MOVE = 0.1;
const FINE_MOVE = 0.02;
const KEYS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1]
};

export function pointDrawer(start: Float32Array, {caption = ""} = {}): PointDrawer {
  const element = document.createElement("div") as PointDrawer;
  element.className = "point-drawer";
  let points = [...start];
  let width = 440;
  // the stroke under way: its last point, from a pointer or from the keyboard's pen
  let stroke: [number, number] | null = null;
  const pen: [number, number] = [0, 0];
  const help = document.createElement("p");
  help.className = "point-drawer-help";
  help.id = `point-drawer-help-${Math.random().toString(36).slice(2)}`;
  const describe = () =>
    (help.textContent =
      `Keyboard: the arrow keys move the pen, now at (${pen[0].toFixed(2)}, ${pen[1].toFixed(2)}); ` +
      `Space or Enter ${stroke ? "lifts it" : "puts it down"}.`);
  const summary = () =>
    `${points.length / 2} training points; drag across the plot, or use the keyboard, to draw more.`;
  const draw = () => {
    const focused = element.querySelector("svg") === document.activeElement;
    const plot = pointPlot({width, points: Float32Array.from(points), caption, summary: summary()});
    const svg = plot.querySelector("svg")!;
    svg.setAttribute("role", "application");
    svg.setAttribute("tabindex", "0");
    svg.setAttribute("aria-describedby", help.id);
    const cross = `M${plot.x(pen[0]) - 6},${plot.y(pen[1])}h12M${plot.x(pen[0])},${plot.y(pen[1]) - 6}v12`;
    const marker = document.createElementNS("http://www.w3.org/2000/svg", "path");
    marker.setAttribute("class", "point-drawer-pen");
    marker.setAttribute("d", cross);
    svg.append(marker);
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
      if (stroke && event.buttons) extend(at(event));
    });
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointercancel", end);
    svg.addEventListener("keydown", (event) => {
      const move = KEYS[event.key];
      if (move) {
        const [lo, hi] = plot.x.domain();
        const size = event.shiftKey ? FINE_MOVE : MOVE;
        const to: [number, number] = [
          Math.min(hi, Math.max(lo, pen[0] + size * move[0])),
          Math.min(hi, Math.max(lo, pen[1] + size * move[1]))
        ];
        [pen[0], pen[1]] = to;
        if (stroke) extend(to);
        else draw();
      } else if (event.key === " " || event.key === "Enter") {
        if (stroke) end();
        else {
          stroke = [pen[0], pen[1]];
          points.push(...stroke);
          draw();
        }
      } else if (event.key === "Escape" && stroke) end();
      else return;
      event.preventDefault();
    });
    const drawn = element.querySelector("figure");
    if (drawn) drawn.replaceWith(plot);
    else element.prepend(plot);
    describe();
    if (focused) svg.focus();
  };
  /** Points along the stroke from its last point towards `to`. */
  const extend = (to: [number, number]) => {
    const added = strokePoints(stroke!, to, SPACING);
    if (!added.length) return;
    points.push(...added.flat());
    stroke = added[added.length - 1];
    draw();
  };
  function end() {
    if (!stroke) return;
    stroke = null;
    describe();
    element.dispatchEvent(new Event("input", {bubbles: true}));
  }
  const clear = button("Clear the points", () => {
    points = [];
    draw();
    element.dispatchEvent(new Event("input", {bubbles: true}));
  });
  element.append(help, clear);
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
