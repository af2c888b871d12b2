import { formatGameTime } from "../../shared/scenario/time.js";
import { t } from "../i18n/index.js";
import { evaluateApi, type AnnotationJson, type Competency } from "../net/evaluate-api.js";
import { announce } from "./announce.js";
import { fill, h, newId } from "./dom.js";
import type { Ws } from "./evaluate-context.js";

/**
 * Annotations: a note pinned to the current moment and the current log
 * entry, tagged with a competency (C4.1–C4.4); the list of every note on
 * this cell by author, each one a link to its moment (they also appear on
 * the timeline strip). Notes never change the game: they are stored apart.
 */
export const COMPETENCIES: Competency[] = ["C4.1", "C4.2", "C4.3", "C4.4"];

export function notesPanel(ws: Ws, onNotes: (notes: AnnotationJson[]) => void): { el: HTMLElement } {
  const ids = { comp: newId("ev"), text: newId("ev") };
  const pin = h("p", { class: "hint", "data-pin": "" });
  const status = h("p", { class: "form-status", role: "status" });
  const error = h("p", { class: "form-error", role: "alert" });
  const text = h("textarea", { id: ids.text, name: "text", rows: 3, maxlength: 4000, required: true });
  const comp = h("select", { id: ids.comp, name: "competency" }, h("option", { value: "" }, t("eval.noCompetency")),
    COMPETENCIES.map((c) => h("option", { value: c }, `${c} — ${t(`comp.${c}` as never)}`)));
  const form = h("form", { class: "action-form", "aria-labelledby": "note-form-title", "data-form": "annotation", novalidate: true },
    h("h3", { id: "note-form-title" }, t("eval.noteTitle")), pin,
    h("div", { class: "field" }, h("label", { htmlFor: ids.comp }, t("debrief.competency")), comp),
    h("div", { class: "field" }, h("label", { htmlFor: ids.text }, t("personaDesk.note")), text),
    error,
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn-primary" }, t("personaDesk.addNote")), status));
  const list = h("div", { class: "notes-by-author" });
  let notes: AnnotationJson[] = [];

  const currentEntry = () => { const p = ws.position(); return p > 0 ? ws.index.seqs[p - 1] : undefined; };
  const renderPin = () => {
    const e = currentEntry();
    pin.textContent = t("eval.pinnedTo", { when: ws.when(ws.state().time), entry: e ?? "—" });
  };
  const renderList = () => {
    onNotes(notes);
    if (notes.length === 0) { fill(list, h("p", { class: "muted" }, t("eval.noNotes"))); return; }
    const byAuthor = new Map<string, AnnotationJson[]>();
    for (const n of [...notes].sort((a, b) => a.at - b.at)) byAuthor.set(n.author, [...(byAuthor.get(n.author) ?? []), n]);
    fill(list, [...byAuthor].map(([author, items]) => h("section", { class: "notes-author" },
      h("h3", null, author, h("span", { class: "muted small" }, ` (${items.length})`)),
      h("ul", { class: "notes-list" }, items.map((n) => h("li", { "data-note": n.id },
        h("button", { type: "button", class: "btn-small", onclick: () => ws.seek(n.entry !== undefined ? ws.index.positionOfSeq(n.entry) : ws.index.positionAtTime(n.at), { announce: true }) },
          formatGameTime(n.at), n.entry !== undefined ? ` #${n.entry}` : ""),
        n.competency ? h("span", { class: "tag" }, n.competency) : null, " ", h("span", { class: "pre" }, n.text)))))));
  };
  const load = async () => {
    try { notes = await evaluateApi.annotations(ws.cellId); renderList(); } catch (err) { fill(list, h("p", { class: "form-error" }, `${t("eval.notesError")} ${(err as Error).message}`)); }
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = ""; status.textContent = "";
    if (!text.value.trim()) { error.textContent = t("eval.noteEmpty"); text.setAttribute("aria-invalid", "true"); text.focus(); return; }
    text.removeAttribute("aria-invalid");
    const entry = currentEntry();
    try {
      await evaluateApi.annotate(ws.cellId, { at: Math.floor(ws.state().time), ...(entry !== undefined ? { entry } : {}),
        ...(comp.value ? { competency: comp.value as Competency } : {}), text: text.value.trim() });
      status.className = "form-status ok"; status.textContent = t("personaDesk.noted");
      announce(t("personaDesk.noted"));
      form.reset();
      await load();
    } catch (err) { error.textContent = `${t("form.refused")} ${(err as Error).message}`; }
  });

  ws.onSeek(renderPin);
  renderPin();
  void load();
  return { el: h("div", { class: "eval-notes" }, h("h2", null, t("eval.tab.notes")), form, h("h2", null, t("eval.notesList")), list) };
}
