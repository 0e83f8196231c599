import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {
  beamSearch,
  changedTokens,
  checkedFilter,
  cropContext,
  cropNote,
  generate,
  greedyBatch,
  minP,
  noRepeatNGram,
  pipeline,
  repetitionPenalty,
  sampleFromScores,
  samplingPipeline,
  sharedPrefixLength,
  stageTokens,
  timeTokens,
  tokensPerSecond,
  temperature,
  topK,
  topP,
  type GenerateOptions,
  type LanguageModel
} from "../src/generation/index.js";
import {argmax, checkScores, kthLargest, logSumExp, softmax, topIndices} from "../src/linalg/index.js";
import {seededRandom} from "../src/random.js";

const logits = Float32Array.from([2, 1, 0, -1, 3]);
const context = {tokens: [0, 4, 4]};
const kept = (values: Float32Array) => [...values.keys()].filter((i) => values[i] !== -Infinity);

/** A toy model over 6 tokens: the next token's logits depend on the last two tokens; its cache is each row's past. */
function toyModel(contextLength = 8, endOfText = 5): LanguageModel<number[][]> & {calls: number[][][]} {
  const calls: number[][][] = [];
  const scores = (past: number[]) => {
    const [a, b] = [past.at(-2) ?? 0, past.at(-1) ?? 0];
    return Float32Array.from({length: 6}, (_, v) => Math.sin(1.7 * v + 2.3 * b + 0.9 * a) * 3);
  };
  return {
    calls,
    contextLength,
    endOfText,
    cacheLength: (cache) => cache[0].length,
    reorder: (cache, order) => order.map((i) => cache[i]),
    async next(rows, cache) {
      calls.push(rows);
      const pasts = rows.map((row, r) => [...(cache?.[r] ?? []), ...row]);
      for (const past of pasts) assert.ok(past.length <= contextLength, `the model was given ${past.length} tokens`);
      return {logits: pasts.map(scores), cache: pasts};
    }
  };
}

async function run(model: LanguageModel<number[][]>, prompt: number[], options: GenerateOptions) {
  const tokens = [];
  let stop;
  for await (const step of generate(model, prompt, options)) {
    tokens.push(step.token);
    stop = step.stop;
  }
  return {tokens, stop};
}

