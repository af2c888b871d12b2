import { api, type ApiError } from "../../net/api.js";
import { studioApi, type LibraryDetail, type StudioProblem } from "../../net/studio-api.js";
import type { Scenario } from "../../../shared/scenario/schema.js";
import { announce } from "../announce.js";
import { h, newId, tabs } from "../dom.js";
import type { Screen } from "../screen.js";
import { createEditor, type ScenarioEditor } from "./editor.js";
import { localCheck } from "./local-check.js";
import { typingPace, type PaceBounds } from "./pace.js";
import { st, when } from "./text.js";
import "./studio.css";
import { createViews } from "./views.js";
import { authorHelp } from "./author-help.js";
import { duplicateButton, readOnlyBanner, readOnlyReason, renameForm } from "./edit-controls.js";

/**
 * One scenario in the studio: the editor, validation as you type with its
 * problems underlined in place and listed (a click puts the cursor there):
 * at each keystroke the page's own validator (local-check.ts: the server's
 * loader in a Web Worker, the same words) answers within the frame or two,
 * and the server's check, the authority, follows once the author pauses
 * (a wait adapted to their typing pace, pace.ts; a newer keystroke aborts
 * the request in flight) and replaces what the page said if it differs;
 * the views that follow the text (chronogramme, statechart, preview by
 * role, playtest), the versions with who and when, save as a new version.
 * Read only for a `use` share and a bundled scenario (`bundled`: opened by
 * its key): said above the editor and to screen readers, « Dupliquer » for
 * a copy of one's own (not for an evaluator, who reads only); the page's
 * validator alone then (the server's check is an author's tool). The owner
 * renames the file (edit-controls.ts).
 */

/** The server check's wait after a keystroke, as a multiple of the typing pace: later when the page's validator already answered, sooner when it is the only feedback. */
const SERVER_WAIT: Record<"withLocal" | "alone", PaceBounds> = { withLocal: { min: 250, max: 1000, factor: 2 }, alone: { min: 60, max: 350, factor: 1.5 } };

/** After the frame that shows the problems: the views' redraw (a compile, a chart) must not hold that frame back. */
const afterPaint = (fn: () => void) => requestAnimationFrame(() => setTimeout(fn, 0));

