// The page's own reactive runtime, the one Framework's client defines the lesson's cells in. A reader's edit of a
// cell replaces the lesson's definition there, so the cells that use it rerun and nothing upstream does, as in
// Framework's live preview. Framework 1.13's built client exports `define` only; `undefine` and the runtime module
// (`main`) are internal to client/main.js. So:
// - the module is found through the runtime's Variable prototype, which the page's runtime shares with any Runtime
//   made here (both import the one _observablehq/runtime.js): the next variable of the page to settle names its
//   module, and the prototype is put back at once;
// - a cell is undefined as client/main.js's `undefine` does it: the nodes it displayed (`_nodes`, on the
//   `<!--:id:-->` comment that marks its place) are removed and its variables deleted, found by their observer's node.
import {define} from "observablehq:client";
import {Runtime} from "observablehq:runtime";
import {Generators} from "observablehq:stdlib";
import {CellError, importSpecifiers, type CellDefinition} from "../../src/cells/index.js";
import type {CellSource} from "../../src/cells/index.js";

/** What the notebook uses of @observablehq/runtime's Variable (src/variable.js). */
interface Variable {
  _name: string | null;
  _type: number;
  _module: Module;
  _observer: unknown;
  _inputs: Variable[];
  _outputs: Set<Variable>;
  _definition: (...args: unknown[]) => unknown;
  _fulfilled(value: unknown): void;
  _rejected(error: unknown): void;
  define(name: string | null, inputs: string[], definition: (...args: never[]) => unknown): Variable;
  delete(): void;
}

/** What the notebook uses of @observablehq/runtime's Module (src/module.js). */
export interface Module {
  _runtime: {_builtin: Module; _variables: Set<Variable>};
  _scope: Map<string, Variable>;
  variable(observer?: unknown, options?: {shadow: Record<string, () => unknown>}): Variable;
}

/** runtime/src/variable.js: a variable made for a name that cells use and none defines. */
const TYPE_IMPLICIT = 2;
/** Names Framework's client gives each cell itself (client/main.js) or the runtime does (module.js). */
const PER_CELL = new Set(["display", "view", "invalidation", "visibility"]);
/**
 * The names of Framework's library (client/main.js) that need no download. Its other names (d3, Plot, html, …) load
 * from a CDN the course cannot reach: a lesson imports its own, and so does a reader's cell.
 */
const LIBRARY = new Set(["now", "width", "dark", "resize", "FileAttachment", "Generators", "Mutable"]);

let found: Promise<Module> | undefined;

/** The runtime module the page's cells live in; resolves once any cell of the page next settles. */
export function pageModule(): Promise<Module> {
  return (found ??= new Promise((resolve) => {
    const prototype = Object.getPrototypeOf(new Runtime().module().variable()) as Variable;
    const {_fulfilled, _rejected} = prototype;
    const seen = (variable: Variable) => {
      const module = variable._module;
      if (module === module._runtime._builtin) return;
      prototype._fulfilled = _fulfilled;
      prototype._rejected = _rejected;
      resolve(module);
    };
    prototype._fulfilled = function (this: Variable, value: unknown) {
      seen(this);
      _fulfilled.call(this, value);
    };
    prototype._rejected = function (this: Variable, error: unknown) {
      seen(this);
      _rejected.call(this, error);
    };
  }));
}

/** Whether a cell may use `name`: a cell of the page defines it, or Framework gives it to every cell. */
export function pageDefines(module: Module): (name: string) => boolean {
  return (name) => {
    if (PER_CELL.has(name) || LIBRARY.has(name)) return true;
    const variable = module._scope.get(name);
    return variable !== undefined && variable._type !== TYPE_IMPLICIT;
  };
}

/** Whether a cell of the page reads `name`. */
export function pageReads(module: Module, name: string): boolean {
  return (module._scope.get(name)?._outputs.size ?? 0) > 0;
}

/**
 * The value a cell of the page gives `name`, once the runtime has computed it: read by a variable of our own that uses
 * the name, observed so that the runtime computes it, and deleted once it has the value. Rejects as the cell does.
 */