describe("logits processors", () => {
  it("never change the array they are given", () => {
    const copy = logits.slice();
    for (const p of [temperature(0.5), topK(2), topP(0.5), minP(0.1), repetitionPenalty(2), noRepeatNGram(2)])
      p(logits, context);
    assert.deepEqual(logits, copy);
  });

  it("a reader's filter is checked at every call: its NaN, +Infinity, length or ban of every token is said in words", () => {
    const filter = (f: (l: Float32Array) => unknown) => checkedFilter(f, "myFilter");
    assert.deepEqual(
      [...filter((l) => l.map((v, i) => (i === 0 ? -Infinity : v)))(logits, context)],
      [-Infinity, 1, 0, -1, 3]
    );
    assert.throws(
      () => filter((l) => l.map((v, i) => (i === 3 ? NaN : v)))(logits, context),
      /myFilter gave token 3 the score NaN: a score must be a finite number, or -Infinity/
    );
    assert.throws(
      () => filter((l) => l.map((v, i) => (i === 1 ? Infinity : v)))(logits, context),
      /gave token 1 the score Infinity/
    );
    assert.throws(
      () => filter((l) => l.slice(1))(logits, context),
      /must return a Float32Array of 5 scores; it returned 4 scores/
    );
    assert.throws(() => filter(() => [1, 2, 3, 4, 5])(logits, context), /it returned object/);
    assert.throws(
      () => filter((l) => l.map(() => -Infinity))(logits, context),
      /myFilter forbade every token: nothing is left to choose/
    );
  });

  it("temperature divides the logits; 0 is refused with a pointer to greedy decoding", () => {
    assert.deepEqual([...temperature(2)(logits, context)], [1, 0.5, 0, -0.5, 1.5]);
    assert.throws(
      () => temperature(0),
      /temperature must be a positive number, got 0 \(for temperature 0, use greedy decoding\)/
    );
  });

  it("temperature near 0 puts all the mass on the largest logit, even where z / T overflows float32", () => {
    // the largest logit is the last: a NaN distribution would make the sampler fall back to token 0
    for (const t of [1e-40, 1e-30, 0.05]) {
      const probabilities = pipeline([temperature(t)]).probabilities(logits, context);
      assert.ok(probabilities.every(Number.isFinite), `T = ${t}: ${probabilities}`);
      assert.ok(probabilities[4] > 1 - 1e-6, `T = ${t}: ${probabilities}`);
      assert.equal(sampleFromScores(pipeline([temperature(t)]).scores(logits, context), seededRandom(1)), 4);
    }
    // a negative largest logit overflows the other way; tied largest logits share the mass, as the limit does
    assert.deepEqual(
      [...pipeline([temperature(1e-40)]).probabilities(Float32Array.from([-2, -1, -1]), context)],
      [0, 0.5, 0.5]
    );
  });

  it("topK(2) keeps exactly the two highest, even among ties, and all of them when k exceeds the vocabulary", () => {
    assert.deepEqual(kept(topK(2)(logits, context)), [0, 4]);
    assert.equal(kept(topK(2)(Float32Array.from([1, 1, 1]), context)).length, 2);
    assert.deepEqual(kept(topK(10)(logits, context)), [0, 1, 2, 3, 4]);
    assert.throws(() => topK(0), /top-k must be a whole number of at least 1, got 0/);
  });

  it("topP keeps what taking the likeliest tokens one by one (ties by id) until their mass reaches p keeps", () => {
    const random = seededRandom(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 30);
      // few distinct values, so that ties are common; some tokens already removed
      const scores = Float32Array.from({length: n}, () => (random() < 0.2 ? -Infinity : Math.floor(random() * 5)));
      if (scores.every((v) => v === -Infinity)) scores[0] = 1;
      const p = [0.05, 0.3, 0.5, 0.9, 0.99][trial % 5];
      const probabilities = softmax(scores);
      const order = [...probabilities.keys()].filter((i) => probabilities[i] > 0);
      order.sort((a, b) => probabilities[b] - probabilities[a] || a - b);
      const expected: number[] = [];
      let mass = 0;
      for (const i of order) {
        expected.push(i);
        mass += probabilities[i];
        if (mass >= p) break;
      }
      assert.deepEqual(
        kept(topP(p)(scores, context)),
        expected.sort((a, b) => a - b),
        `trial ${trial}`
      );
    }
  });

  it("topP(0.9) keeps the smallest set whose mass reaches 0.9, and always at least one token", () => {
    const probabilities = softmax(logits);
    const filtered = kept(topP(0.9)(logits, context));
    const mass = filtered.reduce((s, i) => s + probabilities[i], 0);
    assert.ok(mass >= 0.9);
    const without = filtered.filter((i) => probabilities[i] !== Math.min(...filtered.map((j) => probabilities[j])));
    assert.ok(without.reduce((s, i) => s + probabilities[i], 0) < 0.9, "one token fewer would not reach 0.9");
    assert.deepEqual(kept(topP(1e-9)(logits, context)), [4]);
    assert.throws(() => topP(1.5), /top-p must be in \(0, 1\], got 1.5/);
  });

  it("minP keeps tokens at least p times as likely as the best one", () => {
    const probabilities = softmax(logits);
    const survivors = kept(minP(0.3)(logits, context));
    assert.deepEqual(
      survivors,
      [...probabilities.keys()].filter((i) => probabilities[i] >= 0.3 * probabilities[4])
    );
  });

  it("the repetition penalty lowers every token already in the context, whatever its sign", () => {
    const out = repetitionPenalty(2)(Float32Array.from([2, -1, 1, 1, 3]), {tokens: [0, 1, 4]});
    assert.deepEqual([...out], [1, -2, 1, 1, 1.5]);
    assert.throws(() => repetitionPenalty(0.5), /at least 1/);
  });

  it("the sampling pipeline penalises repeats on the raw logits, before temperature and top-k, so top-k 1 can pick another token", () => {
    const pipe = samplingPipeline({repetitionPenalty: 2, temperature: 1, topK: 1, topP: 0.9});
    assert.deepEqual(
      pipe.processors.map((p) => p.label),
      ["repetition penalty 2", "temperature 1", "top-k 1", "top-p 0.9"]
    );
    // token 4 (logit 3) is in the context: 3 / 2 = 1.5 falls below token 0's 2, which top-k 1 then keeps
    assert.equal(argmax(pipe.probabilities(logits, {tokens: [4]})), 0);
    assert.equal(argmax(samplingPipeline({repetitionPenalty: 1, topK: 1}).probabilities(logits, {tokens: [4]})), 4);
  });

  it("the sampling pipeline runs the reader's processors first and leaves out the settings not given", () => {
    const mine = Object.assign((l: Float32Array) => l.slice(), {label: "mine"});
    assert.deepEqual(
      samplingPipeline({first: [mine], temperature: 0.5}).processors.map((p) => p.label),
      ["mine", "temperature 0.5"]
    );
  });

  it("no-repeat 2-gram forbids the token that would repeat a pair already seen", () => {
    // context ... 0 4 4: the pair (4, 4) was seen, so after a 4 the token 4 is forbidden
    assert.deepEqual(kept(noRepeatNGram(2)(logits, context)), [0, 1, 2, 3]);
  });

  it("a pipeline shows every stage, from logits to probabilities that sum to 1", () => {
    const stages = pipeline([temperature(0.8), topK(3), topP(0.9)]).stages(logits, context);
    assert.deepEqual(
      stages.map((s) => s.name),
      ["logits", "temperature 0.8", "top-k 3", "top-p 0.9", "probabilities"]
    );
    assert.ok(Math.abs(stages.at(-1)!.values.reduce((s, v) => s + v, 0) - 1) < 1e-6);
  });

  it("a pipeline's scores are its last processor's output, and their softmax its probabilities", () => {
    const steps = pipeline([temperature(0.8), topK(3)]);
    const stages = steps.stages(logits, context);
    assert.deepEqual(steps.scores(logits, context), stages.at(-2)!.values);
    assert.deepEqual(steps.probabilities(logits, context), stages.at(-1)!.values);
  });

  it("a stage's plot shows its own likeliest tokens and the tracked ones, and the tokens a stage changed are found", () => {
    const ban = Object.assign((l: Float32Array) => l.map((v, i) => (i === 2 ? -Infinity : v)), {label: "ban 2"});
    const [raw, banned, penalised, top] = pipeline([ban, repetitionPenalty(2), topK(2)]).stages(logits, context);
    assert.deepEqual(changedTokens(raw, banned, 5), [2]);
    assert.deepEqual(changedTokens(banned, penalised, 5), [4, 0]); // the context's tokens, highest logit first
    assert.deepEqual(changedTokens(banned, penalised, 1), [4]);
    assert.deepEqual(stageTokens(raw, 2, [2]), [4, 0, 2]);
    // top-k 2 keeps 4 (3 / 2) and 0 (2 / 2, first of a tie with 1); the removed 1 and 2 come after, in id order
    assert.deepEqual(stageTokens(top, 2, [2, 1]), [4, 0, 1, 2]);
    assert.deepEqual(topIndices([1, 3, 3, 2], 3), [1, 2, 3]);
  });

  it("kthLargest selects the k-th largest value as a full sort would, with ties, -Infinity and every k", () => {
    const random = seededRandom(7);
    for (const n of [1, 2, 3, 10, 257]) {
      for (const draw of [
        () => random(),
        () => Math.floor(random() * 4),
        () => (random() < 0.5 ? -Infinity : random())
      ]) {
        const values = Float32Array.from({length: n}, draw);
        const sorted = Float64Array.from(values).sort().reverse();
        for (let k = 1; k <= n; k++) assert.equal(kthLargest(values, k), sorted[k - 1], `n ${n}, k ${k}`);
      }
    }
  });

  it("checkScores takes one finite score per class and says what is wrong with anything else", () => {
    assert.doesNotThrow(() => checkScores([0, -2.5, 1e30], 3, "scale"));
    assert.throws(
      () => checkScores(null, 3, "scale"),
      /^TypeError: scale must give back an array of 3 numbers, not null$/
    );
    assert.throws(
      () => checkScores([1, 2], 3, "scale"),
      /^RangeError: scale must give back 3 numbers; it gave back 2$/
    );
    assert.throws(
      () => checkScores([1, NaN, 2], 3, "scale"),
      /scale gave NaN at index 1: every score must be a finite number/
    );
    assert.throws(() => checkScores([1, 2, Infinity], 3, "scale"), /gave Infinity at index 2/);
  });

  it("logSumExp is the log of softmax's denominator, for scores too large to exponentiate and with tokens removed", () => {
    const scores = Float32Array.from([1000, 999, -Infinity, 998]);
    const expected = 1000 + Math.log(1 + Math.exp(-1) + Math.exp(-2));
    assert.ok(Math.abs(logSumExp(scores) - expected) < 1e-9);
  });
});

