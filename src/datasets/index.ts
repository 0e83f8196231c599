export * from "./fashionMnist.js";