export function pageValue(module: Module, name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const settle = (done: (value: unknown) => void) => (value: unknown) => {
      probe.delete();
      done(value);
    };
    const probe = module
      .variable({fulfilled: settle(resolve), rejected: settle(reject)})
      .define(null, [name], (value: unknown) => value);
  });
}

/** Whether `name` is one of the runtime's own library names, which it loads from a CDN unless a cell defines it. */
export function pageReserved(module: Module): (name: string) => boolean {
  return (name) => module._runtime._builtin._scope.has(name);
}

/** The comment that marks a cell's place: Framework displays the cell's output just before it. */
type Root = Comment & {_nodes?: Node[]};
let roots: Map<string, Root> | undefined;
/** Every cell's place by its id, in page order; found once. */
function pageRoots(): Map<string, Root> {
  if (!roots) {
    roots = new Map();
    const walker = document.createNodeIterator(document.body, NodeFilter.SHOW_COMMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const match = /^:([0-9a-f]{8}(?:-\d+)?):$/.exec((node as Comment).data);
      if (match) roots.set(match[1], node as Root);
    }
  }
  return roots;
}
export const cellRoot = (id: string): Root | undefined => pageRoots().get(id);

/** A cell's variable and the one per output that reads it, among `variables`. */
const withOutputs = (cell: Variable, variables: Iterable<Variable>): Variable[] => [
  cell,
  ...[...variables].filter((v) => v._observer === true && v._inputs[0] === cell)
];

/** The variables of each cell redefined here, as its last definition made them. */
const redefined = new Map<string, Variable[]>();

/** The cell's variable (named `cell <id>` when it has outputs), then one per output. */
function cellVariables(module: Module, id: string): Variable[] {
  const known = redefined.get(id);
  if (known) return known;
  const node = cellRoot(id)?.parentNode;
  // A cell's variable is found by the element it displays in. Expressions in one paragraph share it: the page defined
  // them in page order, and a redefined one is no longer among them.
  const theirs = new Set([...redefined.values()].flat());
  const sharing = [...module._runtime._variables].filter(
    (v) => v._module === module && (v._observer as {_node?: Node} | undefined)?._node === node && !theirs.has(v)
  );
  const siblings = [...pageRoots()].filter(([other, root]) => root.parentNode === node && !redefined.has(other));
  const cell = sharing[siblings.findIndex(([other]) => other === id)];
  return cell ? withOutputs(cell, cell._outputs) : [];
}

/** Variables standing in for names an edit stopped defining, so that the cells using them say which cell it was. */
const standIns = new Map<string, Variable>();

/**
 * Replaces the cell's definition in the page's runtime. A name the old definition gave and the new one does not, but
 * some cell uses, becomes an error naming `who` stopped defining it, shown by every cell that uses it. `rejected` hears
 * of each error the cell shows: its code's, or one a cell it uses passes on, whose body then never runs.
 */
export async function redefineCell(
  id: string,
  {inputs, outputs, body}: Pick<CellDefinition, "inputs" | "outputs" | "body">,
  who: string,
  mode: CellSource["mode"] = "block",
  rejected: (error: unknown) => void = () => {}
): Promise<void> {
  const module = await pageModule();
  const root = cellRoot(id);
  if (!root) throw new Error(`This page has no cell ${id}.`);
  const old = cellVariables(module, id);
  const dropped = old.slice(1).map((v) => v._name!);
  root._nodes?.forEach((node) => (node as ChildNode).remove());
  if (root._nodes) root._nodes.length = 0;
  for (const variable of old) variable.delete();
  for (const name of outputs) standIns.get(name)?.delete();
  for (const name of outputs) standIns.delete(name);
  const before = new Set(module._runtime._variables);
  define(mode === "inline" ? {id, mode, inputs, outputs, body} : {id, inputs, outputs, body});
  const made = [...module._runtime._variables].filter((v) => !before.has(v));
  const cell = made.find((v) => (v._observer as {_node?: Node} | undefined)?._node === root.parentNode);
  redefined.set(id, cell ? withOutputs(cell, made) : []);
  // Framework's observer of the cell shows the error; this one's own method hears of it first
  const observer = cell?._observer as {rejected(error: unknown, name?: string): void} | undefined;
  if (observer) {
    const show = observer.rejected;
    observer.rejected = (error, name) => (rejected(error), show.call(observer, error, name));
  }
  for (const name of dropped.filter((name) => !outputs.includes(name))) {
    if (module._scope.get(name)?._type !== TYPE_IMPLICIT) continue; // no cell uses it
    const message = `${name} is not defined any more: ${who} no longer defines it.`;
    standIns.set(
      name,
      module.variable(true).define(name, [], () => {
        throw new Error(message);
      })
    );
  }
}

