export * from "./backend.js";
export * from "./download.js";
export * from "./session.js";
