// The text a next-token model trains on: tokenised by characters or by the course's byte-pair encoding, its
// vocabulary read from the text, and split into a training part and a held-out part (the text's end), so that the
// held-out loss measures text the model never trained on.
import {characterTokenizer} from "../tokenizer/characters.js";
import {compactTokenizer, vocabFromIds} from "../tokenizer/compactVocab.js";
import {gpt2Encoding} from "../tokenizer/gpt2.js";

export const TOKENIZATIONS = ["characters", "BPE"] as const;
export type Tokenization = (typeof TOKENIZATIONS)[number];

/** Characters a reader's own text may have; longer texts are cut here (tokenising and training stay quick). */
export const MAX_TEXT = 1_000_000;

export interface Corpus {
  tokenization: Tokenization;
  vocabSize: number;
  train: Int32Array;
  heldOut: Int32Array;
  /** Ids for a prompt: characters outside the vocabulary are left out; BPE gives them the unknown token. */
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
}

/** A reader's text cut to MAX_TEXT characters, and a sentence saying so when it was cut. */
export function capText(text: string): {text: string; note?: string} {
  if (text.length <= MAX_TEXT) return {text};
  return {
    text: text.slice(0, MAX_TEXT),
    note: `Your text has ${text.length.toLocaleString("en")} characters; training reads its first ${MAX_TEXT.toLocaleString("en")}.`
  };
}

/**
 * The text tokenised and split: the last `heldOutShare` of its tokens are held out. Throws a RangeError saying what
 * is missing when either part is too short for one window of `window` + 1 tokens.
 */
export function corpus(text: string, tokenization: Tokenization, window: number, heldOutShare = 0.1): Corpus {
  if (!TOKENIZATIONS.includes(tokenization))
    throw new RangeError(`tokenization is one of ${TOKENIZATIONS.join(", ")}, not ${JSON.stringify(tokenization)}`);
  let tokenizer: Pick<Corpus, "vocabSize" | "encode" | "decode">;
  let ids: number[];
  if (tokenization === "characters") {
    const characters = characterTokenizer(text);
    const known = new Set(characters.characters);
    tokenizer = {
      vocabSize: characters.vocabSize,
      encode: (t) =>
        characters.encode(
          Array.from(t)
            .filter((c) => known.has(c))
            .join("")
        ),
      decode: characters.decode
    };
    ids = tokenizer.encode(text);
  } else {
    // GPT-2's pieces, numbered among those the text has (the course's compact vocabulary, for this text)
    const gpt2 = gpt2Encoding().encode(text, "all");
    const compact = compactTokenizer(gpt2Encoding(), vocabFromIds(gpt2));
    tokenizer = {
      vocabSize: compact.vocabSize,
      encode: (t) => compact.encode(t).map((token) => token.id),
      decode: compact.decode
    };
    ids = tokenizer.encode(text);
  }
  const split = ids.length - Math.round(ids.length * heldOutShare);
  const needed = Math.ceil((window + 1) / Math.min(heldOutShare, 1 - heldOutShare));
  if (split < window + 1 || ids.length - split < window + 1)
    throw new RangeError(
      `The text is ${ids.length.toLocaleString("en")} tokens long (${tokenization}); training on windows of ${window + 1} with ${Math.round(heldOutShare * 100)}% of it held out needs at least ${needed.toLocaleString("en")}.`
    );
  return {
    tokenization,
    ...tokenizer,
    train: Int32Array.from(ids.slice(0, split)),
    heldOut: Int32Array.from(ids.slice(split))
  };
}
