// A matrix as a heatmap: rows top to bottom, columns left to right, one colour per value. Cells are painted on a
// canvas and shown as one image inside the SVG, so a 512 x 512 matrix draws as fast as a 5 x 5 one.
import * as d3 from "d3";
import type {Matrix} from "../src/linalg/index.js";
import {axisTitles} from "./axisTitles.js";
import {figure, type FigureOptions} from "./figure.js";

export interface HeatmapOptions extends FigureOptions {
  width?: number;
  height?: number;
  /** "diverging" centres white on zero (for signed values); "sequential" runs light to dark. */
  color?: "diverging" | "sequential";
  domain?: [number, number];
  xLabel?: string;
  yLabel?: string;
  /** Tick labels for rows and columns (tokens, say); numbers when absent. */
  rowLabels?: string[];
  colLabels?: string[];
  format?: (value: number) => string;
}

const MARGIN = {top: 8, right: 56, bottom: 36, left: 48};

export function heatmap(values: Matrix, options: HeatmapOptions = {}): HTMLElement {
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  const {xLabel = "", yLabel = "", rowLabels, colLabels, format = d3.format(".3~f")} = options;
  // A page may ask before its layout has a width; never draw smaller than the margins.
  const width = Math.max(options.width ?? 640, 200);
  const height = Math.max(options.height ?? Math.min(width, (width * rows) / Math.max(cols, 1)), 160);
  const flat = values.flat().filter(Number.isFinite);
  const [lo, hi] = options.domain ?? (d3.extent(flat) as [number, number]);
  const color = options.color ?? (lo < 0 && hi > 0 ? "diverging" : "sequential");
  const bound = Math.max(Math.abs(lo), Math.abs(hi));
  const extent: [number, number] = color === "diverging" ? [-bound, bound] : [lo, hi];
  const scale =
    color === "diverging"
      ? d3.scaleDiverging((t) => d3.interpolateRdBu(1 - t)).domain([-bound, 0, bound])
      : d3.scaleSequential(d3.interpolateViridis).domain(extent);

  const x = d3
    .scaleLinear()
    .domain([0, cols])
    .range([MARGIN.left, width - MARGIN.right]);
  const y = d3
    .scaleLinear()
    .domain([0, rows])
    .range([MARGIN.top, height - MARGIN.bottom]);

  const canvas = document.createElement("canvas");
  canvas.width = Math.max(cols, 1);
  canvas.height = Math.max(rows, 1);
  const context = canvas.getContext("2d")!;
  const image = context.createImageData(canvas.width, canvas.height);
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      const c = d3.rgb(Number.isFinite(v) ? scale(v) : "#888");
      image.data.set([c.r, c.g, c.b, 255], 4 * (i * cols + j));
    })
  );
  context.putImageData(image, 0, 0);

  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", [0, 0, width, height]);
  svg
    .append("image")
    .attr("href", canvas.toDataURL())
    .attr("x", x(0))
    .attr("y", y(0))
    .attr("width", x(cols) - x(0))
    .attr("height", y(rows) - y(0))
    .attr("preserveAspectRatio", "none")
    .style("image-rendering", "pixelated");

  const xAxis = d3.axisBottom(x).ticks(Math.min(cols, width / 60));
  if (colLabels) xAxis.tickValues(d3.range(cols).map((j) => j + 0.5)).tickFormat((_, j) => colLabels[j]);
  else xAxis.tickFormat(d3.format("d"));
  svg
    .append("g")
    .attr("transform", `translate(0,${y(rows)})`)
    .call(xAxis);
  const yAxis = d3.axisLeft(y).ticks(Math.min(rows, height / 30));
  if (rowLabels) yAxis.tickValues(d3.range(rows).map((i) => i + 0.5)).tickFormat((_, i) => rowLabels[i]);
  else yAxis.tickFormat(d3.format("d"));
  svg
    .append("g")
    .attr("transform", `translate(${x(0)},0)`)
    .call(yAxis);
  axisTitles(svg, {left: x(0), right: x(cols), top: y(0), bottom: y(rows)}, height, {xLabel, yLabel});

  // Colour legend on the right.
  const legend = d3
    .scaleLinear()
    .domain(extent)
    .range([y(rows), y(0)]);
  const steps = d3.range(0, 1.0001, 1 / 32).map((t) => legend.invert(y(rows) - t * (y(rows) - y(0))));
  svg
    .append("g")
    .selectAll("rect")
    .data(steps.slice(1))
    .join("rect")
    .attr("x", width - MARGIN.right + 10)
    .attr("width", 10)
    .attr("y", (v) => legend(v))
    .attr("height", (y(rows) - y(0)) / 32 + 0.5)
    .attr("fill", (v) => scale(v));
  svg
    .append("g")
    .attr("transform", `translate(${width - MARGIN.right + 20},0)`)
    .call(d3.axisRight(legend).ticks(4).tickFormat(d3.format(".2~g")));

  // Hover readout: which cell, which value.
  const readout = svg
    .append("text")
    .attr("x", x(cols))
    .attr("y", height - 4)
    .attr("text-anchor", "end");
  readout.attr("fill", "currentColor").attr("font-size", 11);
  svg.on("pointermove", (event: PointerEvent) => {
    const [px, py] = d3.pointer(event);
    const j = Math.floor(x.invert(px));
    const i = Math.floor(y.invert(py));
    const inside = i >= 0 && i < rows && j >= 0 && j < cols;
    readout.text(inside ? `[${rowLabels?.[i] ?? i}, ${colLabels?.[j] ?? j}] = ${format(values[i][j])}` : "");
  });

  return figure(svg.node()!, {
    ...options,
    summary: options.summary ?? `Heatmap of a ${rows} by ${cols} matrix, values from ${format(lo)} to ${format(hi)}.`
  });
}
