// Turns the TypeScript of a lesson's cell, as a reader edited it, into a cell definition of the page's reactive
// runtime, in the shape Framework's own transpiler gives its cells (`define({id, inputs, outputs, body})`):
// `inputs` are the names it uses that the page defines, `outputs` the names it declares at its top level, and `body`
// takes the inputs in order and returns the outputs; a cell that is one expression displays it. Static imports
// become dynamic ones of the addresses the page already loads. Lines are kept as the reader wrote them, so an error
// names the reader's line, and every loop has its guard (./guard.ts), as in compileCell.
import type {Node} from "acorn";
import {ancestor} from "acorn-walk";
import {
  type CellError,
  asyncFunction,
  cellSourceUrl,
  declarations,
  guardLoops,
  locate,
  locating,
  parseCell,
  patternNames,
  stopped,
  stripTypes,
  syntaxError,
  type Program
} from "./compile.js";
import {loopGuard} from "./guard.js";

export interface CellDefinition {
  inputs: string[];
  outputs: string[];
  body: (...inputs: unknown[]) => Promise<unknown>;
  /** Whether the cell is one expression, whose value the body displays. */
  expression: boolean;
}

export interface DefinitionOptions {
  /** Whether the page defines a name: a cell's output, or one of Framework's (display, view, width, …). */
  defines: (name: string) => boolean;
  /**
   * Names a cell may not wait for when the page does not define them: the page's runtime would fetch them (Framework's
   * library loads d3, Plot and the like from a CDN). A cell that uses one fails where it does, as plain code would.
   */
  reserved?: (name: string) => boolean;
  /** The address the page loads a module from, for a specifier its cells import; undefined for any other. */
  resolveImport: (specifier: string) => string | undefined;
  /** Names the cell's code in stack traces. */
  id: string;
  /** Milliseconds a loop may run without a break (see loopGuard). */
  budgetMs?: number;
  /**
   * Told when a function the cell defines fails, called later by another cell (with the function's name), and when it
   * works again after failing (with undefined).
   */
  onLaterError?: (error: CellError | undefined, name: string) => void;
  /**
   * Ends a run of the cell that is going on: its loops at their next pass, and at once where it waits on a promise
   * (a CellError of kind "stopped"). Functions a finished run defined are not stopped.
   */
  signal?: AbortSignal;
}

/** Compiles the cell; throws a CellError, at the reader's line and column, for code that does not parse. */
export function cellDefinition(code: string, options: DefinitionOptions): CellDefinition {
  const {defines, reserved = () => false, resolveImport, id, budgetMs = 3000, onLaterError, signal} = options;
  const js = stripTypes(code, {keepUnusedImports: true});
  const program = parseCell(code, js, "module");
  const exported = program.body.find((node) => node.type.startsWith("Export"));
  if (exported)
    throw syntaxError(code, {
      pos: exported.start,
      message: "a cell cannot export: what it declares is what the page sees"
    });
  const expression = isExpression(js, program);
  const outputs = expression ? [] : declarations(program);
  // A name the page defines is an input, and so is one nothing defines yet (the runtime then says it is not defined,
  // and runs the cell again once a cell defines it); the browser's own names (Math, document) are read directly.
  const inputs = [...freeNames(program)].filter(
    (name) => !outputs.includes(name) && (defines(name) || !(name in globalThis || reserved(name)))
  );
  if (expression && !inputs.includes("display")) inputs.push("display");
  const imported = importsToAwaits(code, js, program, resolveImport);
  const guarded = guardLoops(imported, parseCell(code, imported, "script"));
  const sourceUrl = cellSourceUrl(id);
  const text = expression
    ? `display(await (${guarded}\n));`
    : `${guarded}\n${outputs.length ? `return {${outputs.join(", ")}};` : ""}`;
  const run = asyncFunction(["__guard", ...inputs], `"use strict"; {\n${text}\n}\n//# sourceURL=${sourceUrl}`);
  const body = async (...values: unknown[]) => {
    let result: unknown;
    // `signal` reaches the run's loops only while the run goes on
    const during = new AbortController();
    const forward = () => during.abort();
    signal?.addEventListener("abort", forward, {once: true});
    try {
      const running = run(loopGuard(budgetMs, undefined, during.signal), ...values);
      running.catch(() => {}); // a stopped run's own end, later, is nobody's error
      result = await (signal ? Promise.race([running, stopped(signal)]) : running);
    } catch (error) {
      throw locate(error, sourceUrl, budgetMs);
    } finally {
      signal?.removeEventListener("abort", forward);
    }
    // a function it defines, called later by other cells (an exercise's check, a plot), still names the reader's line
    if (expression || !result) return result;
    const outputs = result as Record<string, unknown>;
    for (const [name, value] of Object.entries(outputs))
      if (typeof value === "function" && !isClass(value))
        outputs[name] = locating(
          value as (...args: never[]) => unknown,
          sourceUrl,
          budgetMs,
          onLaterError && ((error) => onLaterError(error, name))
        );
    return outputs;
  };
  return {inputs, outputs, body, expression};
}

/** A class, which runs only with `new`: kept as it is, not wrapped. */
const isClass = (f: object) => /^class\b/.test(Function.prototype.toString.call(f));

/** The modules a cell imports, in order, as the page's build keeps them: type-only imports are gone. */
export function importSpecifiers(code: string): string[] {
  const program = parseCell(code, stripTypes(code, {keepUnusedImports: true}), "module");
  return program.body
    .filter((node) => node.type === "ImportDeclaration")
    .map((node) => (node.source as {value: string}).value);
}

