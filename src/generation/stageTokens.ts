// Which tokens a plot of a pipeline's stages should show. Each stage's own likeliest tokens, and beside them the
// tokens a stage changed that the reader asked about (banned by a filter, lowered by the penalty), at every stage, so
// a banned token is seen to go and a penalised one to fall even when it was never among the likeliest.
import {topIndices} from "../linalg/index.js";
import type {Stage} from "./pipeline.js";

/** The tokens whose score a stage changed, at most `limit` of them, the highest-scored before the stage first. */
export function changedTokens(before: Stage, after: Stage, limit: number): number[] {
  // the changed ones first (a filter changes a few), then ordered: never an ordering of the whole vocabulary
  const changed: number[] = [];
  for (let i = 0; i < before.values.length; i++) if (after.values[i] !== before.values[i]) changed.push(i);
  return topIndices(
    changed.map((i) => before.values[i]),
    limit
  ).map((j) => changed[j]);
}

/** The stage's `count` highest-scored tokens and the `tracked` ones, highest-scored at this stage first. */
export function stageTokens(stage: Stage, count: number, tracked: Iterable<number>): number[] {
  const shown = [...new Set([...topIndices(stage.values, count), ...tracked])];
  return shown.sort((a, b) => stage.values[b] - stage.values[a] || a - b);
}
