// Turns the TypeScript a reader typed into a function the page can run: types stripped by sucrase (lines kept
// as they are, so errors point at the reader's own lines), every loop given its own guard that stops it once it has
// run for a time budget without a break, and the cell's output binding returned. Nothing here touches the DOM.
import {parse, type Node} from "acorn";
import {ancestor} from "acorn-walk";
import {transform} from "../vendor/sucrase.js";
import {loopGuard, LoopTimeout, RunStopped} from "./guard.js";

export type CellErrorKind = "syntax" | "runtime" | "timeout" | "missing-output" | "stopped";

/**
 * An error in a reader's cell, with where it happened in the cell's own code (1-based), when known. Its message is a
 * sentence for the reader, and so is its string, which Framework shows when a page's cell fails on it.
 */
export class CellError extends Error {
  constructor(
    message: string,
    readonly kind: CellErrorKind,
    readonly line?: number,
    readonly column?: number,
    /** Offsets into the cell's code, for underlining. */
    readonly from?: number,
    readonly to?: number
  ) {
    super(message);
    this.name = "CellError";
  }

  toString(): string {
    return this.message;
  }
}

export interface CellOptions {
  /** The name the cell must define; its value is the cell's value. */
  output: string;
  /** Names the cell may use, with their values: the course library, the page's values. */
  scope?: Record<string, unknown>;
  /** Milliseconds one loop may run, counted from its entry or the page's last turn, before it is stopped. */
  budgetMs?: number;
  /** Used in stack traces to find the cell's lines. */
  id?: string;
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<unknown>;

/** `body` as an async function of `params`; a syntax CellError where the engine refuses what the parser let through. */
export function asyncFunction(params: string[], body: string): (...values: unknown[]) => Promise<unknown> {
  try {
    return new AsyncFunction(...params, body);
  } catch (error) {
    throw new CellError(`Your code does not parse: ${sentence((error as Error).message)}`, "syntax");
  }
}

export type Program = Node & {body: (Node & Record<string, unknown>)[]};
type Pattern = Node & {name?: string; properties?: Node[]; elements?: (Node | null)[]} & Record<string, unknown>;

/**
 * The reader's TypeScript with its types stripped, every line where it was; a syntax error at its line and column.
 * `keepUnusedImports` keeps an import nothing uses, as Framework's build does for a page's cells.
 */
export function stripTypes(code: string, {keepUnusedImports = false} = {}): string {
  try {
    return transform(code, {transforms: ["typescript"], disableESTransforms: true, keepUnusedImports}).code;
  } catch (error) {
    throw syntaxError(code, error as Error & {pos?: number});
  }
}

/** `js`, the stripped `code`, parsed; a syntax error at its line and column in `code`. */
export function parseCell(code: string, js: string, sourceType: "module" | "script"): Program {
  try {
    return parse(js, {ecmaVersion: "latest", sourceType, allowAwaitOutsideFunction: true}) as unknown as Program;
  } catch (error) {
    throw syntaxError(code, error as Error & {pos?: number});
  }
}

/** The names a binding pattern declares: `a`, `{a, b: [c, ...d]}`, `e = 1`. */
export function patternNames(node: Node | null | undefined): string[] {
  const pattern = node as Pattern | null | undefined;
  if (!pattern) return [];
  if (pattern.type === "Identifier") return [pattern.name!];
  if (pattern.type === "ObjectPattern")
    return pattern.properties!.flatMap((p) => patternNames(p.type === "Property" ? ((p as Pattern).value as Node) : p));
  if (pattern.type === "ArrayPattern") return pattern.elements!.flatMap(patternNames);
  if (pattern.type === "RestElement") return patternNames(pattern.argument as Node);
  if (pattern.type === "AssignmentPattern") return patternNames(pattern.left as Node);
  return [];
}

/** The names the program declares at its top level, destructured ones and imports included. */
export function declarations(program: Program): string[] {
  const names: string[] = [];
  for (const node of program.body) {
    if (node.type === "VariableDeclaration")
      for (const d of node.declarations as {id: Node}[]) names.push(...patternNames(d.id));
    else if (node.type === "FunctionDeclaration" || node.type === "ClassDeclaration")
      names.push(...patternNames(node.id as Node));
    else if (node.type === "ImportDeclaration")
      for (const s of node.specifiers as {local: Node}[]) names.push(...patternNames(s.local));
  }
  return [...new Set(names)];
}

/**
 * Compiles code that defines one name, outside any page (a worker runs the reader's training rules so); throws a
 * CellError for a syntax error or a missing output, before anything runs. The function it returns runs the code.
 */
export function compileCell(code: string, options: CellOptions): () => Promise<unknown> {
  const {output, scope = {}, budgetMs = 3000, id = output} = options;
  const js = stripTypes(code);
  const program = parseCell(code, js, "script");
  if (!declarations(program).includes(output)) {
    throw new CellError(`This cell must define ${output}: the rest of the page uses it.`, "missing-output");
  }
  const names = Object.keys(scope);
  const sourceUrl = cellSourceUrl(id);
  // The code sits in a block of its own, so it may declare a name that the scope also has.
  const body = `"use strict"; {\n${guardLoops(js, program)}\nreturn ${output};\n}\n//# sourceURL=${sourceUrl}`;
  const run = asyncFunction([...names, "__guard"], body);

  /** Runs the cell: resolves to its output, or rejects with a CellError that names the line. */
  return async function runCell(): Promise<unknown> {
    try {
      const value = await run(...names.map((n) => scope[n]), loopGuard(budgetMs));
      return typeof value === "function"
        ? locating(value as (...args: unknown[]) => unknown, sourceUrl, budgetMs)
        : value;
    } catch (error) {
      throw locate(error, sourceUrl, budgetMs);
    }
  };
}

/**
 * A function a reader's cell defined, which runs later, inside the page's cells: what it throws still names the
 * reader's line. `onLaterError` hears of each failure, and of the first call that goes well after one.
 */
export function locating<F extends (...args: never[]) => unknown>(
  f: F,
  sourceUrl: string,
  budgetMs: number,
  onLaterError?: (error: CellError | undefined) => void
): F {
  let failed = false;
  const told = (error: CellError | undefined) => {
    if (error || failed) onLaterError?.(error);
    failed = error !== undefined;
  };
  const wrapped = function (this: unknown, ...args: Parameters<F>) {
    let result: unknown;
    try {
      result = f.apply(this, args);
    } catch (error) {
      const located = locate(error, sourceUrl, budgetMs);
      told(located);
      throw located;
    }
    told(undefined);
    return result;
  };
  Object.defineProperty(wrapped, "name", {value: f.name});
  tellers.set(wrapped, told);
  return wrapped as F;
}

/** How to tell the cell that defined a function of a reader's that the page's use of it failed, or went well again. */
const tellers = new WeakMap<object, (error: CellError | undefined) => void>();

/**
 * Runs `use`, the page's use of `value`; when `value` is a function a reader's cell defined and `use` throws (the
 * function returned what the page cannot use: a mask that leaves a query nothing to look at, a filter's NaN), the
 * error is also said under that cell, where the reader can mend it, and is thrown, as the same sentence, where it surfaced.
 */
export function answerFor<T>(value: unknown, use: () => T): T {
  const tell = typeof value === "function" ? tellers.get(value) : undefined;
  try {
    const result = use();
    tell?.(undefined);
    return result;
  } catch (error) {
    if (!tell) throw error;
    const message = error instanceof Error ? error.message : thrownValue(error);
    const said =
      error instanceof CellError
        ? error
        : new CellError(`The page cannot use what it returned: ${sentence(message)}`, "runtime");
    tell(said);
    throw said; // where it surfaced too, a sentence: no error class's name before it
  }
}

/** Rejects with RunStopped once `signal` is aborted. */
/** Rejects with RunStopped once `signal` aborts. */
export function stopped(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    const stop = () => reject(new RunStopped());
    if (signal.aborted) stop();
    else signal.addEventListener("abort", stop, {once: true});
  });
}

