// The diffusion UNet and the classifier, run by onnxruntime-web in Node, against what PyTorch computed.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {after, before, describe, it} from "node:test";
import {fashionMnist, type FashionMnistManifest} from "../src/datasets/index.js";
import {softmaxRows} from "../src/linalg/index.js";
import {createSession, type ModelSession} from "../src/runtime/index.js";
import {maxAbsDifference, readFixture, readManifest, readModelFile} from "./fixtures.js";

const float = (t: {data: unknown}) => t.data as Float32Array;

describe("the diffusion UNet", () => {
  const manifest = readManifest("diffusion");
  const fixture = readFixture("diffusion");
  let unet: ModelSession;
  before(async () => {
    unet = await createSession(readModelFile("diffusion", manifest.file), {backend: "wasm"});
  });
  after(() => unet.release());

  it("has the inputs and outputs its manifest names", () => {
    assert.deepEqual(unet.inputNames, manifest.inputs.map((i: {name: string}) => i.name));
    assert.deepEqual(unet.outputNames, manifest.outputs.map((o: {name: string}) => o.name));
    assert.equal(manifest.bytes, readModelFile("diffusion", manifest.file).length);
  });

  it("predicts PyTorch's noise for four images, timesteps and classes (null class included) to 1e-4", async () => {
    const {eps} = await unet.run({x: fixture.get("x"), t: fixture.get("t"), y: fixture.get("y")});
    assert.deepEqual(eps.dims, [4, 1, 28, 28]);
    const difference = maxAbsDifference(float(eps), float(fixture.get("eps")));
    assert.ok(difference < 1e-4, `max |difference| ${difference}`);
  });

  it("records the schedule the lessons sample with", () => {
    assert.deepEqual(manifest.schedule, {type: "linear", T: 1000, betaStart: 1e-4, betaEnd: 0.02, prediction: "epsilon"});
    assert.equal(manifest.conditioning.nullClass, 10);
  });
});

describe("the classifier", () => {
  const manifest = readManifest("classifier");
  const fixture = readFixture("classifier");
  const images = fashionMnist(
    new Uint8Array(readFileSync(new URL("../data/datasets/fashion-mnist-test.bin", import.meta.url))),
    JSON.parse(readFileSync(new URL("../data/datasets/fashion-mnist-test.json", import.meta.url), "utf8")) as FashionMnistManifest
  );
  let classifier: ModelSession;
  before(async () => {
    classifier = await createSession(readModelFile("classifier", manifest.file), {backend: "wasm"});
  });
  after(() => classifier.release());

  it("gives PyTorch's class probabilities to 1e-4", async () => {
    const {logits} = await classifier.run({x: fixture.get("x")});
    const rows = Array.from({length: logits.dims[0]}, (_, i) => [...float(logits).subarray(i * 10, i * 10 + 10)]);
    const probabilities = softmaxRows(rows).flat();
    const difference = maxAbsDifference(probabilities, float(fixture.get("probabilities")));
    assert.ok(difference < 1e-4, `max |difference| ${difference}`);
  });

  it("classifies the shipped test images as accurately as its manifest says", async () => {
    const batch = new Float32Array(images.count * 784);
    for (let i = 0; i < images.count; i++) batch.set(images.modelInput(i), i * 784);
    const {logits} = await classifier.run({x: {type: "float32", data: batch, dims: [images.count, 1, 28, 28]}});
    const scores = float(logits);
    let correct = 0;
    for (let i = 0; i < images.count; i++) {
      const row = scores.subarray(i * 10, i * 10 + 10);
      if (row.indexOf(Math.max(...row)) === images.labels[i]) correct++;
    }
    assert.equal(correct / images.count, manifest.metrics.shippedImagesAccuracy);
    assert.ok(manifest.metrics.testAccuracy >= 0.9, `test accuracy ${manifest.metrics.testAccuracy}`);
  });
});

describe("the shipped Fashion-MNIST images", () => {
  it("refuses an image index outside the file, and a file shorter than its manifest", () => {
    const manifest: FashionMnistManifest = {count: 2, classes: [], layout: {images: {shape: [2, 28, 28], offset: 0}, labels: {offset: 1568}}};
    const images = fashionMnist(new Uint8Array(1570), manifest);
    assert.throws(() => images.pixels(2), /image 2 is not one of 0..1/);
    assert.throws(() => fashionMnist(new Uint8Array(100), manifest), /has 100 bytes/);
  });
});
