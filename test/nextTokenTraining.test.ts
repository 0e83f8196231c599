import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {servedTrainer} from "./trainerChannel.js";
import {
  adamW,
  batchParts,
  capText,
  completed,
  corpus,
  MAX_TEXT,
  MODELS,
  nextTokenModel,
  nextTokenRun,
  PART_TOKENS,
  serveNextTokenTrainer,
  tokenBatch,
  trainStep,
  trainStepInParts,
  type NextTokenReport,
  type NextTokenRequest,
  type LanguageModel,
  type NextTokenSettings,
  type RunSettings
} from "../src/learning/index.js";
import {seededRandom} from "../src/random.js";
import {characterTokenizer} from "../src/tokenizer/index.js";

const genesis = readFileSync(new URL("../data/datasets/kjv-genesis.txt", import.meta.url), "utf8");
const text = genesis.slice(0, 20_000);
const small: RunSettings = {
  model: "Transformer",
  context: 16,
  width: 16,
  layers: 1,
  batch: 4,
  lr: 3e-3,
  clip: 1,
  seed: 1
};

describe("characterTokenizer", () => {
  it("numbers the text's distinct characters in code-point order and decodes what it encodes", () => {
    const tokenizer = characterTokenizer("hello, world");
    assert.deepEqual(tokenizer.characters, [" ", ",", "d", "e", "h", "l", "o", "r", "w"]);
    assert.equal(tokenizer.vocabSize, 9);
    assert.equal(tokenizer.decode(tokenizer.encode("world, hello")), "world, hello");
    assert.throws(() => tokenizer.encode("x"), /"x" is not in the vocabulary/);
  });
});

describe("corpus", () => {
  it("holds out the text's last tenth, and the two parts join into the whole text", () => {
    const data = corpus(text, "characters", 16);
    assert.equal(data.heldOut.length, Math.round(text.length / 10));
    assert.equal(data.decode([...data.train, ...data.heldOut]), text);
    assert.equal(data.vocabSize, new Set(text).size);
  });

  it("reads the BPE vocabulary from the text: its distinct GPT-2 pieces, end-of-text and unknown", () => {
    const data = corpus(text, "BPE", 16);
    assert.equal(data.vocabSize, new Set([...data.train, ...data.heldOut]).size + 2);
    assert.equal(data.decode([...data.train, ...data.heldOut]), text);
  });

  it("refuses a text too short for a window in either part, saying how long it must be", () => {
    assert.throws(() => corpus("In the beginning", "characters", 16), /16 tokens long \(characters\).*at least 170/);
  });

  it("leaves a prompt's unknown characters out", () => {
    assert.equal(corpus(text, "characters", 16).decode(corpus(text, "characters", 16).encode("Gøod")), "God");
  });

  it("cuts a text over MAX_TEXT characters, saying so", () => {
    assert.deepEqual(capText("short"), {text: "short"});
    const {text: cut, note} = capText("a".repeat(MAX_TEXT + 5));
    assert.equal(cut.length, MAX_TEXT);
    assert.match(note!, /has 1,000,005 characters; training reads its first 1,000,000/);
  });
});

