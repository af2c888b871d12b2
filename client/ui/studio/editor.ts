import { autocompletion, closeBrackets, CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { yaml, yamlLanguage } from "@codemirror/lang-yaml";
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorSelection, EditorState, type Extension, type Text } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from "@codemirror/view";
import { stateExtensions } from "codemirror-json-schema";
import { yamlCompletion } from "codemirror-json-schema/yaml";
import { schemaHover } from "./schema-hover.js";
import { completionSlice, sectionSchema } from "./slice.js";
type JSONSchema7 = Parameters<typeof stateExtensions>[0];
import type { StudioProblem } from "../../net/studio-api.js";

/**
 * The scenario editor: CodeMirror 6 with YAML, the scenario's JSON Schema
 * for completion (Ctrl-Espace) and hover help, and the server validator's
 * problems drawn in place (underline, gutter mark, message on hover). Tab
 * is left to the browser (moving focus), so the editor never traps the
 * keyboard; indentation follows Entrée. Loaded only with the studio.
 *
 * The editor lives in a shadow root: CodeMirror then gives its styles to the
 * browser as constructed style sheets, which the page's Content-Security-Policy
 * (no inline <style>) allows; in the document itself it would write <style>
 * elements. Its look is therefore set here (`sheet`), not in studio.css.
 */

/** The editor's own styles: a light sheet (AA contrast for CodeMirror's default highlight colours), a visible focus. */
const sheet = EditorView.theme({
  "&": { height: "56vh", fontSize: "13px", backgroundColor: "#fff", color: "#1b1f24" },
  "&.cm-focused": { outline: "3px solid #ffd86b", outlineOffset: "-3px" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, monospace' },
  ".cm-gutters": { backgroundColor: "#eef1f4", color: "#3d4650", borderRight: "1px solid #c9d1da" },
  ".cm-activeLine": { backgroundColor: "#f2f6fb" },
  ".cm-activeLineGutter": { backgroundColor: "#dfe7f1" },
  ".cm-tooltip": { color: "#1b1f24", backgroundColor: "#fff", maxWidth: "40rem" },
  ".cm-schema-help": { padding: "4px 8px", whiteSpace: "pre-wrap" },
}, { dark: false });

/** The pause in typing after which the completion list opens by itself (Ctrl-Espace opens it at once). */
const COMPLETION_PAUSE_MS = 300;

export interface ScenarioEditor {
  view: EditorView;
  /** Read only, and why (a `use` share, a bundled scenario, an evaluator), or editable (undefined): no keystroke changes the text; the caret, selection and copy still move through it. */
  setReadOnly(readOnly: string | undefined): void;
  text(): string;
  setText(text: string): void;
  showProblems(problems: StudioProblem[]): void;
  /** Put the cursor at a line and column (the end of the line for `col` Infinity), scroll there and focus the editor. */
  goTo(line: number, col: number): void;
}

/** Offset of a 1-based line and column in the document, clamped to it. */
export function offsetOf(doc: Text, line: number, col: number): number {
  const l = doc.line(Math.max(1, Math.min(line, doc.lines)));
  return Math.min(l.to, l.from + Math.max(0, col - 1));
}

/** A problem as a CodeMirror diagnostic: from its position to the end of the word there (at least one character). */
export function toDiagnostic(doc: Text, p: StudioProblem): Diagnostic {
  const from = offsetOf(doc, p.line, p.col);
  const line = doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const word = /^[^\s:,\]}]+/.exec(rest)?.[0].length ?? 0;
  const to = Math.min(line.to, from + Math.max(1, word));
  return { from, to: Math.max(to, from), severity: p.severity, message: `${p.path}: ${p.message}`, source: "Sangfroid" };
}

/**
 * codemirror-json-schema's YAML completion, asked about the part under the
 * cursor only (`completionSlice`): on a whole bundled scenario (2,000+ lines)
 * it finds no schema for the cursor (some sections elsewhere throw its
 * data-driven schema resolution off), while each section alone resolves
 * (the schema's top level is a map of independent sections), and a list's
 * item alone under its section's key resolves the same. Positions are
 * shifted back to the document's. Hover help: schema-hover.ts.
 */
