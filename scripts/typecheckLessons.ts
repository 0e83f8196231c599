// Type-checks the code of the lessons, which Framework compiles without checking (esbuild strips the types). Each page
// becomes one TypeScript module: its code cells in order, then each `${…}` expression of its prose, with the names a
// Framework page provides declared (scripts/frameworkPage.d.ts), its imports resolved as the build resolves them (so
// types flow from src/ and components/), and every name one cell defines visible to the others, as Framework's
// runtime makes it. Framework runs cells in the order of their dependencies, not of the page, so the only diagnostics
// left out are uses before a declaration that lies in another cell; within a cell they are still errors.
//
// `tsx scripts/typecheckLessons.ts` checks every page of lessons/ (npm run typecheck runs it), with file arguments
// those pages; it prints each problem at its page, line and column, names the cell, and exits 1 if there is one.
import {readdirSync, readFileSync} from "node:fs";
import {dirname, join, relative, resolve, sep} from "node:path";
import {fileURLToPath} from "node:url";
import {readFrontMatter} from "@observablehq/framework/dist/frontMatter.js";
import {parseInfo} from "@observablehq/framework/dist/info.js";
import {createMarkdownIt} from "@observablehq/framework/dist/markdown.js";
import type Token from "markdown-it/lib/token.mjs";
import ts from "typescript";
import config from "../observablehq.config.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const lessons = join(root, "lessons");

/** A piece of a page's code, a fenced cell or a `${…}` expression, placed in the page's module and in the page. */
interface Piece {
  kind: "cell" | "expression";
  /** A fence marked editable: code the reader is meant to change, an exercise's starting code, say. */
  editable?: boolean;
  tag: string;
  code: string;
  /** Where the code starts in the Markdown, 1-based. */
  line: number;
  column: number;
  /** How a message names it: "cell 3 (the ```ts at line 40)". */
  name: string;
  /** Where the code lies in the page's module. */
  start: number;
  end: number;
}

interface Problem {
  file: string;
  line: number;
  column: number;
  where: string;
  message: string;
}

/** The cells and expressions of a page, found by Framework's own Markdown parser with the course's plugins. */
function pagePieces(markdown: string): Omit<Piece, "start" | "end">[] {
  const {content} = readFrontMatter(markdown);
  if (!markdown.endsWith(content)) throw new Error("the page's front matter is not at its start");
  const offset = markdown.length - content.length;
  const frontLines = markdown.slice(0, offset).split("\n").length - 1;
  const pieces: Omit<Piece, "start" | "end">[] = [];
  let cells = 0;
  let expressions = 0;
  // Where the search for the next expression's text starts: past the code before it, so none is found in a cell.
  let cursor = offset;
  const lineStart = (line: number) => offset + content.split("\n", line).join("\n").length + (line ? 1 : 0);
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.map) cursor = Math.max(cursor, lineStart(token.map[0]));
      if (token.type === "fence") {
        const {tag, attributes} = parseInfo(token.info);
        if (attributes.run?.toLowerCase() !== "false" && ["js", "ts", "jsx", "tsx"].includes(tag)) {
          const fence = frontLines + token.map![0] + 1;
          pieces.push({
            kind: "cell",
            editable: "editable" in attributes,
            tag,
            code: token.content,
            line: fence + 1,
            column: 1,
            name: `cell ${++cells} (the \`\`\`${tag} at line ${fence})`
          });
        }
        cursor = lineStart(token.map![1]);
      } else if (token.type === "placeholder") {
        const index = markdown.indexOf("${" + token.content, cursor);
        if (index < 0) throw new Error(`cannot find the expression \${${token.content}} in the page`);
        const before = markdown.slice(0, index + 2).split("\n");
        const line = before.length;
        pieces.push({
          kind: "expression",
          tag: "js",
          code: token.content,
          line,
          column: before[line - 1].length + 1,
          name: `expression ${++expressions} (\${…} at line ${line})`
        });
        cursor = index + 2 + token.content.length;
      }
      if (token.children) visit(token.children);
    }
  };
  visit(createMarkdownIt({markdownIt: config.markdownIt}).parse(content, {}));
  return pieces;
}

/** A piece's code as a statement of its own: an expression is one in parentheses. */
const statement = ({kind, code}: Pick<Piece, "kind" | "code">) => (kind === "cell" ? code : `(${code});`);

/** A page as one module: its pieces one after another, each ending its statement as a cell of its own does. */
function pageModule(file: string): {file: string; text: string; pieces: Piece[]} {
  let text = "";
  const pieces = pagePieces(readFileSync(file, "utf8")).map((piece) => {
    const start = text.length + (piece.kind === "cell" ? 0 : "(".length);
    text += `${statement(piece)}\n;\n`;
    return {...piece, start, end: start + piece.code.length};
  });
  // A module even when no cell imports anything, so that its names stay its own and never meet another page's.
  return {file, text: text + "export {};\n", pieces};
}

/** The place in the page of a position in its module. */
function placeOf(piece: Piece, text: string, position: number): {line: number; column: number} {
  const before = text.slice(piece.start, position).split("\n");
  const last = before[before.length - 1].length;
  return {line: piece.line + before.length - 1, column: before.length > 1 ? last + 1 : piece.column + last};
}

/** Uses before a declaration: of a block-scoped variable, a class, an enum; of a variable before it is assigned. */
const useBeforeDeclaration = new Set([2448, 2449, 2450, 2454]);
/** "'x' is declared but its value is never read." */
const UNUSED = 6133;