describe("nextTokenRun", () => {
  const data = corpus(text, "characters", 16);
  it("repeats the same losses for the same seed, and others for another seed", () => {
    const losses = (seed: number) => {
      const run = nextTokenRun(data, {...small, seed});
      return Array.from({length: 4}, () => run.step().loss);
    };
    assert.deepEqual(losses(2), losses(2));
    assert.notDeepEqual(losses(2), losses(3));
  });

  it("lowers every model's held-out loss within 60 steps", () => {
    for (const model of MODELS) {
      const run = nextTokenRun(data, {...small, model, lr: 1e-2});
      const before = run.heldOutLoss();
      for (let i = 0; i < 60; i++) run.step();
      assert.ok(run.heldOutLoss() < before - 0.3, `${model}: ${before} -> ${run.heldOutLoss()}`);
    }
  });

  it("clips the gradient's norm to the setting, and leaves it alone without clipping", () => {
    const clipped = nextTokenRun(data, {...small, clip: 0.1}).step();
    assert.ok(clipped.gradNorm > 0.1 && Math.abs(clipped.clippedNorm - 0.1) < 1e-3);
    const free = nextTokenRun(data, {...small, clip: Infinity}).step();
    assert.equal(free.clippedNorm, free.gradNorm);
  });

  it("does a step of more than PART_TOKENS tokens in parts, giving way between them, and the run is step()'s", () => {
    // 80 windows of 16 tokens: parts of 32, 32 and 16 windows
    const large = {...small, batch: 80};
    const [parted, whole] = [nextTokenRun(data, large), nextTokenRun(data, large)];
    const rows = PART_TOKENS / large.context;
    for (let i = 0; i < 3; i++) {
      let pauses = 0;
      let report = parted.part();
      for (; !report; report = parted.part()) pauses++;
      assert.equal(pauses, Math.ceil(large.batch / rows) - 1);
      assert.deepEqual(report, whole.step());
    }
    assert.equal(parted.steps, 3);
  });

  it("gives a step in parts the whole batch's loss and gradient, to float rounding", () => {
    const model = () => nextTokenModel(small, data.vocabSize, seededRandom(4));
    const [one, parted] = [model(), model()];
    const batch = tokenBatch(data.train, 10, small.context, seededRandom(5));
    const optimizer = (m: LanguageModel) => adamW(Object.values(m.params), {lr: small.lr});
    const whole = trainStep(one, optimizer(one), batch, small.clip);
    const parts = completed(trainStepInParts(parted, optimizer(parted), batchParts(batch, 4), small.clip));
    for (const key of ["loss", "gradNorm", "clippedNorm"] as const)
      assert.ok(Math.abs(parts[key] - whole[key]) < 1e-5 * whole[key], `${key}: ${parts[key]} against ${whole[key]}`);
    // the gradients the update used (Adam's first step turns a rounding-sized gradient, as a key's bias has, into a
    // full step of either sign, so the weights are no test of it)
    for (const [name, p] of Object.entries(one.params)) {
      const q = parted.params[name].grad!;
      assert.ok(
        p.grad!.every((g, i) => Math.abs(g - q[i]) < 1e-6 * whole.clippedNorm),
        `${name}: the gradient differs`
      );
    }
  });

  it("continues a prompt greedily the same way twice", async () => {
    const run = nextTokenRun(data, small);
    const continuation = async () => {
      const ids: number[] = [];
      for await (const id of run.continuation(data.encode("And God"), 10, "greedy")) ids.push(id);
      return ids;
    };
    const first = await continuation();
    assert.equal(first.length, 10);
    assert.deepEqual(await continuation(), first);
  });
});

const trainer = () => servedTrainer<NextTokenRequest, NextTokenReport>(serveNextTokenTrainer);

const settings: NextTokenSettings = {...small, text, tokenization: "characters", prompt: "And God said"};