/** The name a cell's code goes by in stack traces. */
export function cellSourceUrl(id: string): string {
  return `stepwise-cell-${id.replace(/[^\w-]/g, "_")}.js`;
}

/** A CellError for an error raised by the cell `id` outside any run (a promise it left rejected), or undefined. */
export function errorFromCell(error: unknown, id: string, budgetMs = 3000): CellError | undefined {
  const sourceUrl = cellSourceUrl(id);
  return error instanceof Error && String(error.stack).includes(sourceUrl)
    ? locate(error, sourceUrl, budgetMs)
    : undefined;
}

/**
 * Gives every loop a guard of its own, keeping every line where it was: the loop (with its labels, so that
 * `continue label` still names a loop) goes in a block that enters the guard, and its body starts with a pass.
 */
export function guardLoops(js: string, program: Node): string {
  // Inserts at one offset go closing braces first, then opening text from the outermost node in.
  const edits: {at: number; text: string; depth: number}[] = [];
  const guard = (loop: Node, _state: unknown, ancestors: Node[]) => {
    const depth = ancestors.length - 1;
    let outer = depth;
    while (outer > 0 && ancestors[outer - 1].type === "LabeledStatement") outer--;
    const statement = ancestors[outer];
    edits.push(
      {at: statement.start, text: "{const __loop = __guard();", depth: outer},
      {at: statement.end, text: "}", depth: -1}
    );
    const body = (loop as Node & {body: Node}).body;
    if (body.type === "BlockStatement") edits.push({at: body.start + 1, text: "__loop();", depth: depth + 0.5});
    else edits.push({at: body.start, text: "{__loop();", depth: depth + 0.5}, {at: body.end, text: "}", depth: -1});
  };
  ancestor(program, {
    ForStatement: guard,
    ForInStatement: guard,
    ForOfStatement: guard,
    WhileStatement: guard,
    DoWhileStatement: guard
  });
  edits.sort((a, b) => a.at - b.at || a.depth - b.depth);
  let out = "";
  let from = 0;
  for (const {at, text} of edits) {
    out += js.slice(from, at) + text;
    from = at;
  }
  return out + js.slice(from);
}

