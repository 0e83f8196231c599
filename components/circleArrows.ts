// Points on the unit circle joined by arrows: one pair of dimensions of an encoding, moved from position pos to
// pos + k. If every arrow turns by the same angle, moving by k is a rotation.
import * as d3 from "d3";
import {figure, type FigureOptions} from "./figure.js";

export interface Arrow {
  from: [number, number];
  to: [number, number];
  label: string;
}

export function circleArrows(
  arrows: Arrow[],
  {
    width = 320,
    xLabel = "",
    yLabel = "",
    ...options
  }: FigureOptions & {width?: number; xLabel?: string; yLabel?: string} = {}
): HTMLElement {
  const size = Math.max(200, Math.min(width, 360));
  const scale = d3
    .scaleLinear()
    .domain([-1.25, 1.25])
    .range([24, size - 24]);
  const flip = d3
    .scaleLinear()
    .domain([-1.25, 1.25])
    .range([size - 24, 24]);
  const color = d3.scaleOrdinal<string>(d3.schemeTableau10);
  const svg = d3.create("svg").attr("width", size).attr("height", size).attr("viewBox", [0, 0, size, size]);
  const marker = `arrow-${Math.random().toString(36).slice(2)}`; // unique per figure on the page
  svg
    .append("defs")
    .append("marker")
    .attr("id", marker)
    .attr("viewBox", "0 0 10 10")
    .attr("refX", 9)
    .attr("refY", 5)
    .attr("markerWidth", 6)
    .attr("markerHeight", 6)
    .attr("orient", "auto-start-reverse")
    .append("path")
    .attr("d", "M0,0L10,5L0,10z")
    .attr("fill", "context-stroke");
  svg
    .append("circle")
    .attr("cx", scale(0))
    .attr("cy", flip(0))
    .attr("r", scale(1) - scale(0))
    .attr("fill", "none")
    .attr("stroke", "currentColor")
    .attr("stroke-opacity", 0.3);
  svg
    .append("g")
    .attr("transform", `translate(0,${flip(0)})`)
    .call(d3.axisBottom(scale).ticks(5))
    .attr("opacity", 0.5);
  svg
    .append("g")
    .attr("transform", `translate(${scale(0)},0)`)
    .call(d3.axisLeft(flip).ticks(5))
    .attr("opacity", 0.5);
  svg
    .append("text")
    .attr("x", size - 4)
    .attr("y", flip(0) + 30)
    .attr("text-anchor", "end")
    .attr("fill", "currentColor")
    .text(xLabel);
  svg
    .append("text")
    .attr("x", scale(0) + 6)
    .attr("y", 14)
    .attr("fill", "currentColor")
    .text(yLabel);
  const g = svg
    .append("g")
    .selectAll("g")
    .data(arrows)
    .join("g")
    .attr("color", (_, i) => color(String(i)));
  g.append("line")
    .attr("x1", (a) => scale(a.from[0]))
    .attr("y1", (a) => flip(a.from[1]))
    .attr("x2", (a) => scale(a.to[0]))
    .attr("y2", (a) => flip(a.to[1]))
    .attr("stroke", "currentColor")
    .attr("stroke-width", 1.5)
    .attr("marker-end", `url(#${marker})`);
  g.append("circle")
    .attr("cx", (a) => scale(a.from[0]))
    .attr("cy", (a) => flip(a.from[1]))
    .attr("r", 3)
    .attr("fill", "currentColor");
  g.append("title").text((a) => a.label);
  return figure(svg.node()!, {
    ...options,
    summary: options.summary ?? `${arrows.length} arrows on the unit circle: ${arrows.map((a) => a.label).join("; ")}.`
  });
}
