// The language model's vocabulary: GPT-2's byte-pair encoding (js-tiktoken, the library the page uses), kept to
// the GPT-2 ids its training text contains, plus <|endoftext|> and an unknown token. A compact vocabulary makes
// the embedding table 5x smaller than GPT-2's 50,257 rows; text with tokens the model never saw still encodes:
// those tokens become the unknown token, and are flagged.
//
//   compact id:  0 .. N-1            N              N+1
//   meaning:     gpt2Ids[i]          <|endoftext|>  <|unknown|>
import type {Tiktoken} from "js-tiktoken/lite";

export interface VocabManifest {
  /** The GPT-2 ids of the training text, ascending; compact id i stands for gpt2Ids[i]. */
  gpt2Ids: number[];
  endOfText: number;
  unknown: number;
}

export interface Token {
  /** The id the model reads. */
  id: number;
  /** GPT-2's id for the same piece of text. */
  gpt2: number;
  text: string;
  /** False for a token the model never saw in training (it reads the unknown token instead). */
  known: boolean;
}

export const GPT2_END_OF_TEXT = 50256;

/** The manifest's mapping for a training text's GPT-2 ids. */
export function vocabFromIds(gpt2Ids: Iterable<number>): VocabManifest {
  const ids = [...new Set(gpt2Ids)].filter((id) => id !== GPT2_END_OF_TEXT).sort((a, b) => a - b);
  return {gpt2Ids: ids, endOfText: ids.length, unknown: ids.length + 1};
}

export interface CompactTokenizer {
  vocabSize: number;
  endOfText: number;
  unknown: number;
  encode(text: string): Token[];
  /** The one token `text` is; text of several tokens, or of one the model never saw, is refused, naming its pieces. */
  token(text: string): Token;
  /** Text for compact ids; the unknown token reads as "�" and end-of-text as its name. */
  decode(ids: readonly number[]): string;
}

export function compactTokenizer(encoding: Tiktoken, vocab: VocabManifest): CompactTokenizer {
  const {gpt2Ids, endOfText, unknown} = vocab;
  if (endOfText !== gpt2Ids.length || unknown !== gpt2Ids.length + 1) {
    throw new RangeError(
      `the manifest's vocabulary is inconsistent: ${gpt2Ids.length} ids, end-of-text ${endOfText}, unknown ${unknown}`
    );
  }
  const compact = new Map(gpt2Ids.map((gpt2, id) => [gpt2, id]));
  const piece = (gpt2: number) => encoding.decode([gpt2]);
  const encode = (text: string): Token[] =>
    encoding.encode(text, "all").map((gpt2) => {
      if (gpt2 === GPT2_END_OF_TEXT) return {id: endOfText, gpt2, text: "<|endoftext|>", known: true};
      const id = compact.get(gpt2);
      return {id: id ?? unknown, gpt2, text: piece(gpt2), known: id !== undefined};
    });
  return {
    vocabSize: gpt2Ids.length + 2,
    endOfText,
    unknown,
    encode,
    token(text) {
      const tokens = encode(text);
      if (tokens.length !== 1)
        throw new RangeError(
          `“${text}” is ${tokens.length} tokens${tokens.length ? ` (${tokens.map((t) => JSON.stringify(t.text)).join(" + ")})` : ""}, not one: name a single token`
        );
      if (!tokens[0].known) throw new RangeError(`“${text}” is not in the model's vocabulary`);
      return tokens[0];
    },
    decode(ids) {
      let text = "";
      let run: number[] = [];
      const flush = () => ((text += encoding.decode(run)), (run = []));
      for (const id of ids) {
        if (id >= 0 && id < gpt2Ids.length) run.push(gpt2Ids[id]);
        else {
          flush();
          if (id === endOfText) text += "<|endoftext|>";
          else if (id === unknown) text += "\uFFFD";
          else throw new RangeError(`token id ${id} is outside the vocabulary (0 to ${unknown})`);
        }
      }
      flush();
      return text;
    }
  };
}