describe("sampling", () => {
  it("draws tokens in proportion to their probabilities, the same ones for the same seed", () => {
    const probabilities = [0.1, 0.6, 0.3];
    // scores whose softmax is those probabilities, shifted and with a removed token: neither may change the draw
    const scores = Float32Array.from([...probabilities.map((p) => Math.log(p) + 40), -Infinity]);
    const rng = seededRandom(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) counts[sampleFromScores(scores, rng)]++;
    assert.equal(counts[3], 0);
    probabilities.forEach((p, i) => assert.ok(Math.abs(counts[i] / 20000 - p) < 0.015, `token ${i}: ${counts[i]}`));
    const draw = (seed: number) =>
      Array.from(
        {length: 10},
        (
          (r) => () =>
            sampleFromScores(scores, r)
        )(seededRandom(seed))
      );
    assert.deepEqual(draw(7), draw(7));
  });
});

describe("generate", () => {
  it("gives the same greedy tokens with and without the cache", async () => {
    const options: GenerateOptions = {strategy: "greedy", maxNewTokens: 20, stopAtEndOfText: false};
    const cached = await run(toyModel(64), [1, 2], options);
    const uncached = await run(toyModel(64), [1, 2], {...options, useCache: false});
    assert.deepEqual(cached.tokens, uncached.tokens);
    assert.equal(cached.stop, "max-tokens");
  });

  it("reads only the new token each step with the cache, and the whole context without it", async () => {
    const withCache = toyModel(64);
    await run(withCache, [1, 2, 3], {strategy: "greedy", maxNewTokens: 4, stopAtEndOfText: false});
    assert.deepEqual(
      withCache.calls.map((rows) => rows[0].length),
      [3, 1, 1, 1]
    );
    const without = toyModel(64);
    await run(without, [1, 2, 3], {strategy: "greedy", maxNewTokens: 4, stopAtEndOfText: false, useCache: false});
    assert.deepEqual(
      without.calls.map((rows) => rows[0].length),
      [3, 4, 5, 6]
    );
  });

  it("keeps the last contextLength tokens of a prompt that is too long, as generate_text_simple crops", async () => {
    const model = toyModel(4);
    await run(model, [0, 1, 2, 3, 4, 0, 1], {strategy: "greedy", maxNewTokens: 6, stopAtEndOfText: false});
    assert.deepEqual(model.calls[0], [[3, 4, 0, 1]]);
  });

  it("generates past the model's context, cropping it every step, with the cache and without it", async () => {
    for (const useCache of [true, false]) {
      const model = toyModel(4);
      const {tokens} = await run(model, [0, 1, 2], {
        strategy: "greedy",
        maxNewTokens: 10,
        stopAtEndOfText: false,
        useCache
      });
      assert.equal(tokens.length, 10); // the toy model refuses any call that reads more than 4 tokens
    }
  });

  it("stops at end-of-text, at a stop string (decoded), or at the token limit", async () => {
    const model = toyModel(64);
    const free = await run(model, [0], {strategy: "greedy", maxNewTokens: 30, stopAtEndOfText: false});
    const end = free.tokens[3]; // call the fourth token end-of-text: generation must stop at its first appearance
    const ended = await run(toyModel(64, end), [0], {strategy: "greedy", maxNewTokens: 30});
    assert.deepEqual(ended, {tokens: free.tokens.slice(0, free.tokens.indexOf(end) + 1), stop: "end-of-text"});
    const decode = (ids: number[]) => ids.map((i) => "abcdef"[i]).join("");
    const target = decode(free.tokens.slice(2, 4));
    const stopped = await run(toyModel(64), [0], {
      strategy: "greedy",
      maxNewTokens: 30,
      stopAtEndOfText: false,
      stopStrings: [target],
      decode
    });
    assert.equal(stopped.stop, "stop-string");
    assert.ok(decode(stopped.tokens).endsWith(target));
    await assert.rejects(
      generate(toyModel(), [0], {strategy: "greedy", maxNewTokens: 3, stopStrings: ["x"]}).next(),
      /need a decode function/
    );
  });

  it("samples reproducibly from a seed, and differently from another seed", async () => {
    const options = (seed: number): GenerateOptions => ({
      strategy: "sample",
      rng: seededRandom(seed),
      maxNewTokens: 15,
      stopAtEndOfText: false,
      pipeline: pipeline([temperature(1.5)])
    });
    const a = await run(toyModel(64), [1], options(3));
    assert.deepEqual(await run(toyModel(64), [1], options(3)), a);
    assert.notDeepEqual((await run(toyModel(64), [1], options(4))).tokens, a.tokens);
  });

  it("can be cancelled with an AbortSignal", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const step of generate(toyModel(64), [1], {
        strategy: "greedy",
        maxNewTokens: 50,
        stopAtEndOfText: false,
        signal: controller.signal
      })) {
        seen.push(step.token);
        if (seen.length === 3) controller.abort();
      }
    }, /abort/i);
    assert.equal(seen.length, 3);
  });
});

