// Shows a library file in the page, highlighted, so a lesson's formula sits next to the code that computes it.
// The page passes the file's text (a FileAttachment of src/...), so what the reader sees is what runs.
import hljs from "highlight.js/lib/core";
import typescript from "highlight.js/lib/languages/typescript";

hljs.registerLanguage("typescript", typescript);

export function sourceCode(text: string, {title}: {title?: string} = {}): HTMLElement {
  const element = document.createElement("figure");
  element.className = "source-code";
  if (title) {
    const caption = document.createElement("figcaption");
    caption.textContent = title;
    element.append(caption);
  }
  const pre = document.createElement("pre");
  pre.tabIndex = 0; // it scrolls sideways: keyboard readers must be able to reach it
  pre.setAttribute("aria-label", title ?? "Source code");
  const code = document.createElement("code");
  code.className = "language-typescript";
  code.innerHTML = hljs.highlight(text.trimEnd(), {language: "typescript"}).value;
  pre.append(code);
  element.append(pre);
  return element;
}