/**
 * The address the page loads each module its cells import from, read off the lesson's own compiled cells (their
 * `import("…")` calls come first, in the order of the cell's import declarations); read before any edit.
 */
export function pageImports(module: Module, sources: CellSource[]): Map<string, string> {
  const imports = new Map<string, string>();
  for (const {id, source} of sources) {
    let specifiers: string[];
    try {
      specifiers = importSpecifiers(source);
    } catch {
      continue; // a cell Framework could not parse either: it shows its own error
    }
    if (!specifiers.length) continue;
    const compiled = String(cellVariables(module, id)[0]?._definition ?? "");
    const urls = [...compiled.matchAll(/\bimport\(("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]) as string);
    specifiers.forEach((specifier, i) => {
      if (urls[i] !== undefined) imports.set(specifier, new URL(urls[i], location.href).href);
    });
  }
  return imports;
}

/** The variables of each of the reader's own cells: theirs alone, not Framework's. */
const scratch = new Map<string, Variable[]>();

/**
 * Defines (or, given no definition, removes) a cell of the reader's own, which sees every name the page defines and
 * shows what it displays in `output`, and there any error that stops it, unless `saidElsewhere` says it is said
 * already (`rejected` hears of each first). Resolves to an error when it would define a name the page already defines.
 */
export async function defineScratch(
  key: string,
  definition: Pick<CellDefinition, "inputs" | "outputs" | "body"> | undefined,
  output: HTMLElement,
  saidElsewhere: (error: unknown) => boolean = () => false,
  rejected: (error: unknown) => void = () => {}
): Promise<CellError | undefined> {
  const module = await pageModule();
  for (const variable of scratch.get(key) ?? []) variable.delete();
  scratch.delete(key);
  output.replaceChildren();
  if (!definition) return undefined;
  const {inputs, outputs, body} = definition;
  const taken = outputs.filter((name) => pageDefines(module)(name) && !PER_CELL.has(name));
  if (taken.length)
    return new CellError(
      `The page defines ${taken.join(", ")} already: name what your cell defines otherwise.`,
      "syntax"
    );
  const show = (value: unknown) => (output.append(shown(value)), value);
  const observer = {
    pending: () => output.replaceChildren(),
    rejected: (error: unknown) => {
      rejected(error);
      // the cell's own failure is in its status already; an error it only passes on (a cell it uses) is said here
      if (saidElsewhere(error)) return output.replaceChildren();
      const message = document.createElement("p");
      message.dataset.kind = "error";
      message.textContent = error instanceof Error ? error.message : String(error);
      output.replaceChildren(message);
    }
  };
  const name = `cell ${key}`;
  // view(input) shows the input and gives its value, as the lesson's own cells' view does: a generator of its value
  const view = (input: HTMLElement) => (show(input), Generators.input(input));
  const cell = module
    .variable(observer, {shadow: {display: () => show, view: () => view}})
    .define(outputs.length ? name : null, inputs, body);
  scratch.set(key, [
    cell,
    ...outputs.map((o) => module.variable(true).define(o, [name], (values: Record<string, unknown>) => values[o]))
  ]);
  return undefined;
}

/** A value as the reader's cell shows it: a node as it is, anything else as text. */
function shown(value: unknown): Node {
  if (value instanceof Node) return value;
  const text = document.createElement("pre");
  let json: string | undefined;
  try {
    json = typeof value === "string" ? value : JSON.stringify(value);
  } catch {
    // a cycle, or a BigInt: its string will do
  }
  text.textContent = (json ?? String(value)).slice(0, 2000);
  return text;
}
