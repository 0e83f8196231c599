// Points in the plane on fixed square axes, so every plot of the denoiser lesson shows the same region and a cloud can
// be compared with another by eye: a cloud of points, arrows (a vector field) and paths (trajectories), in layers.
import * as d3 from "d3";
import {axes} from "./axisTitles.js";
import {figure, type FigureOptions} from "./figure.js";

export interface PointPlotOptions extends FigureOptions {
  width?: number;
  /** The range of both axes. */
  extent?: [number, number];
  /** Points [n, 2]. */
  points?: Float32Array;
  /** Arrows [n, 4]: from (x, y) to (x + dx, y + dy), in data units. */
  arrows?: Float32Array;
  /** Paths, each [steps, 2]. */
  paths?: Float32Array[];
  /** The points' colour; the arrows and paths take the course's second colour. */
  color?: string;
}

const MARGIN = {top: 10, right: 12, bottom: 36, left: 44};

/**
 * Arrows [n, 4] for a vector field: from each point `at` [n, 2] along its vector [n, 2], all scaled by one factor so
 * the longest is `longest` long (a grid's spacing, say), which keeps a field readable whatever its magnitude.
 */
export function fieldArrows(at: Float32Array, vectors: Float32Array, longest: number): Float32Array {
  if (at.length !== vectors.length) throw new RangeError(`${at.length / 2} points for ${vectors.length / 2} vectors`);
  let max = 0;
  for (let i = 0; i < vectors.length; i += 2) max = Math.max(max, Math.hypot(vectors[i], vectors[i + 1]));
  const scale = max > 0 ? longest / max : 0;
  const arrows = new Float32Array(2 * at.length);
  for (let i = 0; i < at.length / 2; i++)
    arrows.set([at[2 * i], at[2 * i + 1], scale * vectors[2 * i], scale * vectors[2 * i + 1]], 4 * i);
  return arrows;
}

/**
 * The plot, with `x` and `y` its scales from data to SVG units (a drawing input reads them back), and `setArrows`,
 * which draws new arrows [n, 4] and caption (given one at first) in place.
 */
export type PointPlot = HTMLElement & {
  x: d3.ScaleLinear<number, number>;
  y: d3.ScaleLinear<number, number>;
  setArrows(arrows: Float32Array, caption: string): void;
};

export function pointPlot({
  width: available = 400,
  extent = [-3, 3],
  points,
  arrows,
  paths = [],
  color = "#4269d0",
  ...options
}: PointPlotOptions = {}): PointPlot {
  const width = Math.max(240, Math.min(available, 440));
  const side = width - MARGIN.left - MARGIN.right;
  const height = side + MARGIN.top + MARGIN.bottom;
  const x = d3.scaleLinear(extent, [MARGIN.left, MARGIN.left + side]);
  const y = d3.scaleLinear(extent, [MARGIN.top + side, MARGIN.top]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", [0, 0, width, height]);
  svg.style("max-width", "100%").style("height", "auto").style("touch-action", "none");
  axes(svg, x, y, {width, height, margin: MARGIN, xLabel: "x₁", yLabel: "x₂", yTicks: 6});
  const line = d3.line();
  svg
    .append("g")
    .attr("fill", "none")
    .attr("stroke", "#efb118")
    .attr("stroke-opacity", 0.8)
    .selectAll("path")
    .data(paths)
    .join("path")
    .attr("d", (path) => line(d3.range(path.length / 2).map((i) => [x(path[2 * i]), y(path[2 * i + 1])])));
  if (points) {
    const dots = svg.append("path").attr("fill", color).attr("fill-opacity", 0.6);
    // one path of small squares: a thousand points draw as one element, not a thousand
    const d = [];
    for (let i = 0; i < points.length; i += 2) d.push(`M${x(points[i]) - 1.5},${y(points[i + 1]) - 1.5}h3v3h-3z`);
    dots.attr("d", d.join("") || null);
  }
  const arrowPath = svg.append("path").attr("fill", "none").attr("stroke", "currentColor").attr("stroke-width", 1.2);
  const drawArrows = (arrows: Float32Array) => {
    const d = [];
    for (let i = 0; i < arrows.length; i += 4) {
      const [x0, y0] = [x(arrows[i]), y(arrows[i + 1])];
      const [x1, y1] = [x(arrows[i] + arrows[i + 2]), y(arrows[i + 1] + arrows[i + 3])];
      const angle = Math.atan2(y1 - y0, x1 - x0);
      const head = Math.min(4, Math.hypot(x1 - x0, y1 - y0) / 2);
      const wing = (turn: number) => `L${x1 - head * Math.cos(angle + turn)},${y1 - head * Math.sin(angle + turn)}`;
      d.push(`M${x0},${y0}L${x1},${y1}${wing(0.5)}M${x1},${y1}${wing(-0.5)}`);
    }
    arrowPath.attr("d", d.join("") || null);
  };
  if (arrows) drawArrows(arrows);
  const element = figure(svg.node()!, options) as PointPlot;
  // a run redraws its arrows in place, a few times a second, rather than the whole plot
  const setArrows = (arrows: Float32Array, caption: string) => {
    drawArrows(arrows);
    element.querySelector("figcaption")!.textContent = caption;
  };
  return Object.assign(element, {x, y, setArrows});
}