export async function studioEdit(id: string, source: "library" | "bundled" = "library"): Promise<Screen> {
  const el = h("div", { class: "screen studio studio-edit", "data-screen": "studio-edit" });
  let detail: LibraryDetail;
  let reader = false;
  try {
    const [d, me] = await Promise.all([source === "bundled" ? studioApi.bundled(id) : studioApi.get(id), api.me().catch(() => undefined)]);
    detail = d;
    reader = me?.role === "evaluator";
  } catch (err) {
    el.replaceChildren(h("h1", null, st("title")), h("p", { class: "form-error", role: "alert" }, `${st("failed")} ${(err as Error).message}`), h("a", { href: "#/studio", class: "btn" }, st("back")));
    return { el, title: () => st("title"), dispose: () => undefined };
  }
  const schema = await studioApi.schema().catch(() => undefined);
  let saved = detail.latest.text;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inflight: AbortController | undefined;

  let readOnly = readOnlyReason(detail);
  const heading = h("h1", null, detail.filename);
  const state = h("p", { class: "muted small", "data-testid": "version-state" });
  const count = h("p", { class: "studio-count", role: "status" });
  const list = h("ol", { class: "studio-problems", "aria-label": st("problems") });
  const versions = h("ol", { class: "studio-versions" });
  const editorBox = h("div", { class: "studio-editor" });
  const views = createViews();
  const error = h("p", { class: "form-error", role: "alert" });

  /** The version opened from the list (undefined: the latest). */
  let opened: number | undefined;
  const showState = () => {
    const v = (opened !== undefined ? detail.versions.find((x) => x.version === opened) : undefined) ?? detail.versions.at(-1);
    const which = v ? st("versionBy", { v: v.version, author: v.author, when: when(v.createdAt) }) : st("bundledState");
    // A read-only editor holds no change of the reader's: the text differs from the latest only because an older version is open.
    const unsaved = !readOnly && editor.text() !== saved;
    state.textContent = `${which} · ${(v ?? detail).valid ? st("valid") : st("draft", { n: detail.latest.problems.filter((p) => p.severity === "error").length })}${unsaved ? ` · ${st("unsaved")}` : ""}`;
  };
  let shown = "";
  /** Draw the problems (unless the very same are drawn: focus in the list stays); `from` says whose check it was. */
  const showProblems = (problems: StudioProblem[], from: "page" | "server") => {
    count.dataset.checkedBy = from;
    const sig = JSON.stringify(problems);
    if (sig === shown) return;
    shown = sig;
    editor.showProblems(problems);
    const errors = problems.filter((p) => p.severity === "error").length;
    count.textContent = problems.length === 0 ? st("noProblem") : st("problemCount", { errors, warnings: problems.length - errors });
    list.replaceChildren(...problems.slice(0, 200).map((p) => h("li", { class: `problem problem-${p.severity}` },
      h("button", { type: "button", class: "linklike", onclick: () => editor.goTo(p.line, p.col) },
        h("span", { class: "sr-only" }, `${st(p.severity)} — `), h("span", { class: "problem-at" }, st("lineCol", { line: p.line, col: p.col })), " ",
        h("code", null, p.path), " ", h("span", null, p.message)))));
  };
  // Each text typed is a revision; only the current one's answers are shown.
  let rev = 0;
  let current = { rev, text: detail.latest.text };
  let serverAnswered = -1;
  const pace = typingPace();
  const settle = (r: number, problems: StudioProblem[], valid: boolean, from: "page" | "server", scenario?: Scenario) => {
    if (r !== current.rev || (from === "page" && serverAnswered === r)) return;
    if (from === "server") serverAnswered = r;
    showProblems(problems, from);
    const { text } = current;
    afterPaint(() => { if (r === current.rev) views.update(text, valid, scenario); });
  };
  const local = localCheck(() => detail.filename, detail.latest.text, (r, res) => settle(r, res.problems, res.valid, "page", res.scenario));
  const serverCheck = async (r: number, text: string) => {
    if (readOnly) return; // nothing typed to check (a version loaded comes with its problems); an evaluator may not ask
    inflight?.abort();
    const ctl = (inflight = new AbortController());
    if (!local?.working()) count.textContent = st("checking");
    try {
      const res = await studioApi.check(detail.filename, text, ctl.signal);
      if (!ctl.signal.aborted) settle(r, res.problems, res.valid, "server");
    } catch (err) {
      if (!ctl.signal.aborted) count.textContent = `${st("failed")} ${(err as Error).message}`;
    }
  };
  const typed = (text: string) => {
    current = { rev: ++rev, text };
    pace.key(performance.now());
    showState();
    local?.submit(rev, text);
    clearTimeout(timer);
    inflight?.abort();
    const r = rev;
    timer = setTimeout(() => void serverCheck(r, text), pace.delay(local?.working() ? SERVER_WAIT.withLocal : SERVER_WAIT.alone));
  };
  let saidAt = -Infinity;
  const editor: ScenarioEditor = createEditor(editorBox, {
    text: detail.latest.text, schema: schema as never, label: st("editorLabel"), onChange: typed, readOnly,
    // A key that would have typed: why not, said again at most every 8 s.
    onRefused: () => { if (performance.now() - saidAt > 8000) { saidAt = performance.now(); announce(st(reader ? "readOnlyTypedReader" : "readOnlyTyped")); } },
  });
  views.onLocate((line) => editor.goTo(line, 1));

  const renderVersions = () => versions.replaceChildren(...[...detail.versions].reverse().map((v) => h("li", null,
    h("span", null, `${st("versionBy", { v: v.version, author: v.author, when: when(v.createdAt) })} · ${v.valid ? st("valid") : st("draft", { n: "…" }).replace(" · …", "")}`), " ",
    h("button", {
      type: "button", class: "btn-small btn-secondary", onclick: async () => {
        const full = await studioApi.version(detail.id, v.version);
        editor.setText(full.text);
        opened = v.version;
        showState();
        if (readOnly) settle(rev, full.problems, full.valid, "server");
        announce(st(readOnly ? "loadedReadOnly" : "loaded", { v: v.version }));
      },
    }, st("loadVersion"), h("span", { class: "sr-only" }, ` ${v.version}`)), " ",
    h("a", { class: "btn btn-small btn-secondary", href: studioApi.versionFile(detail.id, v.version), download: v.filename }, st("download"), h("span", { class: "sr-only" }, ` ${v.version}`)))));

  // A colleague's scenario: whose it is, and a use share cannot save (the server refuses it too: 403).
  const sharedNote = detail.access === "owner" || detail.access === "bundled" ? null
    : h("p", { class: "hint", "data-testid": "studio-shared-note" }, st(detail.access === "use" ? "readOnly" : "coAuthor", { owner: detail.owner ?? "" }));
  const banner = h("div");
  const showReadOnly = () => banner.replaceChildren(...(readOnly ? [readOnlyBanner(readOnly, "studio-readonly", reader ? null : duplicateButton(detail.id, detail.filename, error, "btn-primary"))] : []));
  const save = h("button", {
    type: "button", class: "btn-primary", hidden: readOnly !== undefined, onclick: async () => {
      error.textContent = "";
      try {
        const text = editor.text();
        const v = await studioApi.save(detail.id, text);
        saved = text;
        opened = undefined;
        detail = await studioApi.get(detail.id);
        renderVersions();
        showState();
        showProblems(v.problems, "server");
        announce(st("saved", { v: v.version, draft: v.valid ? "" : st("draftSuffix", { n: v.problems.filter((p) => p.severity === "error").length }) }));
      } catch (err) {
        error.textContent = `${st("failed")} ${(err as Error).message}`;
        // The owner made the share read only since this page opened: so is the editor now (the text typed stays, to copy).
        if ((err as ApiError).status === 403 && detail.access === "edit") {
          readOnly = readOnlyReason({ access: "use", owner: detail.owner });
          editor.setReadOnly(readOnly);
          save.hidden = true;
          showReadOnly();
        }
      }
    },
  }, st("save"));
  const rename = detail.access === "owner" ? renameForm(detail, error, (next) => {
    detail = next;
    heading.textContent = next.filename;
    renderVersions();
    showState();
  }) : null;
  const help = authorHelp();
  views.onCompiled((m) => help.update(m.compiled));

  const viewTabs = tabs(st("views"), views.panels.map((p) => ({ id: p.id, label: st(p.label), panel: p.el })), (tab) => views.select(tab));
  el.replaceChildren(
    h("div", { class: "console-head" }, heading, h("div", { class: "row" }, save, h("a", { href: "#/studio", class: "btn btn-secondary" }, st("back")))),
    state, banner, ...(sharedNote ? [sharedNote] : []), ...(rename ? [rename] : []), error,
    h("div", { class: "studio-grid" },
      h("section", { class: "studio-main", "aria-label": st("editorLabel") }, editorBox, gotoForm((line) => editor.goTo(line, Infinity))),
      h("aside", { class: "studio-side" },
        h("section", { "aria-labelledby": "studio-problems-title" }, h("h2", { id: "studio-problems-title" }, st("problems")), count, list),
        detail.versions.length ? h("details", { class: "studio-versions-box" }, h("summary", null, st("versions")), versions) : null,
        help.el)),
    h("section", { class: "studio-views", "aria-label": st("views") }, viewTabs.el));
  showReadOnly();
  renderVersions();
  showState();
  showProblems(detail.latest.problems, "server");
  views.update(detail.latest.text, detail.latest.valid);
  return {
    el, title: () => `${detail.filename} — ${st("title")}`,
    dispose: () => { clearTimeout(timer); inflight?.abort(); local?.dispose(); editor.view.destroy(); views.dispose(); },
  };
}

/** "Go to line": the keyboard's way to any line of a long file (the caret lands at its end, the editor focused). */
function gotoForm(go: (line: number) => void): HTMLElement {
  const id = newId("goto");
  const input = h("input", { id, type: "number", min: 1, name: "line", inputmode: "numeric" });
  return h("form", { class: "row studio-goto", onsubmit: (e: Event) => { e.preventDefault(); const n = Number(input.value); if (Number.isInteger(n) && n >= 1) go(n); } },
    h("div", { class: "field" }, h("label", { htmlFor: id }, st("gotoLine")), input),
    h("button", { type: "submit", class: "btn-secondary" }, st("gotoBtn")));
}
