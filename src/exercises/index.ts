export * from "./check.js";
export * from "./course.js";
