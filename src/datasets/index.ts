export * from "./fashionMnist.js";
export * from "./points2d.js";
