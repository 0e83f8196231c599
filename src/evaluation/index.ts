export * from "./surprisal.js";
export * from "./ngram.js";