/** One expression and nothing after it but blanks and comments (no semicolon): Framework displays its value. */
function isExpression(js: string, program: Program): boolean {
  const [only] = program.body;
  if (program.body.length !== 1 || only.type !== "ExpressionStatement") return false;
  const expression = only.expression as Node;
  return /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*$/.test(js.slice(expression.end));
}

type Scope = Node & Record<string, unknown>;
type Statement = Node & Record<string, unknown>;

/**
 * The names the program reads or calls that none of its own scopes declares (property names aside): what the cell
 * takes from the page or the browser, or names nothing defines yet. A name is looked up from where it is used out:
 * the blocks, loops, catch clauses, classes and functions around it, then the program's top level.
 */
function freeNames(program: Program): Set<string> {
  const free = new Set<string>();
  const scopes = new Map<Node, Set<string>>();
  const declares = (scope: Node) => {
    let names = scopes.get(scope);
    if (!names) scopes.set(scope, (names = new Set(scopeNames(scope as Scope))));
    return names;
  };
  ancestor(program, {
    Identifier(node, _state, ancestors) {
      const {name} = node as Node & {name: string};
      // the last ancestor is the identifier itself
      for (let i = ancestors.length - 2; i >= 0; i--) if (declares(ancestors[i]).has(name)) return;
      free.add(name);
    }
  });
  return free;
}

/** What a node declares for the code inside it; most nodes declare nothing. */
function scopeNames(node: Scope): string[] {
  switch (node.type) {
    case "Program":
      return [...lexical(node.body as Statement[]), ...hoisted(node.body as Statement[])];
    case "FunctionDeclaration":
    case "FunctionExpression":
    case "ArrowFunctionExpression": {
      const names = (node.params as Node[]).flatMap(patternNames);
      if (node.type !== "ArrowFunctionExpression") names.push("arguments");
      if (node.type === "FunctionExpression") names.push(...patternNames(node.id as Node));
      const body = node.body as Statement;
      if (body.type === "BlockStatement") names.push(...hoisted(body.body as Statement[]));
      return names;
    }
    case "ClassExpression":
    case "ClassDeclaration":
      return patternNames(node.id as Node);
    case "BlockStatement":
    case "StaticBlock":
      return lexical(node.body as Statement[]);
    case "SwitchStatement":
      return lexical((node.cases as {consequent: Statement[]}[]).flatMap((c) => c.consequent));
    case "ForStatement":
      return node.init ? lexical([node.init as Statement]) : [];
    case "ForInStatement":
    case "ForOfStatement":
      return lexical([node.left as Statement]);
    case "CatchClause":
      return patternNames(node.param as Node);
    default:
      return [];
  }
}

/** The names statements declare for their block: let, const, classes and functions. */
function lexical(statements: Statement[]): string[] {
  return statements.flatMap((statement) => {
    if (statement.type === "VariableDeclaration" && statement.kind !== "var")
      return (statement.declarations as {id: Node}[]).flatMap((d) => patternNames(d.id));
    if (statement.type === "FunctionDeclaration" || statement.type === "ClassDeclaration")
      return patternNames(statement.id as Node);
    if (statement.type === "ImportDeclaration")
      return (statement.specifiers as {local: Node}[]).flatMap((s) => patternNames(s.local));
    return [];
  });
}

/** The `var` names declared anywhere in statements, nested blocks included, functions inside them aside. */
function hoisted(statements: Statement[]): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const statement = node as Statement;
    if (typeof statement.type !== "string" || /Function|Class/.test(statement.type)) return;
    if (statement.type === "VariableDeclaration" && statement.kind === "var")
      for (const d of statement.declarations as {id: Node}[]) names.push(...patternNames(d.id));
    for (const key of ["body", "consequent", "alternate", "block", "handler", "finalizer", "cases", "init", "left"])
      visit(statement[key]);
  };
  visit(statements);
  return names;
}

/** Replaces each import declaration, on its own lines, by an await of the module at the page's address. */
function importsToAwaits(
  code: string,
  js: string,
  program: Program,
  resolveImport: (specifier: string) => string | undefined
): string {
  let out = "";
  let from = 0;
  for (const node of program.body) {
    if (node.type !== "ImportDeclaration") continue;
    const specifier = (node.source as {value: string}).value;
    const url = resolveImport(specifier);
    if (url === undefined)
      throw syntaxError(code, {
        pos: code.indexOf(specifier),
        message: `this page does not load "${specifier}"; a cell can import what the lesson's cells import`
      });
    const specifiers = node.specifiers as {
      type: string;
      local: {name: string};
      imported?: {name?: string; value?: string};
    }[];
    const namespace = specifiers.find((s) => s.type === "ImportNamespaceSpecifier");
    const named = specifiers
      .filter((s) => s.type !== "ImportNamespaceSpecifier")
      .map((s) => {
        const imported = s.type === "ImportDefaultSpecifier" ? "default" : (s.imported!.name ?? s.imported!.value!);
        return imported === s.local.name ? imported : `${JSON.stringify(imported)}: ${s.local.name}`;
      });
    const load = `await import(${JSON.stringify(url)})`;
    const statement = namespace
      ? `const ${namespace.local.name} = ${load};${named.length ? ` const {${named}} = ${namespace.local.name};` : ""}`
      : named.length
        ? `const {${named.join(", ")}} = ${load};`
        : `${load};`;
    const lines = js.slice(node.start, node.end).split("\n").length - 1;
    out += js.slice(from, node.start) + statement + "\n".repeat(lines);
    from = node.end;
  }
  return out + js.slice(from);
}
