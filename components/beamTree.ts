// Beam search drawn as a tree: one column per step, every candidate the search scored, the kept ones joined to the
// beam they extend and labelled with their cumulative log-probability, the dropped ones faded.
import * as d3 from "d3";
import type {BeamResult} from "../src/generation/index.js";
import {figure, type FigureOptions} from "./figure.js";

interface Node {
  step: number;
  token: number;
  logProbability: number;
  kept: boolean;
  parent?: Node;
  y: number;
}

export function beamTree(
  result: BeamResult,
  decode: (id: number) => string,
  endOfText: number,
  {width = 720, ...options}: FigureOptions & {width?: number} = {}
): HTMLElement {
  const steps = d3.max(result.candidates, (c) => c.step + 1) ?? 0;
  // the live beams of each step are the kept candidates of the step before that did not end the text, in order
  const root: Node = {step: -1, token: -1, logProbability: 0, kept: true, y: 0};
  let live: Node[] = [root];
  const nodes: Node[] = [];
  for (let step = 0; step < steps; step++) {
    const here = result.candidates.filter((c) => c.step === step).map((c) => ({...c, parent: live[c.parent], y: 0}));
    nodes.push(...here);
    live = here.filter((c) => c.kept && c.token !== endOfText);
  }
  const rowsPerStep = d3.max(d3.range(steps), (s) => nodes.filter((n) => n.step === s).length) ?? 1;
  // a node is two lines, the token over its cumulative log-probability, so a column is only as wide as its tokens
  const row = 26;
  const height = Math.max(120, rowsPerStep * row + 24);
  const token = (n: Node) => (n.token === endOfText ? "⟨end⟩" : decode(n.token).replace(/\n/g, "↵"));
  const textWidth = (n: Node) => Math.max(token(n).length, 5) * 6.5; // about 6.5 px a character at 11 px
  const widest = d3.max(nodes, textWidth) ?? 32;
  // wide enough for the widest node and the links before it; wider when the page has room
  const column = Math.max(widest + 28, (Math.max(width, 320) - 60 - widest) / Math.max(steps, 1));
  const x = (step: number) => 60 + step * column;
  const w = x(steps - 1) + widest + 4;
  for (let step = 0; step < steps; step++) nodes.filter((n) => n.step === step).forEach((n, i) => (n.y = 16 + i * row));
  root.y = 16;
  const end = (n: Node) => (n === root ? 50 : x(n.step) + textWidth(n) + 3);

  const svg = d3
    .create("svg")
    .attr("width", w)
    .attr("height", height)
    .attr("viewBox", [0, 0, w, height])
    .attr("font-size", 11);
  svg
    .append("text")
    .attr("x", 6)
    .attr("y", root.y + 4)
    .attr("fill", "currentColor")
    .text("prompt");
  svg
    .append("g")
    .attr("fill", "none")
    .attr("stroke", "currentColor")
    .selectAll("path")
    .data(nodes.filter((n) => n.parent))
    .join("path")
    .attr("stroke-opacity", (n) => (n.kept ? 0.6 : 0.12))
    .attr("d", (n) => {
      const [from, to] = [end(n.parent!), x(n.step) - 3];
      return `M${from},${n.parent!.y} C${(from + to) / 2},${n.parent!.y} ${(from + to) / 2},${n.y} ${to},${n.y}`;
    });
  const g = svg
    .append("g")
    .selectAll("g")
    .data(nodes)
    .join("g")
    .attr("transform", (n) => `translate(${x(n.step)},${n.y})`)
    .attr("opacity", (n) => (n.kept ? 1 : 0.45))
    .attr("fill", "currentColor");
  g.append("text")
    .attr("y", 4)
    .attr("font-weight", (n) => (n.kept ? 600 : 400))
    .text(token);
  g.append("text")
    .attr("y", 14)
    .attr("font-size", 9)
    .text((n) => n.logProbability.toFixed(2));
  const best = result.hypotheses[0];
  const summary = `Beam search over ${steps} steps, ${nodes.length} candidates scored, ${nodes.filter((n) => n.kept).length} kept. Best: “${best ? best.tokens.map(decode).join("") : ""}”, log-probability ${best?.logProbability.toFixed(2)}.`;
  const element = figure(svg.node()!, {...options, summary: options.summary ?? summary});
  element.classList.add("wide"); // the page's width, not a paragraph's: every step in view where it fits
  element.style.overflowX = "auto";
  element.tabIndex = 0; // a scrollable region must be reachable by keyboard
  return element;
}
