// Evaluation (surprisal, perplexity, counting baselines) on small cases worked by hand, then on the course's model
// and held-out passage; the helpers the token and attention lessons draw with (nearest neighbours, PCA).
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {distinctNgrams} from "../src/generation/index.js";
import {
  accuracy,
  addK,
  bigramSurprisals,
  countNgrams,
  crossEntropy,
  perplexity,
  scoreTokens,
  unigramSurprisals
} from "../src/evaluation/index.js";
import {cosine, nearest, pca} from "../src/linalg/index.js";
import {traceGpt} from "../src/models/index.js";
import {seededRandom} from "../src/random.js";
import {createSession} from "../src/runtime/index.js";
import {readManifest, readModelFile} from "./fixtures.js";

describe("surprisal and perplexity", () => {
  it("scores each token from the logits before it: a uniform guess over 4 tokens has perplexity 4", () => {
    const flat = new Float32Array(4);
    const scored = scoreTokens([flat, flat, flat], [0, 1, 2, 3]);
    assert.deepEqual(
      scored.map((s) => s.token),
      [1, 2, 3]
    );
    assert.ok(Math.abs(perplexity(scored.map((s) => s.surprisal)) - 4) < 1e-6);
    assert.ok(Math.abs(crossEntropy([Math.log(2), Math.log(8)]) - Math.log(4)) < 1e-12);
  });

  it("counts a token as guessed when it is the most likely one", () => {
    const logits = [Float32Array.of(0, 5, 0), Float32Array.of(5, 0, 0)];
    assert.equal(accuracy(scoreTokens(logits, [2, 1, 2])), 0.5);
    assert.throws(() => crossEntropy([]), /no tokens/);
  });
});

describe("counting baselines", () => {
  const counts = countNgrams([0, 1, 0, 1, 2], 3);

  it("counts unigrams and bigrams, and smooths with add-k", () => {
    assert.deepEqual([...counts.unigram], [2, 2, 1]);
    assert.equal(counts.bigram.get(0 * 3 + 1), 2);
    // p(1 | 0) = (2 + 1) / (2 + 3)
    assert.ok(Math.abs(bigramSurprisals(counts, [0, 1], addK(1))[0] + Math.log(3 / 5)) < 1e-12);
    // p(2) = (1 + 1) / (5 + 3)
    assert.ok(Math.abs(unigramSurprisals(counts, [0, 2])[0] + Math.log(2 / 8)) < 1e-12);
  });

  it("refuses k = 0, and gives a token infinite surprisal, cross-entropy and perplexity when a rule gives it p = 0", () => {
    assert.throws(() => addK(0), /k > 0/);
    const surprisals = bigramSurprisals(counts, [0, 1, 2, 2], ({pair, previous}) => pair / previous);
    assert.deepEqual(surprisals, [-Math.log(2 / 2), -Math.log(1 / 2), Infinity]);
    assert.equal(crossEntropy(surprisals), Infinity);
    assert.equal(perplexity(surprisals), Infinity);
    assert.throws(() => bigramSurprisals(counts, [0, 1], () => NaN), /p = NaN .* must be in \[0, 1\]/);
    assert.throws(() => bigramSurprisals(counts, [0, 1], () => 1.5), /must be in \[0, 1\]/);
  });
});

describe("the GPT on held-out text", () => {
  it("beats the bigram baseline, which beats the unigram one, on the shipped passage", async () => {
    const manifest = readManifest("gpt");
    const passage = JSON.parse(readFileSync("data/datasets/kjv-heldout.json", "utf8"));
    const bytes = readFileSync(`data/datasets/${passage.trainTokensFile}`);
    const train = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
    assert.equal(train.length, manifest.data.trainTokens);
    const counts = countNgrams(train, manifest.architecture.vocabSize);
    const session = await createSession(readModelFile("gpt", manifest.file), {backend: "wasm"});
    const ids: number[] = passage.ids.slice(0, 128);
    const model = perplexity(scoreTokens((await traceGpt(session, manifest, ids)).logits, ids).map((s) => s.surprisal));
    await session.release();
    const bigram = perplexity(bigramSurprisals(counts, ids, addK(0.01)));
    const unigram = perplexity(unigramSurprisals(counts, ids));
    assert.ok(
      model < bigram && bigram < unigram,
      `perplexities: model ${model.toFixed(1)}, bigram ${bigram.toFixed(1)}, unigram ${unigram.toFixed(1)}`
    );
  });
});

describe("drawing helpers", () => {
  it("finds nearest neighbours by cosine, skipping the ones excluded", () => {
    const rows = [
      [1, 0],
      [0, 1],
      [1, 1],
      [-1, 0]
    ];
    assert.deepEqual(
      nearest(rows, [1, 0.1], 2).map((n) => n.index),
      [0, 2]
    );
    assert.deepEqual(
      nearest(rows, [1, 0.1], 1, new Set([0])).map((n) => n.index),
      [2]
    );
    assert.ok(Math.abs(cosine([1, 0], [-1, 0]) + 1) < 1e-12);
  });

  it("projects points that vary along one line onto the first component, which explains all the variance", () => {
    const rows = [-2, -1, 0, 1, 2].map((t) => [3 * t, 4 * t, 0]);
    const {points, explained} = pca(rows, seededRandom(1));
    assert.ok(Math.abs(explained[0] - 1) < 1e-9);
    assert.ok(points.every(([x], i) => Math.abs(Math.abs(x) - 5 * Math.abs(i - 2)) < 1e-6));
    assert.throws(() => pca([[1, 2]], seededRandom(1)), /at least two/);
  });

  it("measures repetition: a loop has few distinct n-grams", () => {
    assert.equal(distinctNgrams([1, 2, 3, 4], 2), 1);
    assert.equal(distinctNgrams([1, 2, 1, 2, 1, 2, 1], 2), 2 / 6);
  });
});
