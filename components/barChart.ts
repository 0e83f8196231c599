// Labelled horizontal bars: the classifier's probabilities for each class, say. Values are probabilities, written as
// percentages, unless `format` writes them otherwise (a cosine, megabytes).
import * as d3 from "d3";
import {figure, type FigureOptions} from "./figure.js";

export interface BarChartOptions extends FigureOptions {
  width?: number;
  highlight?: number;
  /** How a value is written beside its bar and read out (default: a percentage). */
  format?: (value: number) => string;
}

export function barChart(
  values: number[],
  labels: string[],
  {width = 320, highlight, format, ...options}: BarChartOptions = {}
): HTMLElement {
  const w = Math.max(220, width);
  const row = 18;
  // room for the longest label, about 7 px a character at 12 px, up to half the chart
  const left = Math.min(w / 2, Math.max(90, 7 * (d3.max(labels, (l) => l.length) ?? 0) + 8));
  const height = values.length * row + 8;
  const x = d3
    .scaleLinear()
    .domain([0, Math.max(1e-9, d3.max(values) ?? 1)])
    .range([left, w - 48]);
  const svg = d3.create("svg").attr("width", w).attr("height", height).attr("viewBox", [0, 0, w, height]);
  const g = svg
    .selectAll("g")
    .data(values)
    .join("g")
    .attr("transform", (_, i) => `translate(0,${4 + i * row})`);
  g.append("text")
    .attr("x", left - 6)
    .attr("y", row / 2 + 4)
    .attr("text-anchor", "end")
    .attr("fill", "currentColor")
    .attr("font-size", 12)
    .text((_, i) => labels[i]);
  g.append("rect")
    .attr("x", left)
    .attr("height", row - 4)
    .attr("width", (v) => x(v) - left)
    .attr("fill", (_, i) => (i === highlight ? "#e15759" : "steelblue"));
  g.append("text")
    .attr("x", (v) => x(v) + 4)
    .attr("y", row / 2 + 4)
    .attr("fill", "currentColor")
    .attr("font-size", 11)
    .text(format ?? d3.format(".0%"));
  return figure(svg.node()!, {
    ...options,
    summary: options.summary ?? labels.map((l, i) => `${l}: ${(format ?? d3.format(".1%"))(values[i])}`).join(", ")
  });
}
