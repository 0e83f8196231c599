// Every exercise's solution passes its checks, and its starting code (a cell of its lesson) does not: the checks
// can fail.
import assert from "node:assert/strict";
import {execFileSync} from "node:child_process";
import {readdirSync, readFileSync} from "node:fs";
import {describe, it} from "node:test";
import {compileCell} from "../src/cells/index.js";
import {checkSolution, exercises, type ExerciseCheck} from "../src/exercises/index.js";
import {parseInfo} from "@observablehq/framework/dist/info.js";

const solution = (id: string) => readFileSync(new URL(`../exercises/solutions/${id}.ts`, import.meta.url), "utf8");
const run = (check: ExerciseCheck, code: string) => compileCell(code, {output: check.output, scope: check.scope})();

/** Each lesson's exercise cells: the fences marked editable with an id exercise-<id>, by id. */
const starters = new Map<string, {lesson: string; code: string}[]>();
for (const lesson of readdirSync(new URL("../lessons/", import.meta.url)).filter((f) => f.endsWith(".md"))) {
  const markdown = readFileSync(new URL(`../lessons/${lesson}`, import.meta.url), "utf8");
  for (const [, info, code] of markdown.matchAll(/^```(ts[^\n]*)\n([\s\S]*?)^```$/gm)) {
    const {attributes} = parseInfo(info);
    const id = /^exercise-(.+)$/.exec(attributes.id ?? "")?.[1];
    if ("editable" in attributes && id) starters.set(id, [...(starters.get(id) ?? []), {lesson, code}]);
  }
}

describe("the exercises", () => {
  it("have a starting cell in one lesson and a solution for each check, and nothing else", () => {
    const solved = readdirSync(new URL("../exercises/solutions/", import.meta.url)).map((f) => f.replace(/\.ts$/, ""));
    assert.deepEqual(solved.sort(), Object.keys(exercises).sort());
    assert.deepEqual([...starters.keys()].sort(), Object.keys(exercises).sort());
    for (const [id, cells] of starters) assert.equal(cells.length, 1, `${id}: ${cells.map((c) => c.lesson)}`);
  });

  for (const [id, check] of Object.entries(exercises) as [string, ExerciseCheck][]) {
    it(`${id}: the solution passes every case, the lesson's starting code fails one`, async () => {
      const solved = checkSolution(check, await run(check, solution(id)));
      assert.deepEqual(
        solved.filter((r) => !r.passed),
        []
      );
      const started = checkSolution(check, await run(check, starters.get(id)![0].code));
      assert.ok(
        started.some((r) => !r.passed),
        `${id}: the starting code already passes`
      );
    });
  }

  it("says what was expected, and reports a solution that throws or defines no function", () => {
    const check = exercises.compose;
    const [kept] = checkSolution(check, () => 0);
    assert.deepEqual(kept, {
      name: "a known pixel (m = 1) is kept",
      passed: false,
      detail: "the result should be 0.8, got 0"
    });
    assert.equal(
      checkSolution(check, () => {
        throw new Error("no");
      })[0].detail,
      "no"
    );
    assert.match(checkSolution(check, 3)[0].detail!, /composePixel should be a function/);
  });

  it("prints integers exactly and other numbers with enough digits to show the difference that failed", () => {
    const detail = (expected: unknown, actual: unknown) =>
      checkSolution({output: "f", cases: [{name: "case", args: []}], reference: () => expected}, () => actual)[0]
        .detail;
    assert.equal(detail(1572864, 1572860), "the result should be 1,572,864, got 1,572,860");
    assert.equal(detail([0, 0.5000012], [0, 0.5000001]), "[1] should be 0.5000012, got 0.5000001");
    assert.equal(detail(2, 2.00001), "the result should be 2, got 2.00001");
    assert.equal(detail(2, Infinity), "the result should be 2, got Infinity");
    assert.equal(detail(1572864, "many"), 'the result should be a number close to 1,572,864, got "many"');
  });

  it("are served with their solutions, or without them when the build says STEPWISE_SOLUTIONS=omit", () => {
    const load = (env: Record<string, string>) =>
      JSON.parse(
        execFileSync("node", ["lessons/solutions.json.js"], {env: {...process.env, ...env}, encoding: "utf8"})
      );
    assert.equal(load({}).topP, solution("topP"));
    const students = load({STEPWISE_SOLUTIONS: "omit"});
    assert.deepEqual(Object.keys(students).sort(), Object.keys(exercises).sort());
    assert.ok(Object.values(students).every((s) => s === null));
  });
});