/** Type-checks the pages: every problem, at its page, line and column, in the cell or expression it names. */
function typecheckLessons(files: string[]): {problems: Problem[]; pieces: number} {
  // TypeScript names files with forward slashes, on Windows too.
  const pages = new Map(files.map((file) => [`${file.replaceAll(sep, "/")}.ts`, pageModule(file)]));
  const pieces = [...pages.values()].reduce((n, page) => n + page.pieces.length, 0);
  const problems: Problem[] = [];
  const report = (page: {file: string; text: string}, piece: Piece, position: number, message: string) =>
    problems.push({file: page.file, ...placeOf(piece, page.text, position), where: piece.name, message});
  const text = (diagnostic: ts.Diagnostic) =>
    `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;

  for (const [path, page] of pages) {
    for (const piece of page.pieces.filter((p) => p.kind === "cell" && p.tag !== "ts")) {
      problems.push({
        file: page.file,
        line: piece.line - 1,
        column: 1,
        where: piece.name,
        message: `lessons are TypeScript: make this \`\`\`${piece.tag} cell a \`\`\`ts cell`
      });
    }
    // A cell that does not parse would run on into the next ones in the page's module: its own error says more.
    let broken = false;
    for (const piece of page.pieces) {
      const shift = piece.kind === "cell" ? 0 : "(".length;
      for (const diagnostic of ts.transpileModule(statement(piece), {reportDiagnostics: true}).diagnostics ?? []) {
        report(page, piece, piece.start - shift + diagnostic.start!, text(diagnostic));
        broken = true;
      }
    }
    if (broken) pages.delete(path);
  }

  const {config: tsconfig} = ts.readConfigFile(join(root, "tsconfig.json"), ts.sys.readFile);
  const {options} = ts.convertCompilerOptionsFromJson(tsconfig.compilerOptions, root);
  // A page runs in the browser: no Node types. A cell's top-level names are its outputs, whether or not another cell
  // reads them (a model loader's view shows its progress either way).
  Object.assign(options, {types: [], noUnusedLocals: false});
  const host = ts.createCompilerHost(options);
  const {fileExists, readFile, getSourceFile} = host;
  host.fileExists = (path) => pages.has(path) || fileExists(path);
  host.readFile = (path) => pages.get(path)?.text ?? readFile(path);
  host.getSourceFile = (path, language, ...rest) => {
    const page = pages.get(path);
    return page ? ts.createSourceFile(path, page.text, language) : getSourceFile(path, language, ...rest);
  };
  // As in Framework, a page's relative imports resolve from its folder, its packages from the course's node_modules;
  // src/ and components/, reached through links in the page's folder, import from where they really are.
  const cache = ts.createModuleResolutionCache(root, (path) => path, options);
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map(({text}) => {
      const from = pages.has(containingFile) && !/^\.{0,2}\//.test(text) ? join(lessons, "page.ts") : containingFile;
      const {resolvedModule} = ts.resolveModuleName(text, from, options, host, cache);
      return {
        resolvedModule: resolvedModule && {
          ...resolvedModule,
          resolvedFileName: host.realpath!(resolvedModule.resolvedFileName)
        }
      };
    });
  // components/ declares the types of the untyped packages the lessons import (Observable Inputs, htl).
  const declarations = readdirSync(join(root, "components"))
    .filter((name) => name.endsWith(".d.ts"))
    .map((name) => join(root, "components", name));
  const program = ts.createProgram({
    rootNames: [...pages.keys(), join(root, "scripts/frameworkPage.d.ts"), ...declarations],
    options,
    host
  });
  const checker = program.getTypeChecker();
  const pieceAt = (pieces: Piece[], position: number) => pieces.find((p) => p.start <= position && position <= p.end);

  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const source = diagnostic.file;
    const page = source && pages.get(source.fileName);
    if (!source || diagnostic.start === undefined) {
      problems.push({file: "tsconfig.json", line: 0, column: 0, where: "the options", message: text(diagnostic)});
    } else if (!page) {
      const {line, character} = source.getLineAndCharacterOfPosition(diagnostic.start);
      problems.push({
        file: source.fileName,
        line: line + 1,
        column: character + 1,
        where: "a module",
        message: text(diagnostic)
      });
    } else {
      const piece = pieceAt(page.pieces, diagnostic.start);
      if (!piece) throw new Error(`${text(diagnostic)}, outside every cell of ${page.file}`);
      // an exercise's starting code leaves the arguments it has not used yet for the reader to use
      if (piece.editable && diagnostic.code === UNUSED) continue;
      if (useBeforeDeclaration.has(diagnostic.code)) {
        const symbol = checker.getSymbolAtLocation(nodeAt(source, diagnostic.start));
        const declaration = symbol?.declarations?.[0];
        if (declaration && pieceAt(page.pieces, declaration.getStart()) !== piece) continue;
      }
      report(page, piece, diagnostic.start, text(diagnostic));
    }
  }
  return {problems, pieces};
}

/** The innermost node at a position: the identifier a diagnostic points at. */
function nodeAt(node: ts.Node, position: number): ts.Node {
  const child = node.getChildren().find((c) => c.getStart() <= position && position < c.getEnd());
  return child ? nodeAt(child, position) : node;
}

const files =
  process.argv.length > 2
    ? process.argv.slice(2).map((file) => resolve(file))
    : readdirSync(lessons)
        .filter((name) => name.endsWith(".md"))
        .map((name) => join(lessons, name));
const {problems, pieces} = typecheckLessons(files);
for (const {file, line, column, where, message} of problems) {
  console.error(`${relative(process.cwd(), file)}:${line}:${column} in ${where}: ${message}`);
}
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
console.log(
  problems.length
    ? `The lessons' type check found ${count(problems.length, "problem")}.`
    : `The lessons type-check: ${count(files.length, "page")}, ${pieces} pieces of code (cells and \${…} expressions).`
);
process.exitCode = problems.length ? 1 : 0;