describe("serveNextTokenTrainer", () => {
  it("trains when told, reports losses, held-out loss and norms, samples, stops on Pause, and Reset starts at 0", async () => {
    const {send, until, of, close} = trainer();
    send({type: "reset", settings});
    await until(() => of("progress").length > 0 && of("samples").length > 0);
    const first = of("progress")[0];
    assert.equal(first.step, 0);
    assert.equal(first.vocabSize, new Set(text).size);
    assert.equal(first.heldOut.length, 1);
    assert.equal(of("samples")[0].prompt, "And God said");
    assert.equal(of("samples")[0].greedy.length, 80);
    send({type: "train"});
    await until(() => of("progress").at(-1)!.step > 30);
    send({type: "pause"});
    await until(() => !of("progress").at(-1)!.training);
    const paused = of("progress").at(-1)!;
    assert.ok(paused.losses.length > 0 && paused.losses.every(([, loss]) => Number.isFinite(loss)));
    assert.ok(paused.gradNorms.every(([, before, after]) => after <= Math.max(before, small.clip + 1e-4)));
    assert.equal(paused.heldOut.at(-1)![0], paused.step);
    assert.ok(paused.tokensPerSecond > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(of("progress").at(-1)!.step, paused.step, "it trained on after Pause");
    send({type: "reset", settings});
    await until(() => of("progress").at(-1)!.step === 0);
    close();
  });

  it("trains on through a change of settings, even one that arrives just after Train, and waits after Reset", async () => {
    const {send, until, of, close} = trainer();
    send({type: "reset", settings});
    // Train pressed as a setting changed: the page's reset for the new setting arrives after it
    send({type: "train"});
    send({type: "reset", settings: {...settings, lr: 3e-3}, keepTraining: true});
    await until(() => (of("progress").at(-1)?.step ?? 0) > 3);
    assert.ok(of("progress").at(-1)!.training);
    send({type: "reset", settings});
    await until(() => of("progress").at(-1)!.step === 0 && !of("progress").at(-1)!.training);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(of("progress").at(-1)!.step, 0, "it trained after Reset");
    // a change of settings while paused starts the new run paused
    send({type: "reset", settings: {...settings, lr: 3e-3}, keepTraining: true});
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.deepEqual([of("progress").at(-1)!.step, of("progress").at(-1)!.training], [0, false]);
    close();
  });

  it("gives the same losses at the same steps for the same seed", async () => {
    const losses = async () => {
      const {send, until, of, close} = trainer();
      send({type: "reset", settings});
      send({type: "train", steps: 12});
      await until(() => of("progress").some((p) => p.step === 12 && !p.training));
      const end = of("progress").find((p) => p.step === 12 && !p.training)!;
      close();
      return {last: end.last, heldOut: end.heldOut.filter(([step]) => step === 0 || step === 12)};
    };
    assert.deepEqual(await losses(), await losses());
  });

  it("loses nothing when paused in the middle of a step: the run is the one trained without pauses", async () => {
    // windows of 16 tokens, 96 to a batch: each step in three parts, so most pauses fall inside one
    const large = {...settings, batch: 96};
    const uninterrupted = async (pause: boolean) => {
      const {send, until, of, close} = trainer();
      send({type: "reset", settings: large});
      send({type: "train", steps: 6});
      for (let i = 0; pause && i < 12; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5 + ((i * 7) % 11)));
        const before = of("progress").length;
        send({type: "pause"});
        await until(() =>
          of("progress")
            .slice(before)
            .some((p) => !p.training)
        );
        const {step} = of("progress")
          .slice(before)
          .find((p) => !p.training)!;
        if (step === 6) break;
        send({type: "train", steps: 6 - step});
      }
      await until(() => of("progress").some((p) => p.step === 6 && !p.training));
      const end = of("progress").find((p) => p.step === 6 && !p.training)!;
      close();
      return {last: end.last, heldOut: end.heldOut.find(([step]) => step === 6)};
    };
    assert.deepEqual(await uninterrupted(true), await uninterrupted(false));
  });

  it("refuses a text too short and keeps the run it has", async () => {
    const {send, until, of, reports, close} = trainer();
    send({type: "reset", settings});
    await until(() => of("progress").length > 0);
    send({type: "reset", settings: {...settings, text: "Too short"}});
    await until(() => of("rejected").length > 0);
    assert.match(of("rejected")[0].message, /9 tokens long/);
    send({type: "train", steps: 3});
    await until(() => of("progress").some((p) => p.step === 3));
    assert.equal(reports.filter((r) => r.type === "progress" && r.step === 0).length, 1);
    close();
  });

  it("stops a run whose loss is no longer a number, and says at which step", async () => {
    const {send, until, of, close} = trainer();
    send({type: "reset", settings: {...settings, lr: 1e6, clip: Infinity}});
    send({type: "train"});
    await until(() => of("progress").some((p) => p.diverged !== undefined));
    const end = of("progress").find((p) => p.diverged !== undefined)!;
    assert.equal(end.training, false);
    assert.equal(end.step, end.diverged);
    close();
  });

  it("compares every model for the same time, one row each, and Stop ends a comparison", async () => {
    const {send, until, of, close} = trainer();
    send({type: "reset", settings});
    send({type: "compare", seconds: 0.1});
    await until(() => of("comparison").some((c) => c.done));
    const {rows} = of("comparison").find((c) => c.done)!;
    assert.deepEqual(
      rows.map((r) => r.model),
      [...MODELS]
    );
    for (const row of rows) {
      assert.ok(row.steps > 0 && row.parameters > 0 && row.tokensPerSecond > 0 && Number.isFinite(row.heldOutLoss));
      assert.equal(row.sample.length, 80);
    }
    const before = of("comparison").length;
    send({type: "compare", seconds: 60});
    await until(() => of("comparison").length > before + 1);
    send({type: "stop"});
    await until(() => of("comparison").at(-1)!.done);
    assert.equal(of("comparison").at(-1)!.rows.length, 0);
    close();
  });

  it("trains with a reader's loss of p, keeps the held-out loss cross-entropy, and goes back to the last good loss when one fails", async () => {
    const {send, until, of, close} = trainer();
    send({type: "reset", settings});
    send({type: "rule", name: "tokenLoss", source: "function tokenLoss(p: number): number {\n  return Math.log(;\n}"});
    await until(() => of("rule").length > 0);
    assert.deepEqual([of("rule")[0].name, of("rule")[0].error!.line], ["tokenLoss", 2]);
    // 1 − p: the training loss is its mean, between 0 and 1, and the untrained model's near 1 − 1/vocabulary
    send({type: "rule", name: "tokenLoss", source: "function tokenLoss(p: number): number {\n  return 1 - p;\n}"});
    await until(() => of("rule").length > 1);
    assert.equal(of("rule")[1].error, undefined);
    send({type: "train", steps: 2});
    await until(() => of("progress").some((p) => p.step === 2 && !p.training));
    const end = of("progress").find((p) => p.step === 2 && !p.training)!;
    assert.ok(end.last!.loss > 0.9 && end.last!.loss < 1, JSON.stringify(end.last));
    assert.ok(end.heldOut.at(-1)![1] > 3, "the held-out loss is not cross-entropy");
    // passes the trainer's trials (p = 0.0001, 0.5 and 1), then gives NaN on the first real step
    send({
      type: "rule",
      name: "tokenLoss",
      source: "function tokenLoss(p: number): number {\n  return [1e-4, 0.5, 1].includes(p) ? -Math.log(p) : NaN;\n}"
    });
    await until(() => of("rule").length > 2);
    assert.equal(of("rule")[2].error, undefined);
    send({type: "train", steps: 1});
    await until(() => of("rule").length > 3 && of("progress").some((p) => p.step === 3 && !p.training));
    assert.match(of("rule")[3].error!.message, /^tokenLoss\(0\.\d+\) should be a finite number, not NaN\.$/);
    // back on 1 − p: the step that failed is taken again with it
    const after = of("progress").find((p) => p.step === 3)!.last!;
    assert.ok(after.loss > 0.9 && after.loss < 1, JSON.stringify(after));
    close();
  });

  it("takes a reader's clipping rule, refuses one that does not compile at its line, and goes back to the last good one when one fails", async () => {
    const {send, until, of, close} = trainer();
    send({type: "reset", settings: {...settings, clip: 0.5}});
    send({
      type: "rule",
      name: "clipScale",
      source: "function clipScale(norm: number, maxNorm: number): number {\n  return norm +;\n}"
    });
    await until(() => of("rule").length > 0);
    assert.equal(of("rule")[0].error!.line, 2);
    // half the usual clipping: the norm after is half the limit
    send({
      type: "rule",
      name: "clipScale",
      source:
        "function clipScale(norm: number, maxNorm: number): number {\n  return Math.min(1, maxNorm / norm) / 2;\n}"
    });
    await until(() => of("rule").length > 1);
    assert.equal(of("rule")[1].error, undefined);
    send({type: "train", steps: 1});
    await until(() => of("progress").some((p) => p.step === 1 && !p.training));
    const {last} = of("progress").find((p) => p.step === 1)!;
    assert.ok(last!.gradNorm > 0.5 && Math.abs(last!.clippedNorm - 0.25) < 1e-3, JSON.stringify(last));
    // passes the trainer's check (norms 5 and 0.5), then throws on the first real step
    send({
      type: "rule",
      name: "clipScale",
      source:
        'function clipScale(norm: number, maxNorm: number): number {\n  if (norm !== 5 && norm !== 0.5) throw new Error("not this norm");\n  return 1;\n}'
    });
    await until(() => of("rule").length > 2);
    send({type: "train", steps: 2});
    await until(() => of("rule").length > 3 && of("progress").some((p) => p.step === 3 && !p.training));
    assert.deepEqual(of("rule")[3].error, {
      message: "Your code failed at line 2: not this norm.",
      line: 2,
      column: undefined
    });
    const after = of("progress").find((p) => p.step === 3)!.last!;
    assert.ok(Math.abs(after.clippedNorm - 0.25) < 1e-3, "training did not go back to the rule before");
    close();
  });
});