describe("cropping the context", () => {
  it("keeps the last contextLength tokens and says how many were cut", () => {
    assert.deepEqual(cropContext([1, 2, 3, 4, 5], 3), {tokens: [3, 4, 5], cut: 2});
    assert.deepEqual(cropContext([1, 2], 3), {tokens: [1, 2], cut: 0});
    assert.equal(cropNote(cropContext([1, 2], 3), "prompt"), "");
    assert.equal(
      cropNote({tokens: Array(256).fill(0), cut: 1044}, "text"),
      "Your text is 1,300 tokens, and the model reads at most 256 at once: the first 1,044 are cut."
    );
    assert.throws(() => cropContext([1], 0), /whole number of at least 1/);
  });

  it("lets greedyBatch continue past the context, every row cropped every step, as generate does alone", async () => {
    const prompts = [
      [0, 1, 2, 3, 4, 0],
      [1, 2, 3]
    ];
    const batched = await greedyBatch(toyModel(4), prompts, 8); // the toy model refuses more than 4 tokens
    for (const [b, prompt] of prompts.entries()) {
      const alone = await run(toyModel(4), prompt.slice(-3), {
        strategy: "greedy",
        maxNewTokens: 8,
        stopAtEndOfText: false
      });
      assert.deepEqual(batched[b], alone.tokens, `prompt ${b}`);
    }
  });
});

