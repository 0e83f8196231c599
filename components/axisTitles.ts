import * as d3 from "d3";
import type {AxisScale, Selection} from "d3";

export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Names the axes of a plot: the x title under the plot area, the y title turned along its left side. */
export function axisTitles(
  svg: Selection<SVGSVGElement, undefined, null, undefined>,
  area: PlotArea,
  height: number,
  {xLabel = "", yLabel = ""}: {xLabel?: string; yLabel?: string}
): void {
  const title = (text: string) =>
    svg.append("text").attr("text-anchor", "middle").attr("fill", "currentColor").text(text);
  title(xLabel)
    .attr("x", (area.left + area.right) / 2)
    .attr("y", height - 4);
  title(yLabel).attr("transform", `translate(12,${(area.top + area.bottom) / 2}) rotate(-90)`);
}

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** Draws a plot's x axis along its bottom and y axis along its left, and names both. */
export function axes(
  svg: Selection<SVGSVGElement, undefined, null, undefined>,
  x: AxisScale<d3.NumberValue>,
  y: AxisScale<d3.NumberValue>,
  {
    width,
    height,
    margin,
    xLabel,
    yLabel,
    yTicks = height / 40,
    yFormat
  }: {
    width: number;
    height: number;
    margin: Margin;
    xLabel?: string;
    yLabel?: string;
    yTicks?: number;
    yFormat?: string;
  }
): void {
  svg
    .append("g")
    .attr("transform", `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).ticks(width / 80));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y).ticks(yTicks, yFormat));
  axisTitles(
    svg,
    {left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom},
    height,
    {xLabel, yLabel}
  );
}
