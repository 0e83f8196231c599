// Several named series on shared axes, with a legend: dimensions of an encoding against position, say.
import * as d3 from "d3";
import {axes} from "./axisTitles.js";
import {figure, type FigureOptions} from "./figure.js";

export interface Series {
  name: string;
  points: [number, number][];
}

export interface LinePlotOptions extends FigureOptions {
  width?: number;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  yType?: "linear" | "log";
  /**
   * The least ranges the axes show, widened only where points fall outside them: a run that adds points within them
   * never moves its axes, which are then not drawn again at every frame.
   */
  yDomain?: [number, number];
  xDomain?: [number, number];
  /** Draw a dot at every point as well as the line (for short series). */
  dots?: boolean;
}

const MARGIN = {top: 12, right: 16, bottom: 36, left: 52};

/** A line plot that a run can redraw in place: `update` draws new points into the same SVG, without a new figure. */
export type LivePlot = HTMLElement & {update(series: Series[]): void};

export function linePlot(series: Series[], options: LinePlotOptions = {}): LivePlot {
  const width = Math.max(options.width ?? 640, 200);
  const height = Math.max(options.height ?? 260, 120);
  const {xLabel = "", yLabel = "", yType = "linear", dots = false} = options;
  const color = d3.scaleOrdinal<string>(d3.schemeTableau10).domain(series.map((s) => s.name));
  const svg = d3.create("svg").attr("width", width).attr("height", height).attr("viewBox", [0, 0, width, height]);
  // the axes are drawn again only when their domains change: a run that adds points mostly moves the lines alone
  let domains = "";
  let line: d3.Line<[number, number]>;
  let dot: (p: [number, number]) => [number, number];

  function draw(series: Series[]): void {
    const all = series.flatMap((s) => s.points);
    const within = (least: [number, number] | undefined, values: number[]) =>
      d3.extent([...(least ?? []), ...values]) as [number, number];
    const xs = within(
      options.xDomain,
      all.map((p) => p[0])
    );
    const ys = within(
      options.yDomain,
      all.map((p) => p[1])
    );
    const x = d3
      .scaleLinear()
      .domain(xs)
      .range([MARGIN.left, width - MARGIN.right]);
    const y = (yType === "log" ? d3.scaleLog() : d3.scaleLinear())
      .domain(ys)
      .nice()
      .range([height - MARGIN.bottom, MARGIN.top]);
    const drawn = JSON.stringify([x.domain(), y.domain()]);
    if (drawn !== domains) {
      domains = drawn;
      svg.selectChildren().remove();
      axes(svg, x, y, {width, height, margin: MARGIN, xLabel, yLabel, yFormat: yType === "log" ? "~s" : undefined});
      svg.append("g").attr("class", "series");
      line = d3.line<[number, number]>(
        (p) => x(p[0]),
        (p) => y(p[1])
      );
      dot = (p) => [x(p[0]), y(p[1])];
    }
    const groups = svg
      .select("g.series")
      .selectAll<SVGGElement, Series>("g")
      .data(series)
      .join((enter) => {
        const group = enter.append("g").attr("color", (s) => color(s.name));
        group.append("path").attr("fill", "none").attr("stroke", "currentColor").attr("stroke-width", 1.5);
        return group;
      });
    groups.select("path").attr("d", (s) => line(s.points));
    if (dots) {
      groups
        .selectAll("circle")
        .data((s) => s.points)
        .join("circle")
        .attr("cx", (p) => dot(p)[0])
        .attr("cy", (p) => dot(p)[1])
        .attr("r", 2.5)
        .attr("fill", "currentColor");
    }
  }
  draw(series);

  const element = figure(svg.node()!, {
    ...options,
    summary: options.summary ?? `Line plot of ${series.map((s) => s.name).join(", ")} against ${xLabel || "x"}.`
  }) as LivePlot;
  if (series.length > 1)
    element.prepend(
      legend(
        series.map((s) => s.name),
        color
      )
    );
  element.update = draw;
  return element;
}

function legend(names: string[], color: (name: string) => string): HTMLElement {
  const list = document.createElement("div");
  list.className = "plot-legend";
  for (const name of names) {
    const item = document.createElement("span");
    const swatch = document.createElement("span");
    swatch.className = "plot-swatch";
    swatch.style.background = color(name);
    item.append(swatch, name);
    list.append(item);
  }
  return list;
}