/** A message as one sentence, ending in a full stop unless it already ends as a sentence does. */
export const sentence = (message: string) => (/[.!?]$/.test(message) ? message : `${message}.`);

/**
 * A CellError at the position acorn or sucrase reports, or one of the course's own at a position of the reader's
 * code, as line and column of that code.
 */
export function syntaxError(code: string, error: {message: string; pos?: number}): CellError {
  const message = error.message.replace(/\s*\(\d+:\d+\)$/, "");
  const pos = Math.min(error.pos ?? 0, code.length);
  const {line, column} = lineColumn(code, pos);
  const end = Math.min(code.length, pos + Math.max(1, /^\w+/.exec(code.slice(pos))?.[0].length ?? 1));
  return new CellError(
    `Your code does not parse at line ${line}, column ${column}: ${sentence(message)}`,
    "syntax",
    line,
    column,
    pos,
    end
  );
}

export function lineColumn(code: string, pos: number): {line: number; column: number} {
  const before = code.slice(0, pos).split("\n");
  return {line: before.length, column: before[before.length - 1].length + 1};
}

// The function's header takes lines before the cell's first line; measure how many once, in this engine.
let headerLines: number | undefined;
function bodyLineOffset(): number {
  if (headerLines === undefined) {
    try {
      new Function("a", "b", `"use strict";\nthrow new Error();\n//# sourceURL=stepwise-probe.js`)();
    } catch (error) {
      const line = /stepwise-probe\.js:(\d+)/.exec(String((error as Error).stack))?.[1];
      headerLines = line ? Number(line) - 2 : 2;
    }
  }
  return headerLines!;
}

/** Turns anything the cell threw into a CellError with the cell's line, read from the stack. */
export function locate(error: unknown, sourceUrl: string, budgetMs: number): CellError {
  if (error instanceof CellError) return error;
  if (error instanceof RunStopped) return new CellError("Stopped: this run was ended before it finished.", "stopped");
  if (error instanceof LoopTimeout) {
    const line = lineOf(error, sourceUrl);
    const where = line ? ` (the loop at line ${line})` : "";
    const message = `Stopped after ${budgetMs / 1000} s: a loop in this cell never let the page go on${where}. Is it endless?`;
    return new CellError(message, "timeout", line);
  }
  if (!(error instanceof Error))
    return new CellError(
      `Your code threw ${thrownValue(error)}, not an Error: throw new Error("…") names the line.`,
      "runtime"
    );
  const line = lineOf(error, sourceUrl);
  return new CellError(
    `Your code failed${line ? ` at line ${line}` : ""}: ${sentence(error.message)}`,
    "runtime",
    line
  );
}

/** What kind of value a cell defined, in words: "a function", "an array", "a Float32Array", "a number". */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  const type = typeof value;
  return type === "object" ? "an object" : `a ${type}`;
}

/** A thrown value that is not an Error, in words: `{code: 3}`, not "[object Object]". */
function thrownValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 80) + "…" : value);
  if (value === null || typeof value !== "object") return String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    // a cycle, or a BigInt inside
  }
  const shown = text && text !== "{}" ? (text.length > 80 ? text.slice(0, 80) + "…" : text) : "";
  return `${Array.isArray(value) ? "an array" : "an object"}${shown ? ` ${shown}` : ""}`;
}

function lineOf(error: Error, sourceUrl: string): number | undefined {
  const match = new RegExp(`${sourceUrl.replace(/\./g, "\\.")}:(\\d+)`).exec(String(error.stack));
  // the body starts with one line of "use strict"
  return match ? Number(match[1]) - bodyLineOffset() - 1 : undefined;
}
