// The words a reader places on the token-embedding map: named groups of words, each word one token of the model's
// vocabulary (`token` refuses any other text, naming its pieces, as CompactTokenizer's does). What the tokens lesson's
// editable cell must define before the page projects their embeddings.
/** Throws, with a sentence, unless `groups` is an object of word lists, each word one token, three words at least. */
export function checkWordGroups(
  groups: unknown,
  tokenizer: {token(text: string): unknown}
): asserts groups is Record<string, string[]> {
  if (typeof groups !== "object" || groups === null) throw new TypeError("groups must be an object of word lists");
  for (const [group, words] of Object.entries(groups)) {
    if (!Array.isArray(words)) throw new TypeError(`group “${group}” must be a list of words`);
    for (const word of words) {
      if (typeof word !== "string") throw new TypeError(`In ${group}: ${String(word)} is not a word in quotes`);
      try {
        tokenizer.token(word);
      } catch (error) {
        throw new RangeError(`In ${group}: ${(error as Error).message}`, {cause: error});
      }
    }
  }
  if (Object.values(groups).flat().length < 3) throw new RangeError("give at least three words in all");
}
