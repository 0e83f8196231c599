// What a training lesson says about a trainer's reports, in one place: the run's state, a run blowing up, and how a
// comparison of models stands. Plain functions of the reports, so the sentences follow the numbers they state.
import type {ComparisonRow, NextTokenReport} from "./nextTokenTrainer.js";

export type RunState = "Ready" | "Training" | "Paused" | "Diverged";

/** A run's state from its report: no step yet is Ready, a step whose loss was not a number is Diverged. */
export function runState({training, step, diverged}: {training: boolean; step: number; diverged?: number}): RunState {
  if (diverged !== undefined) return "Diverged";
  if (training) return "Training";
  return step ? "Paused" : "Ready";
}

/** How far above the untrained model's held-out loss a later one must be to call the run blowing up, in nats. */
export const BLOW_UP_NATS = 1;

/**
 * The latest held-out loss and the untrained model's, when the first exceeds the second by BLOW_UP_NATS. Held-out,
 * not training, loss: it is cross-entropy whatever loss the reader trains with, so the two compare on one scale.
 */
export function blowingUp(
  progress: Extract<NextTokenReport, {type: "progress"}>
): {loss: number; untrained: number} | undefined {
  const [first, latest] = [progress.heldOut[0], progress.heldOut.at(-1)];
  if (!first || !latest || latest === first) return undefined;
  const [loss, untrained] = [latest[1], first[1]];
  return loss > untrained + BLOW_UP_NATS ? {loss, untrained} : undefined;
}

/** Where a comparison stands, as a sentence: the model training, where it stopped, or done. */
export function comparisonStatus(
  {rows, running, seconds}: Extract<NextTokenReport, {type: "comparison"}>,
  models: number
): string {
  if (running) return `Training ${running} (${rows.length + 1} of ${models}).`;
  if (rows.length < models) return `Stopped after ${rows.length} of ${models} models.`;
  return `Done: ${models} models, ${seconds} s each.`;
}

/** The row of lowest held-out loss, the first of equals; undefined for no rows. */
export const bestRow = (rows: readonly ComparisonRow[]): ComparisonRow | undefined =>
  rows.reduce<ComparisonRow | undefined>(
    (best, row) => (!best || row.heldOutLoss < best.heldOutLoss ? row : best),
    undefined
  );
