// The simplest tokenisation: every distinct character of a text is a token, numbered in code-point order. The
// vocabulary is read from the text itself, so a text of 60 distinct characters gives a model 60 logits.
export interface CharacterTokenizer {
  /** The characters, in the order of their ids. */
  characters: string[];
  vocabSize: number;
  /** Ids for text; throws on a character outside the vocabulary. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

export function characterTokenizer(text: string): CharacterTokenizer {
  // Array.from splits by code point, so a character outside the Basic Multilingual Plane stays one token
  const characters = [...new Set(Array.from(text))].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const ids = new Map(characters.map((c, i) => [c, i]));
  return {
    characters,
    vocabSize: characters.length,
    encode: (text) =>
      Array.from(text, (c) => {
        const id = ids.get(c);
        if (id === undefined) throw new RangeError(`${JSON.stringify(c)} is not in the vocabulary`);
        return id;
      }),
    decode: (tokens) => tokens.map((id) => characters[id] ?? "\uFFFD").join("")
  };
}
