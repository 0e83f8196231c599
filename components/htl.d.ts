// Hypertext Literal (htl, which ships no types), as the lessons use it. A template of one element gives that element,
// the case the types name; one of text alone gives a Text node, several top-level nodes a span (an SVG g), an empty
// one null. `.fragment` always gives the fragment.
declare module "htl" {
  interface Hypertext<T extends Element> {
    (strings: TemplateStringsArray, ...values: unknown[]): T;
    fragment(strings: TemplateStringsArray, ...values: unknown[]): DocumentFragment;
  }
  export const html: Hypertext<HTMLElement>;
  export const svg: Hypertext<SVGElement>;
}
