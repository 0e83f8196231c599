import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {meanNearestDistance, POINT_SETS, pointSet, slicedWasserstein} from "../src/datasets/index.js";
import {seededRandom} from "../src/random.js";

describe("pointSet", () => {
  it("gives the same points for the same seed and other points for another", () => {
    for (const name of POINT_SETS) {
      const a = pointSet(name, seededRandom(1), {n: 50});
      assert.deepEqual(a, pointSet(name, seededRandom(1), {n: 50}));
      assert.notDeepEqual(a, pointSet(name, seededRandom(2), {n: 50}));
    }
  });

  it("draws n points [n, 2], every coordinate finite and within [-2, 2] with no jitter", () => {
    for (const name of POINT_SETS) {
      const points = pointSet(name, seededRandom(3), {n: 500, noise: 0});
      assert.equal(points.length, 1000);
      for (const v of points) assert.ok(Number.isFinite(v) && Math.abs(v) <= 2, `${name}: ${v}`);
    }
  });

  it("puts the rings' points at radius 0.6 or 1.4, three in ten on the inner ring", () => {
    const points = pointSet("rings", seededRandom(4), {n: 2000, noise: 0});
    const radii = Array.from({length: 2000}, (_, i) => Math.hypot(points[2 * i], points[2 * i + 1]));
    for (const r of radii) assert.ok(Math.abs(r - 0.6) < 1e-5 || Math.abs(r - 1.4) < 1e-5, `radius ${r}`);
    const inner = radii.filter((r) => r < 1).length / radii.length;
    assert.ok(Math.abs(inner - 0.3) < 0.04, `${inner} on the inner ring`);
  });

  it("puts the two moons' points on two half circles of radius 0.8 about (-0.4, -0.2) and (0.4, 0.2)", () => {
    const points = pointSet("two moons", seededRandom(5), {n: 400, noise: 0});
    for (let i = 0; i < 400; i++) {
      const [x, y] = [points[2 * i], points[2 * i + 1]];
      const upper = Math.abs(Math.hypot(x + 0.4, y + 0.2) - 0.8) < 1e-5 && y >= -0.2 - 1e-6;
      const lower = Math.abs(Math.hypot(x - 0.4, y - 0.2) - 0.8) < 1e-5 && y <= 0.2 + 1e-6;
      assert.ok(upper || lower, `(${x}, ${y}) lies on neither moon`);
    }
  });

  it("puts the letter's points on its three strokes, the spiral's within radius 1.5", () => {
    const letter = pointSet("letter", seededRandom(6), {n: 300, noise: 0});
    for (let i = 0; i < 300; i++) {
      const [x, y] = [letter[2 * i], letter[2 * i + 1]];
      // the legs: |x| = 1 - (y + 1.3) / 2.6; the crossbar: y = -0.1, |x| <= 0.5
      const onLeg = Math.abs(Math.abs(x) - (1 - (y + 1.3) / 2.6)) < 1e-5;
      const onBar = Math.abs(y + 0.1) < 1e-5 && Math.abs(x) <= 0.5 + 1e-6;
      assert.ok(onLeg || onBar, `(${x}, ${y}) is off the letter`);
    }
    const spiral = pointSet("spiral", seededRandom(7), {n: 300, noise: 0});
    for (let i = 0; i < 300; i++) assert.ok(Math.hypot(spiral[2 * i], spiral[2 * i + 1]) <= 1.5 + 1e-6);
  });

  it("refuses an unknown set, a count that is not a positive whole number and a negative jitter", () => {
    assert.throws(() => pointSet("circle" as never, seededRandom(1)), /no point set named "circle"/);
    assert.throws(() => pointSet("rings", seededRandom(1), {n: 0}), RangeError);
    assert.throws(() => pointSet("rings", seededRandom(1), {noise: -1}), RangeError);
  });
});

describe("meanNearestDistance", () => {
  it("is 0 for samples on the data and the mean distance to the nearest point otherwise", () => {
    const data = [0, 0, 3, 0];
    assert.equal(meanNearestDistance([3, 0, 0, 0], data), 0);
    // (0, 1) is 1 from (0, 0); (3, 2) is 2 from (3, 0)
    assert.equal(meanNearestDistance([0, 1, 3, 2], data), 1.5);
    assert.throws(() => meanNearestDistance([0, 0], []), /no data points/);
  });
});

describe("slicedWasserstein", () => {
  it("is 0 for the same cloud, in any order and at any multiplicity", () => {
    const cloud = pointSet("two moons", seededRandom(1), {n: 200});
    assert.equal(slicedWasserstein(cloud, cloud), 0);
    const n = cloud.length / 2;
    const reversed = Float32Array.from({length: 2 * n}, (_, i) => cloud[2 * (n - 1 - Math.floor(i / 2)) + (i % 2)]);
    assert.ok(slicedWasserstein(cloud, reversed) < 1e-12);
    assert.ok(slicedWasserstein(cloud, Float32Array.from([...cloud, ...cloud])) < 1e-12);
  });

  it("puts a cloud moved by v at |v|/√2 from itself, the mean of cos² over the directions being 1/2", () => {
    const cloud = pointSet("spiral", seededRandom(2), {n: 300});
    const moved = cloud.map((x, i) => x + (i % 2 === 0 ? 0.3 : -0.4));
    assert.ok(Math.abs(slicedWasserstein(cloud, moved) - 0.5 / Math.SQRT2) < 1e-6);
  });

  it("weighs each point 1/n of its cloud when the sizes differ", () => {
    // one point at the origin against (±1, 0): along the angle θ the projections are ±cos θ, so W₂² = cos² θ
    assert.ok(Math.abs(slicedWasserstein([0, 0], [1, 0, -1, 0]) - Math.SQRT1_2) < 1e-12);
  });

  it("finds two draws of a set closer than a draw of another set", () => {
    const [a, b] = [1, 2].map((seed) => pointSet("two moons", seededRandom(seed), {n: 1000}));
    const rings = pointSet("rings", seededRandom(3), {n: 1000});
    assert.ok(slicedWasserstein(a, b) < slicedWasserstein(a, rings) / 4);
    assert.throws(() => slicedWasserstein(a, []), /points on both sides/);
  });
});
