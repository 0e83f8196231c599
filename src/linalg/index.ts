export * from "./matrix.js";
export * from "./softmax.js";
