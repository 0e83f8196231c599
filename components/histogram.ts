// The distribution of some values as bars, with a density curve to compare against (the standard normal, say).
import * as d3 from "d3";
import {axes} from "./axisTitles.js";
import {figure, type FigureOptions} from "./figure.js";

export interface HistogramOptions extends FigureOptions {
  width?: number;
  height?: number;
  domain?: [number, number];
  bins?: number;
  xLabel?: string;
  /** A density to draw over the bars, on the same scale (the bars show a density too). */
  density?: (x: number) => number;
}

const MARGIN = {top: 12, right: 16, bottom: 36, left: 52};

export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): HTMLElement {
  const width = Math.max(options.width ?? 640, 200);
  const height = Math.max(options.height ?? 220, 120);
  const {domain = [-4, 4], bins = 60, xLabel = "value", density} = options;
  const x = d3
    .scaleLinear()
    .domain(domain)
    .range([MARGIN.left, width - MARGIN.right]);
  const data = Array.from(values, (v) => Math.min(domain[1] - 1e-9, Math.max(domain[0], v)));
  const binned = d3
    .bin()
    .domain(domain)
    .thresholds(d3.range(domain[0], domain[1], (domain[1] - domain[0]) / bins))(data);
  const scale = 1 / (data.length * (binned[0].x1! - binned[0].x0!));
  const curve = density
    ? d3
        .range(domain[0], domain[1] + 1e-9, (domain[1] - domain[0]) / 200)
        .map((v) => [v, density(v)] as [number, number])
    : [];
  const top = Math.max(d3.max(binned, (b) => b.length * scale) ?? 0, d3.max(curve, (p) => p[1]) ?? 0);
  const y = d3
    .scaleLinear()
    .domain([0, top])
    .nice()
    .range([height - MARGIN.bottom, MARGIN.top]);
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", [0, 0, width, height]);
  svg
    .append("g")
    .attr("fill", "steelblue")
    .selectAll("rect")
    .data(binned)
    .join("rect")
    .attr("x", (b) => x(b.x0!) + 0.5)
    .attr("width", (b) => Math.max(0, x(b.x1!) - x(b.x0!) - 1))
    .attr("y", (b) => y(b.length * scale))
    .attr("height", (b) => y(0) - y(b.length * scale));
  if (density) {
    const line = d3.line<[number, number]>(
      (p) => x(p[0]),
      (p) => y(p[1])
    );
    svg
      .append("path")
      .attr("d", line(curve))
      .attr("fill", "none")
      .attr("stroke", "currentColor")
      .attr("stroke-width", 1.5);
  }
  axes(svg, x, y, {width, height, margin: MARGIN, xLabel, yLabel: "density"});
  const mean = d3.mean(data) ?? 0;
  const deviation = d3.deviation(data) ?? 0;
  return figure(svg.node()!, {
    ...options,
    summary:
      options.summary ??
      `Histogram of ${data.length} values: mean ${mean.toFixed(2)}, standard deviation ${deviation.toFixed(2)}.`
  });
}
