import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {
  bestRow,
  blowingUp,
  comparisonStatus,
  runState,
  type ComparisonRow,
  type NextTokenReport
} from "../src/learning/index.js";

type Progress = Extract<NextTokenReport, {type: "progress"}>;
const progress = (heldOut: [number, number][], loss?: number): Progress => ({
  type: "progress",
  step: 10,
  training: true,
  model: "Transformer",
  tokenization: "characters",
  vocabSize: 60,
  trainTokens: 1000,
  heldOutTokens: 100,
  parameters: 500,
  tokensPerStep: 32,
  losses: [],
  heldOut,
  gradNorms: [],
  last: loss === undefined ? undefined : {loss, gradNorm: 1, clippedNorm: 1},
  tokensPerSecond: 0
});
const row = (model: ComparisonRow["model"], heldOutLoss: number): ComparisonRow => ({
  model,
  heldOutLoss,
  parameters: 1,
  steps: 1,
  tokensPerSecond: 1,
  sample: ""
});

describe("training reports", () => {
  it("name a run's state: Ready before a step, then Training or Paused, Diverged over both", () => {
    assert.equal(runState({training: false, step: 0}), "Ready");
    assert.equal(runState({training: true, step: 0}), "Training");
    assert.equal(runState({training: false, step: 5}), "Paused");
    assert.equal(runState({training: false, step: 5, diverged: 4}), "Diverged");
  });

  it("call a run blowing up only when its held-out loss is over a nat above the untrained model's", () => {
    assert.equal(blowingUp(progress([[0, 4.1]], 60)), undefined, "no evaluation after the untrained one");
    assert.equal(
      blowingUp(
        progress(
          [
            [0, 4.1],
            [10, 5]
          ],
          60
        )
      ),
      undefined,
      "a training loss of another scale (a reader's loss) is not compared"
    );
    assert.deepEqual(
      blowingUp(
        progress([
          [0, 4.1],
          [10, 2],
          [20, 5.2]
        ])
      ),
      {loss: 5.2, untrained: 4.1}
    );
  });

  it("say where a comparison stands and which model is best so far", () => {
    const report = (rows: ComparisonRow[], running?: ComparisonRow["model"]) =>
      ({type: "comparison", seconds: 15, rows, running, done: !running}) as const;
    const rows = [row("bigram", 2.3), row("MLP", 1.9), row("LSTM", 1.9)];
    assert.equal(comparisonStatus(report(rows.slice(0, 1), "MLP"), 5), "Training MLP (2 of 5).");
    assert.equal(comparisonStatus(report(rows), 5), "Stopped after 3 of 5 models.");
    assert.equal(
      comparisonStatus(report([...rows, row("attention only", 2), row("Transformer", 2)]), 5),
      "Done: 5 models, 15 s each."
    );
    assert.equal(bestRow(rows)?.model, "MLP", "the first of equals");
    assert.equal(bestRow([]), undefined);
  });
});
