// A matrix as a heatmap: rows top to bottom, columns left to right, one colour per value. Cells are painted on a
// canvas and shown as one image inside the SVG, so a 512 x 512 matrix draws as fast as a 5 x 5 one. Labels are thinned
// to every 2nd, 5th, 10th... so that they never overlap, column labels stand upright when they are words, and the
// margins grow to fit the longest label; hovering a cell names its row, its column and its value.
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
  /** What a value is, named before it when a cell is hovered: "weight 0.25". */
  valueLabel?: string;
}

const FONT = 10;
/** Characters of a label shown at most; hovering a cell shows the whole label. */
const LONGEST_LABEL = 14;
/** Cells up to this many each carry a <title>; in a larger matrix only the readout under the plot names them. */
const TITLED_CELLS = 64 * 64;
const TITLE_BAND = 20;
const READOUT_BAND = 16;
const TICK = 4;
const LEGEND = 56;
/**
 * Colours a heatmap's scale is sampled at across its domain: a cell's colour is then the scale's own, or the step next
 * to it on the scale's ramp (at most 3 of 255 in a channel, measured over both scales).
 */
const LEVELS = 1024;

/** Every nth of `count` labels, n the smallest of 1, 2, 5, 10, 20... that leaves each shown label `room` pixels. */
function shown(count: number, cell: number, room: number): number[] {
  const need = room / cell;
  const power = 10 ** Math.floor(Math.log10(need));
  return d3.range(0, count, need <= 1 ? 1 : [1, 2, 5, 10].map((m) => m * power).find((step) => step >= need));
}

