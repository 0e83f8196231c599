import assert from "node:assert/strict";
import {describe, it} from "node:test";
import {checkWordGroups} from "../src/tokenizer/index.js";

// a vocabulary of three one-token words; any other text is refused as the course's tokenizer refuses it
const tokenizer = {
  token(text: string) {
    if (![" son", " sheep", " ox"].includes(text)) throw new RangeError(`“${text}” is 2 tokens, not one`);
    return {id: 0, text};
  }
};

describe("checkWordGroups", () => {
  it("takes groups of one-token words, three in all", () => {
    assert.doesNotThrow(() => checkWordGroups({family: [" son"], animals: [" sheep", " ox"]}, tokenizer));
  });

  it("refuses, in a sentence, what the map cannot place", () => {
    assert.throws(() => checkWordGroups(5, tokenizer), /groups must be an object of word lists/);
    assert.throws(() => checkWordGroups({a: " son"}, tokenizer), /group “a” must be a list of words/);
    assert.throws(
      () => checkWordGroups({a: [" son", 7, " ox"]}, tokenizer),
      /^TypeError: In a: 7 is not a word in quotes$/
    );
    assert.throws(
      () => checkWordGroups({names: [" son", " Nebuchadnezzar"], b: [" ox"]}, tokenizer),
      /^RangeError: In names: “ Nebuchadnezzar” is 2 tokens, not one$/
    );
    assert.throws(() => checkWordGroups({a: [" son", " ox"]}, tokenizer), /give at least three words in all/);
  });
});
