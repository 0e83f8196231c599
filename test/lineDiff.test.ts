import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {lineDiff} from "../src/cells/index.js";

const shown = (mine: string, lesson: string) =>
  lineDiff(mine, lesson).map(({kind, text}) => `${{both: " ", mine: "-", lesson: "+"}[kind]}${text}`);

describe("lineDiff", () => {
  it("marks the lines only in the reader's code and only in the lesson's, keeping the common ones in order", () => {
    assert.deepEqual(shown("a\nb\nmine\nd", "a\nb\nnew\nd\ne"), [" a", " b", "-mine", "+new", " d", "+e"]);
  });

  it("keeps a longest run of common lines, so a moved line is one removal and one addition", () => {
    const lines = lineDiff("x\na\nb\nc", "a\nb\nc\nx");
    assert.equal(lines.filter((l) => l.kind === "both").length, 3);
    assert.deepEqual(
      lines.filter((l) => l.kind !== "both"),
      [
        {kind: "mine", text: "x"},
        {kind: "lesson", text: "x"}
      ]
    );
  });

  it("gives back each version whole: its own lines and the common ones, in order", () => {
    const mine = "const a = 1;\n\nconst b = a + 2;\ndisplay(b)\n";
    const lesson = "const a = 1;\nconst c = 3;\nconst b = a + c;\n\ndisplay(b)\n";
    const lines = lineDiff(mine, lesson);
    const version = (kind: "mine" | "lesson") =>
      lines
        .filter((l) => l.kind !== (kind === "mine" ? "lesson" : "mine"))
        .map((l) => l.text)
        .join("\n");
    assert.equal(version("mine"), mine);
    assert.equal(version("lesson"), lesson);
  });

  it("says that the same code is the same, and compares with nothing", () => {
    assert.deepEqual(shown("a\nb", "a\nb"), [" a", " b"]);
    assert.deepEqual(shown("", "a"), ["-", "+a"]);
  });
});