function bySection(schema: JSONSchema7) {
  const complete = yamlCompletion();
  const cut = new Map<string, JSONSchema7>();
  const schemaFor = (key: string | undefined): JSONSchema7 => {
    if (key === undefined) return schema;
    if (!cut.has(key)) cut.set(key, (sectionSchema(schema as never, key) ?? schema) as JSONSchema7);
    return cut.get(key)!;
  };
  const sub = (state: EditorState, pos: number) => {
    const { head, from, to, key } = completionSlice(state.doc, pos);
    return { shift: from - head.length, state: EditorState.create({ doc: head + state.sliceDoc(from, to), extensions: [yaml(), stateExtensions(schemaFor(key))] }) };
  };
  return {
    completion: async (ctx: CompletionContext): Promise<CompletionResult | null> => {
      const { shift, state } = sub(ctx.state, ctx.pos);
      const r = await complete(new CompletionContext(state, ctx.pos - shift, ctx.explicit));
      if (!r || !("options" in r) || r.options.length === 0) return null;
      return { ...r, from: r.from + shift, ...(r.to !== undefined ? { to: r.to + shift } : {}) };
    },
    hover: schemaHover(schema as never),
  };
}

/**
 * Read only as CodeMirror means it (`EditorState.readOnly`: no input, no
 * paste, no command changes the text) and as assistive technology hears it
 * (`aria-readonly` on the textbox). The content stays `editable` on purpose:
 * with `EditorView.editable` off it would lose its caret, so a keyboard or a
 * screen reader could no longer move through the lines to read them. A key
 * that would have typed calls `refused` (the page says why, once in a while).
 * `readOnly`: why, said after the editor's name (« Lecture seule — partagé
 * par … »; a description by id would not cross the shadow root).
 */
function mode(label: string, readOnly: string | undefined, refused: () => void): Extension {
  if (readOnly === undefined) return EditorView.contentAttributes.of({ "aria-label": label });
  return [
    EditorState.readOnly.of(true),
    EditorView.contentAttributes.of({ "aria-label": `${label} — ${readOnly}`, "aria-readonly": "true" }),
    EditorView.domEventHandlers({
      keydown: (e) => { if (!e.ctrlKey && !e.metaKey && !e.altKey && (e.key.length === 1 || e.key === "Enter" || e.key === "Backspace" || e.key === "Delete")) refused(); return false; },
      paste: () => { refused(); return false; },
    }),
  ];
}

export function createEditor(host: HTMLElement, opts: { text: string; schema?: JSONSchema7; label: string; onChange: (text: string) => void; readOnly?: string; onRefused?: () => void }): ScenarioEditor {
  const modes = new Compartment();
  const refused = () => opts.onRefused?.();
  const schemaHelp = opts.schema ? bySection(opts.schema) : undefined;
  const root = host.attachShadow({ mode: "open" });
  const parent = document.createElement("div");
  root.append(parent);
  const view = new EditorView({
    parent, root,
    state: EditorState.create({
      doc: opts.text,
      extensions: [
        sheet, lineNumbers(), highlightActiveLineGutter(), highlightActiveLine(), drawSelection(), history(), indentOnInput(), bracketMatching(), closeBrackets(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        yaml(),
        // The schema completion is costly on the main thread (codemirror-json-schema compiles the schema at each call):
        // it opens once the author pauses, after the page's validator has shown the problems of what was typed.
        autocompletion({ activateOnTypingDelay: COMPLETION_PAUSE_MS }),
        ...(schemaHelp ? [yamlLanguage.data.of({ autocomplete: schemaHelp.completion }), hoverTooltip(schemaHelp.hover)] : []),
        lintGutter(),
        EditorView.contentAttributes.of({ tabindex: "0" }),
        modes.of(mode(opts.label, opts.readOnly, refused)),
        EditorView.updateListener.of((u) => { if (u.docChanged) opts.onChange(u.state.doc.toString()); }),
      ],
    }),
  });
  return {
    view,
    setReadOnly: (readOnly) => view.dispatch({ effects: modes.reconfigure(mode(opts.label, readOnly, refused)) }),
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    showProblems: (problems) => view.dispatch(setDiagnostics(view.state, problems.map((p) => toDiagnostic(view.state.doc, p)))),
    goTo: (line, col) => {
      const at = offsetOf(view.state.doc, line, col);
      view.dispatch({ selection: EditorSelection.cursor(at), effects: EditorView.scrollIntoView(at, { y: "center" }) });
      view.focus();
    },
  };
}
