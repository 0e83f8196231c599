// The names an Observable Framework 1.13 page gives its cells without an import, as its client defines them
// (@observablehq/framework/dist/client/main.js, stdlib/, and the runtime's per-cell invalidation and visibility),
// typed as a cell that reads them sees them: a cell that uses a generator such as `width` or `now` receives each value
// it yields. Global to the lesson type check only (scripts/typecheckLessons.ts), never to src/ or components/; a
// page's own definition of a name shadows these, as it does in Framework.
//
// Framework's implicit libraries (d3, Inputs, html, htl, svg, Plot, tex, ...) are left out on purpose: used without
// an import they are fetched from a CDN, which the course's offline build cannot reach, so a lesson imports them
// from node_modules, and the type check reports a page that forgets to.

/** Shows a value in the cell's place on the page, and returns it. */
declare function display<T>(value: T): T;

/** Shows an input and gives the cell the input's value, and every later value when the reader changes it. */
declare function view<T>(element: Node & {value: T}): Awaited<T>;

/** The width of the page's main column, in pixels; cells that read it rerun when it changes. */
declare const width: number;

/** Whether the page is in its dark theme. */
declare const dark: boolean;

/** The current time, `Date.now()`, for as long as the page runs; cells that read it rerun every frame. */
declare const now: number;

/** Resolves when the cell is about to run again or is removed, so it can stop its work and release resources. */
declare const invalidation: Promise<void>;

/** Resolves with `value` once the cell's output is on screen. */
declare function visibility<T = void>(value?: T): Promise<T>;

/** Redraws `render` whenever the size of the returned container changes. */
declare function resize(
  render: (width: number, height: number) => Node | null | Promise<Node | null>,
  invalidation?: Promise<unknown>
): HTMLDivElement;

/** A file of the site named by a literal path relative to the page (Framework copies exactly those). */
declare function FileAttachment(name: string): FileAttachment;

interface FileAttachment {
  readonly name: string;
  readonly mimeType: string;
  readonly lastModified: number;
  readonly size: number;
  readonly href: string;
  url(): Promise<string>;
  blob(): Promise<Blob>;
  arrayBuffer(): Promise<ArrayBuffer>;
  text(encoding?: string): Promise<string>;
  // Framework parses JSON without a schema; a cell states the shape it relies on where it needs one.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): Promise<any>;
  stream(): Promise<ReadableStream<Uint8Array>>;
  dsv(options?: {delimiter?: string; array?: boolean; typed?: boolean}): Promise<unknown[]>;
  csv(options?: {array?: boolean; typed?: boolean}): Promise<unknown[]>;
  tsv(options?: {array?: boolean; typed?: boolean}): Promise<unknown[]>;
  image(props?: Partial<HTMLImageElement>): Promise<HTMLImageElement>;
  xml(mimeType?: DOMParserSupportedType): Promise<Document>;
  html(): Promise<Document>;
}

/**
 * Framework's generators: each yields values that a cell reading the generator receives one by one. A cell's own
 * `const x = Generators.observe(…)` is a generator in that cell and, in every other cell, the value it last yielded;
 * the check sees all cells as one module, so observe and queue are typed as both.
 */
declare const Generators: {
  input<T>(element: Node & {value: T}): AsyncGenerator<T>;
  observe<T>(initialize: (notify: (value: T) => void) => (() => void) | void): T & AsyncGenerator<T>;
  queue<T>(initialize: (notify: (value: T) => void) => (() => void) | void): T & AsyncGenerator<T>;
  now(): AsyncGenerator<number>;
  width(target: Element, options?: ResizeObserverOptions): AsyncGenerator<number>;
  dark(): AsyncGenerator<boolean>;
};

/** A value that the cell defining it may reassign through `.value`; other cells see the value and rerun. */
declare function Mutable<T>(value?: T): AsyncGenerator<T> & {value: T};
