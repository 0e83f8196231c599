// The code editor of an editable cell: CodeMirror 6 with TypeScript highlighting, line numbers, bracket matching,
// undo and search (basicSetup). Shift+Enter runs the cell. Tab indents; Escape then Tab leaves the editor, so
// keyboard users are never trapped.
import {indentWithTab} from "@codemirror/commands";
import {javascript} from "@codemirror/lang-javascript";
import {setDiagnostics, type Diagnostic} from "@codemirror/lint";
import {EditorState} from "@codemirror/state";
import {keymap} from "@codemirror/view";
import {basicSetup, EditorView} from "codemirror";

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
