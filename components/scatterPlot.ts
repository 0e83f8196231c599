// Labelled points in 2-D, coloured by group, optionally joined in order: token embeddings or hidden states projected
// by PCA, say.
import * as d3 from "d3";
import {axes} from "./axisTitles.js";
import {figure, type FigureOptions} from "./figure.js";

export interface Point {
  x: number;
  y: number;
  label: string;
  group?: string;
}

export interface ScatterOptions extends FigureOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  /** Draw a line through the points in order (a path through positions, say). */
  joined?: boolean;
}

const MARGIN = {top: 12, right: 16, bottom: 40, left: 48};

export function scatterPlot(points: Point[], options: ScatterOptions = {}): HTMLElement {
  const width = Math.max(options.width ?? 640, 240);
  const height = options.height ?? Math.min(460, Math.round(width * 0.7));
  const pad = (extent: [number, number]): [number, number] => {
    const span = extent[1] - extent[0] || 1;
    return [extent[0] - span * 0.06, extent[1] + span * 0.06];
  };
  const x = d3
    .scaleLinear()
    .domain(pad(d3.extent(points, (p) => p.x) as [number, number]))
    .range([MARGIN.left, width - MARGIN.right]);
  const y = d3
    .scaleLinear()
    .domain(pad(d3.extent(points, (p) => p.y) as [number, number]))
    .range([height - MARGIN.bottom, MARGIN.top]);
  const groups = [...new Set(points.map((p) => p.group ?? ""))];
  const color = d3.scaleOrdinal<string, string>().domain(groups).range(d3.schemeTableau10);
  const svg = d3
    .create("svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", [0, 0, width, height])
    .style("max-width", "100%")
    .style("height", "auto");
  axes(svg, x, y, {width, height, margin: MARGIN, xLabel: options.xLabel, yLabel: options.yLabel, yTicks: height / 50});
  if (options.joined) {
    svg
      .append("path")
      .attr(
        "d",
        d3.line<Point>(
          (p) => x(p.x),
          (p) => y(p.y)
        )(points)
      )
      .attr("fill", "none")
      .attr("stroke", "currentColor")
      .attr("stroke-opacity", 0.3);
  }
  const g = svg
    .append("g")
    .selectAll("g")
    .data(points)
    .join("g")
    .attr("transform", (p) => `translate(${x(p.x)},${y(p.y)})`);
  g.append("circle")
    .attr("r", 3.5)
    .attr("fill", (p) => color(p.group ?? ""));
  g.append("text")
    .attr("x", 5)
    .attr("y", 4)
    .attr("font-size", 11)
    .attr("fill", "currentColor")
    .text((p) => p.label);
  if (groups.length > 1) {
    const legend = svg
      .append("g")
      .attr("font-size", 11)
      .selectAll("g")
      .data(groups)
      .join("g")
      .attr("transform", (_, i) => `translate(${width - MARGIN.right - 110},${MARGIN.top + 4 + i * 15})`);
    legend
      .append("rect")
      .attr("width", 9)
      .attr("height", 9)
      .attr("fill", (d) => color(d));
    legend
      .append("text")
      .attr("x", 13)
      .attr("y", 8)
      .attr("fill", "currentColor")
      .text((d) => d);
  }
  const summary =
    options.summary ??
    `${points.length} points: ${points
      .slice(0, 30)
      .map((p) => `${p.label} (${p.x.toFixed(2)}, ${p.y.toFixed(2)})`)
      .join(", ")}${points.length > 30 ? ", …" : ""}`;
  return figure(svg.node()!, {...options, summary});
}