export function heatmap(values: Matrix, options: HeatmapOptions = {}): HTMLElement {
  const rows = values.length;
  const cols = rows ? values[0].length : 0;
  const {xLabel = "", yLabel = "", rowLabels, colLabels, format = d3.format(".3~f"), valueLabel} = options;
  const rowName = (i: number) => rowLabels?.[i] ?? String(i);
  const colName = (j: number) => colLabels?.[j] ?? String(j);
  // A page may ask before its layout has a width; never draw smaller than the margins.
  const width = Math.max(options.width ?? 640, 200);

  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d")!;
  context.font = `${FONT}px sans-serif`;
  const short = (label: string) => (label.length > LONGEST_LABEL ? `${label.slice(0, LONGEST_LABEL - 1)}…` : label);
  const widest = (labels: string[]) => d3.max(labels, (l) => context.measureText(l).width) ?? 0;
  const rowTexts = d3.range(rows).map((i) => short(rowName(i)));
  const colTexts = d3.range(cols).map((j) => short(colName(j)));
  const left = TITLE_BAND + widest(rowTexts) + TICK + 4;
  const plotWidth = width - left - LEGEND;
  // Words stand upright under their columns; numbers lie flat. Either way only every nth has room.
  const upright = colLabels !== undefined;
  const colsShown = shown(cols, plotWidth / Math.max(cols, 1), upright ? FONT + 2 : widest(colTexts) + 6);
  const colExtent = upright ? widest(colsShown.map((j) => colTexts[j])) : FONT;
  const margin = {top: 8, right: LEGEND, bottom: TICK + 4 + colExtent + TITLE_BAND + READOUT_BAND, left};
  const height = Math.max(
    options.height ?? margin.top + margin.bottom + (plotWidth * rows) / Math.max(cols, 1),
    margin.top + margin.bottom + 40
  );

  const x = d3
    .scaleLinear()
    .domain([0, cols])
    .range([margin.left, width - margin.right]);
  const y = d3
    .scaleLinear()
    .domain([0, rows])
    .range([margin.top, height - margin.bottom]);

  const flat = values.flat().filter(Number.isFinite);
  const [lo, hi] = options.domain ?? (d3.extent(flat) as [number, number]);
  const color = options.color ?? (lo < 0 && hi > 0 ? "diverging" : "sequential");
  const bound = Math.max(Math.abs(lo), Math.abs(hi));
  const extent: [number, number] = color === "diverging" ? [-bound, bound] : [lo, hi];
  const scale =
    color === "diverging"
      ? d3.scaleDiverging((t) => d3.interpolateRdBu(1 - t)).domain([-bound, 0, bound])
      : d3.scaleSequential(d3.interpolateViridis).domain(extent);

  canvas.width = Math.max(cols, 1);
  canvas.height = Math.max(rows, 1);
  const image = context.createImageData(canvas.width, canvas.height);
  // Each cell's colour from a table of the scale's colours at LEVELS even steps across the domain, not a colour string
  // made and parsed per cell: a 256 x 256 matrix is 65,536 cells, and a page draws several as it opens
  const [from, to] = extent;
  const table = d3.range(LEVELS).map((k) => d3.rgb(scale(from + ((to - from) * k) / (LEVELS - 1))));
  const perLevel = to > from ? (LEVELS - 1) / (to - from) : 0;
  const missing = d3.rgb("#888");
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      // beyond the domain the colour stays at its end, as the scale's own colour ramps do
      const c = Number.isFinite(v)
        ? table[Math.max(0, Math.min(LEVELS - 1, Math.round((v - from) * perLevel)))]
        : missing;
      const at = 4 * (i * cols + j);
      image.data[at] = c.r;
      image.data[at + 1] = c.g;
      image.data[at + 2] = c.b;
      image.data[at + 3] = 255;
    })
  );
  context.putImageData(image, 0, 0);

  // Axis titles in a size the title band fits, whatever the page's font.
  const svg = d3
    .create("svg")
    .attr("width", width)
    .attr("height", height)
    .attr("viewBox", [0, 0, width, height])
    .attr("font-family", "sans-serif")
    .attr("font-size", 12);
  svg
    .append("image")
    .attr("href", canvas.toDataURL())
    .attr("x", x(0))
    .attr("y", y(0))
    .attr("width", x(cols) - x(0))
    .attr("height", y(rows) - y(0))
    .attr("preserveAspectRatio", "none")
    .style("image-rendering", "pixelated");

  const ticks = svg.append("g").attr("fill", "currentColor").attr("font-size", FONT);
  const cellWidth = x(1) - x(0);
  const cellHeight = y(1) - y(0);
  for (const i of shown(rows, cellHeight, FONT + 2)) {
    const at = y(i + 0.5);
    ticks
      .append("line")
      .attr("x1", x(0) - TICK)
      .attr("x2", x(0))
      .attr("y1", at)
      .attr("y2", at)
      .attr("stroke", "currentColor");
    ticks
      .append("text")
      .attr("x", x(0) - TICK - 2)
      .attr("y", at)
      .attr("dy", "0.32em")
      .attr("text-anchor", "end")
      .text(rowTexts[i]);
  }
  for (const j of colsShown) {
    const at = x(j + 0.5);
    const base = y(rows);
    ticks
      .append("line")
      .attr("x1", at)
      .attr("x2", at)
      .attr("y1", base)
      .attr("y2", base + TICK)
      .attr("stroke", "currentColor");
    const label = ticks.append("text").text(colTexts[j]);
    if (upright)
      label
        .attr("transform", `translate(${at},${base + TICK + 2}) rotate(-90)`)
        .attr("dy", "0.32em")
        .attr("text-anchor", "end");
    else
      label
        .attr("x", at)
        .attr("y", base + TICK + 2)
        .attr("dy", "0.71em")
        .attr("text-anchor", "middle");
  }
  axisTitles(svg, {left: x(0), right: x(cols), top: y(0), bottom: y(rows)}, height - READOUT_BAND, {xLabel, yLabel});

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
    .attr("x", width - margin.right + 10)
    .attr("width", 10)
    .attr("y", (v) => legend(v))
    .attr("height", (y(rows) - y(0)) / 32 + 0.5)
    .attr("fill", (v) => scale(v));
  svg
    .append("g")
    .attr("transform", `translate(${width - margin.right + 20},0)`)
    .call(d3.axisRight(legend).ticks(4).tickFormat(d3.format(".2~g")));

  // What one cell is, in words: "query 5 ·God, key 2 ·said: weight 0.25".
  const describe = (i: number, j: number) =>
    `${yLabel || "row"} ${rowName(i)}, ${xLabel || "column"} ${colName(j)}: ${valueLabel ? `${valueLabel} ` : ""}${format(values[i][j])}`;
  if (rows * cols <= TITLED_CELLS) {
    svg
      .append("g")
      .attr("class", "heatmap-cells")
      .attr("fill", "transparent")
      .selectAll("rect")
      .data(d3.cross(d3.range(rows), d3.range(cols)))
      .join("rect")
      .attr("x", ([, j]) => x(j))
      .attr("y", ([i]) => y(i))
      .attr("width", cellWidth)
      .attr("height", cellHeight)
      .append("title")
      .text(([i, j]) => describe(i, j));
  }
  const readout = svg
    .append("text")
    .attr("class", "heatmap-readout")
    .attr("x", 4)
    .attr("y", height - 4)
    .attr("fill", "currentColor")
    .attr("font-size", 11);
  svg.on("pointermove", (event: PointerEvent) => {
    const [px, py] = d3.pointer(event);
    const j = Math.floor(x.invert(px));
    const i = Math.floor(y.invert(py));
    readout.text(i >= 0 && i < rows && j >= 0 && j < cols ? describe(i, j) : "");
  });

  return figure(svg.node()!, {
    ...options,
    summary: options.summary ?? `Heatmap of a ${rows} by ${cols} matrix, values from ${format(lo)} to ${format(hi)}.`
  });
}
