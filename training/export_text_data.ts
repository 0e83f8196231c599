// Writes what the evaluation lesson reads, from the tokenized corpus (npm run train:corpus) with the split
// training/train_gpt.py uses (blocks of 4096 tokens, every 10th held out):
//   data/datasets/kjv-train.tokens.bin   the training tokens, compact ids, uint16 little-endian: the page counts
//                                        unigrams and bigrams in them for its baselines
//   data/datasets/kjv-heldout.json       a passage of held-out text, as text and compact ids
// Usage: npx tsx training/export_text_data.ts [CORPUS]   (CORPUS: the path without extension, training/data/kjv)
import {readFileSync, writeFileSync} from "node:fs";

const BLOCK = 4096;
const VAL_EVERY = 10;
const PASSAGE_TOKENS = 256;

const corpus = process.argv[2] ?? "training/data/kjv";
const bytes = readFileSync(`${corpus}.tokens.bin`);
const tokens = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
const manifest = JSON.parse(readFileSync("data/models/gpt/manifest.json", "utf8"));
const train: number[] = [];
let passage: number[] | undefined;
for (let start = 0, block = 0; start < tokens.length; start += BLOCK, block++) {
  const ids = [...tokens.subarray(start, start + BLOCK)];
  if (block % VAL_EVERY !== VAL_EVERY - 1) train.push(...ids);
  else if (!passage) passage = ids;
}
if (!passage) throw new Error("the corpus has no held-out block");
if (train.length !== manifest.data.trainTokens) throw new Error(`split differs from training: ${train.length} train tokens, the manifest says ${manifest.data.trainTokens}`);

// The passage starts at the first verse that begins in the held-out block, after a newline, so it reads as text.
const {compactTokenizer, gpt2Encoding} = await import("../src/tokenizer/index.js");
const tokenizer = compactTokenizer(gpt2Encoding(), manifest.tokenizer);
const newline = passage.findIndex((id) => tokenizer.decode([id]).includes("\n"));
const ids = passage.slice(newline + 1, newline + 1 + PASSAGE_TOKENS);
writeFileSync("data/datasets/kjv-train.tokens.bin", new Uint16Array(train));
writeFileSync(
  "data/datasets/kjv-heldout.json",
  JSON.stringify(
    {
      source: `${corpus}.txt, the GPT's first held-out block: text the model never trained on`,
      trainTokensFile: "kjv-train.tokens.bin",
      trainTokens: train.length,
      text: tokenizer.decode(ids),
      ids
    },
    null,
    1
  ) + "\n"
);
console.log(`${train.length} training tokens; a held-out passage of ${ids.length} tokens: ${JSON.stringify(tokenizer.decode(ids).slice(0, 80))}…`);
