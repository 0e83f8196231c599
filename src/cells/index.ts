export * from "./compile.js";
export * from "./definition.js";
export * from "./guard.js";
export * from "./share.js";
export * from "./storage.js";
export * from "./diff.js";
export * from "./sources.js";
