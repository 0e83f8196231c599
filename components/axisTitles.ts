import type {Selection} from "d3";

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
