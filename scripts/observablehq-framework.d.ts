// The parts of Observable Framework's build (which ships no types) that the lesson type check and the tests read a
// page with, so they find the cells and `${…}` expressions exactly as the build does.
declare module "@observablehq/framework/dist/markdown.js" {
  import type MarkdownIt from "markdown-it";
  export function createMarkdownIt(options?: {markdownIt?: (md: MarkdownIt) => MarkdownIt}): MarkdownIt;
  /** Parses a page as the build does: its body HTML, and its cells with the ids the page's module defines them by. */
  export function parseMarkdown(
    input: string,
    options: {md: MarkdownIt; path: string}
  ): {body: string; code: {id: string; mode: string}[]};
}

declare module "@observablehq/framework/dist/frontMatter.js" {
  export function readFrontMatter(input: string): {content: string; data: Record<string, unknown>};
}

declare module "@observablehq/framework/dist/info.js" {
  export function parseInfo(input: string): {tag: string; attributes: Record<string, string>};
}
