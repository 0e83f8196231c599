// The code editor of an editable cell: CodeMirror 6 with TypeScript highlighting, line numbers, bracket matching,
// undo and search (basicSetup). Shift+Enter runs the cell. Tab indents; Escape then Tab leaves the editor, so
// keyboard users are never trapped.
import {indentWithTab} from "@codemirror/commands";
import {javascript} from "@codemirror/lang-javascript";
import {setDiagnostics, type Diagnostic} from "@codemirror/lint";
import {HighlightStyle, syntaxHighlighting} from "@codemirror/language";
import {EditorState} from "@codemirror/state";
import {keymap} from "@codemirror/view";
import {tags} from "@lezer/highlight";
import {basicSetup, EditorView} from "codemirror";

// The page's own syntax colours (Framework's --syntax-* variables, overridden for contrast in style.css), so code
// reads as well in the dark theme as in the light one; CodeMirror's default colours are for light backgrounds only.
const pageColours = HighlightStyle.define([
  {tag: [tags.keyword, tags.operatorKeyword, tags.modifier, tags.controlKeyword], color: "var(--syntax-keyword)"},
  {tag: [tags.string, tags.regexp], color: "var(--syntax-string)"},
  {tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--syntax-constant)"},
  {
    tag: [tags.comment, tags.lineComment, tags.blockComment],
    color: "color-mix(in srgb, var(--theme-foreground) 75%, var(--theme-background))",
    fontStyle: "italic"
  },
  {
    tag: [tags.function(tags.variableName), tags.definition(tags.variableName), tags.typeName],
    color: "var(--syntax-entity)"
  },
  {tag: [tags.propertyName, tags.variableName], color: "var(--theme-foreground)"}
]);

export interface CodeEditorOptions {
  doc: string;
  label: string;
  onRun: () => void;
  onChange: (code: string) => void;
  readOnly?: boolean;
}

export function codeEditor({doc, label, onRun, onChange, readOnly = false}: CodeEditorOptions): EditorView {
  return new EditorView({
    doc,
    extensions: [
      keymap.of([{key: "Shift-Enter", run: () => (onRun(), true)}, indentWithTab]),
      basicSetup,
      syntaxHighlighting(pageColours),
      javascript({typescript: true}),
      EditorState.readOnly.of(readOnly),
      // Long lines wrap: a sideways-scrolling box is one keyboard readers cannot reach, and phones are narrow.
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({"aria-label": label}),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) onChange(update.state.doc.toString());
      })
    ]
  });
}

export function replaceDoc(view: EditorView, code: string): void {
  view.dispatch({changes: {from: 0, to: view.state.doc.length, insert: code}});
}

/** Underlines [from, to) with the message, or clears every mark when called without one. */
export function markError(view: EditorView, error?: {from: number; to: number; message: string}): void {
  const length = view.state.doc.length;
  const diagnostics: Diagnostic[] = error
    ? [{from: Math.min(error.from, length), to: Math.min(error.to, length), severity: "error", message: error.message}]
    : [];
  view.dispatch(setDiagnostics(view.state, diagnostics));
}