describe("beam search", () => {
  /** Every continuation of up to `length` tokens (end-of-text only last), scored as beam search scores them. */
  async function exhaustive(model: LanguageModel<number[][]>, prompt: number[], length: number, alpha: number) {
    let best = {tokens: [] as number[], score: -Infinity};
    async function extend(tokens: number[], logProbability: number) {
      const {logits} = await model.next([[...prompt, ...tokens]]);
      const logSum = logSumExp(logits[0]);
      for (let v = 0; v < logits[0].length; v++) {
        const next = [...tokens, v];
        const lp = logProbability + logits[0][v] - logSum;
        if (v === model.endOfText || next.length === length) {
          const score = lp / Math.pow(next.length, alpha);
          if (score > best.score) best = {tokens: next, score};
        } else await extend(next, lp);
      }
    }
    await extend([], 0);
    return best;
  }

  for (const alpha of [0, 1, 2]) {
    it(`finds the best continuation that exhaustive search finds, with enough beams (length penalty ${alpha})`, async () => {
      const expected = await exhaustive(toyModel(64), [2, 3], 3, alpha);
      const {hypotheses} = await beamSearch(toyModel(64), [2, 3], {
        beams: 216,
        maxNewTokens: 3,
        lengthPenalty: alpha,
        earlyStopping: "never"
      });
      assert.deepEqual(hypotheses[0].tokens, expected.tokens);
      assert.ok(Math.abs(hypotheses[0].score - expected.score) < 1e-5);
    });
  }

  it("with one beam is greedy decoding", async () => {
    const greedy = await run(toyModel(64, 99), [1, 4], {strategy: "greedy", maxNewTokens: 8});
    const {hypotheses} = await beamSearch(toyModel(64, 99), [1, 4], {beams: 1, maxNewTokens: 8});
    assert.deepEqual(hypotheses[0].tokens, greedy.tokens);
  });

  it("extends every beam in one batched model call per step, with the cache or without it", async () => {
    const model = toyModel(64, 99);
    const cached = await beamSearch(model, [1], {beams: 4, maxNewTokens: 6});
    assert.equal(cached.modelCalls, 6);
    assert.deepEqual(
      model.calls.map((rows) => rows.length),
      [1, 4, 4, 4, 4, 4]
    );
    assert.ok(
      model.calls.slice(1).every((rows) => rows.every((row) => row.length === 1)),
      "with the cache, only the new token is read"
    );
    const uncached = await beamSearch(toyModel(64, 99), [1], {beams: 4, maxNewTokens: 6, useCache: false});
    assert.deepEqual(uncached.hypotheses, cached.hypotheses);
  });

  it("records the candidates it weighed, kept or not, for drawing the search as a tree", async () => {
    const {candidates} = await beamSearch(toyModel(64, 99), [1], {beams: 2, maxNewTokens: 3});
    assert.equal(candidates.length, 3 * 4);
    assert.equal(candidates.filter((c) => c.kept).length, 3 * 2);
    await assert.rejects(
      beamSearch(toyModel(), [1], {beams: 0, maxNewTokens: 3}),
      /number of beams must be a whole number of at least 1, got 0/
    );
  });
});

describe("timing generated tokens", () => {
  it("records the context length and the time between tokens of a stream, and their rate", async () => {
    async function* three() {
      yield 1;
      yield 2;
      yield 3;
    }
    const clock = [0, 10, 30, 60].values();
    const counts: number[] = [];
    const times = await timeTokens(three(), 5, {now: () => clock.next().value!, onToken: (n) => counts.push(n)});
    assert.deepEqual(times, [
      {length: 6, milliseconds: 10},
      {length: 7, milliseconds: 20},
      {length: 8, milliseconds: 30}
    ]);
    assert.deepEqual(counts, [1, 2, 3]);
    assert.equal(tokensPerSecond(times), 50);
  });
});

describe("sharedPrefixLength", () => {
  it("counts the tokens two generations share before they first differ", () => {
    assert.equal(sharedPrefixLength([1, 2, 3], [1, 2, 3]), 3);
    assert.equal(sharedPrefixLength([1, 2, 4, 5], [1, 2, 3, 5]), 2);
    assert.equal(sharedPrefixLength([7], [8]), 0);
  });
});
