// Tokenizes a training text with GPT-2's encoding through js-tiktoken, the library the lessons use in the page, so
// training and the browser cannot disagree about a token. Writes, next to the text:
//   <name>.tokens.bin   the text as compact ids, uint16 little-endian
//   <name>.vocab.json   the compact vocabulary (the GPT-2 ids the text contains), for the manifest
// Documents are separated by blank lines in the text and by <|endoftext|> in the tokens.
// Usage: npx tsx training/tokenize_corpus.ts training/data/kjv.txt
import {readFileSync, writeFileSync} from "node:fs";
import {compactTokenizer, gpt2Encoding, vocabFromIds} from "../src/tokenizer/index.js";

const [path] = process.argv.slice(2);
if (!path) throw new Error("usage: tokenize_corpus.ts TEXT_FILE");
const text = readFileSync(path, "utf8");
const encoding = gpt2Encoding();
const documents = text.split(/\n\s*\n/).filter((d) => d.trim());
const gpt2 = documents.map((d) => encoding.encode(d));
const vocab = vocabFromIds(gpt2.flat());
const tokenizer = compactTokenizer(encoding, vocab);
const ids = documents.flatMap((d) => [...tokenizer.encode(d).map((t) => t.id), vocab.endOfText]);
if (tokenizer.vocabSize > 65536) throw new Error("the vocabulary does not fit in uint16");
const base = path.replace(/\.txt$/, "");
writeFileSync(`${base}.tokens.bin`, new Uint16Array(ids));
writeFileSync(`${base}.vocab.json`, JSON.stringify({source: path, characters: text.length, tokens: ids.length, ...vocab}));
console.log(`${path}: ${text.length} characters, ${documents.length} documents, ${ids.length} tokens, vocabulary ${tokenizer.vocabSize}`);
