// The two parts of Observable Framework's build (which ships no types) that the lesson type check reads a page with,
// so it finds the cells and `${…}` expressions exactly as the build does.
declare module "@observablehq/framework/dist/markdown.js" {
  import type MarkdownIt from "markdown-it";
  export function createMarkdownIt(options?: {markdownIt?: (md: MarkdownIt) => MarkdownIt}): MarkdownIt;
}

declare module "@observablehq/framework/dist/frontMatter.js" {
  export function readFrontMatter(input: string): {content: string; data: Record<string, unknown>};
}

declare module "@observablehq/framework/dist/info.js" {
  export function parseInfo(input: string): {tag: string; attributes: Record<string, string>};
}
