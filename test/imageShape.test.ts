// Image geometry comes from the manifests: swap in manifests for 32x32 colour images of 5 classes and it follows.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, it} from "node:test";
import type {FashionMnistManifest} from "../src/datasets/index.js";
import {imageGeometry, imageShape, type ImageModelManifest} from "../src/models/index.js";
import {readManifest} from "./fixtures.js";

const CLASSES = ["apple", "boat", "cloud", "door", "egg"];
const data = {classes: CLASSES};
const colourUnet: ImageModelManifest = {
  inputs: [
    {name: "x", shape: ["batch", 3, 32, 32]},
    {name: "t", shape: ["batch"]},
    {name: "y", shape: ["batch"]}
  ],
  outputs: [{name: "eps", shape: ["batch", 3, 32, 32]}],
  conditioning: {classes: 5, nullClass: 5},
  data
};
const colourClassifier: ImageModelManifest = {
  inputs: [{name: "x", shape: ["batch", 3, 32, 32]}],
  outputs: [{name: "logits", shape: ["batch", 5]}],
  data
};

describe("imageGeometry", () => {
  it("reads channels, height, width, classes and the null class from a UNet manifest", () => {
    assert.deepEqual(imageGeometry(colourUnet), {channels: 3, height: 32, width: 32, size: 3072, classCount: 5, classNames: CLASSES, nullClass: 5});
  });

  it("takes a classifier's class count from its logits' width, and gives it no null class", () => {
    const geometry = imageGeometry(colourClassifier);
    assert.equal(geometry.classCount, 5);
    assert.equal(geometry.nullClass, null);
  });

  it("reads the shipped UNet, classifier and test images as the same images and classes", () => {
    const dataset: FashionMnistManifest = JSON.parse(readFileSync(new URL("../data/datasets/fashion-mnist-test.json", import.meta.url), "utf8"));
    const images = imageShape(dataset.layout.images.shape.slice(1));
    for (const model of ["diffusion", "classifier"]) {
      const {channels, height, width, size, classNames, classCount} = imageGeometry(readManifest(model));
      assert.deepEqual({channels, height, width, size}, images, model);
      assert.deepEqual(classNames, dataset.classes, model);
      assert.equal(classCount, dataset.classes.length, model);
    }
    assert.equal(imageGeometry(readManifest("diffusion")).nullClass, readManifest("diffusion").conditioning.nullClass);
  });

  it("refuses a manifest whose class count and class names disagree, or whose image input is not [batch, C, H, W]", () => {
    assert.throws(() => imageGeometry({...colourUnet, conditioning: {classes: 4, nullClass: 4}}), /4 classes and its manifest names 5/);
    assert.throws(() => imageGeometry({...colourClassifier, inputs: [{name: "x", shape: ["batch", 3, "height", 32]}]}), /positive whole numbers/);
    assert.throws(() => imageGeometry({...colourClassifier, inputs: [{name: "x", shape: ["batch", 1024]}]}), /has 0/);
  });

  it("gives [height, width] one channel", () => {
    assert.deepEqual(imageShape([5, 7]), {channels: 1, height: 5, width: 7, size: 35});
  });
});
