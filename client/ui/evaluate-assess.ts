import { cellName } from "../../shared/i18n/cell-name.js";
import { LEVEL_LABELS } from "../../shared/scoring/levels.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { colon, getLang, t } from "../i18n/index.js";
import { evaluateApi, exportLinks, type CellAssessment, type Competency, type LevelItem, type Scope } from "../net/evaluate-api.js";
import { announce } from "./announce.js";
import { fill, h, newId } from "./dom.js";
import type { Ws } from "./evaluate-context.js";
import { COMPETENCIES } from "./evaluate-notes.js";
import { competencyView } from "./explained.js";
import { glanceView } from "./glance.js";
import { glanceRows, type Retained } from "../../shared/scoring/glance.js";
import { competencyLines } from "../../shared/scoring/explain.js";

/**
 * The assessment of the cell: computed levels per cell, role and student
 * with their evidence (activating a piece of evidence seeks the replay to
 * it), each evaluator's levels, the final level and the agreement among
 * evaluators; the override form (level + justification, required when the
 * level differs from the computed one — the server's refusal is shown in the
 * form); and the exports.
 */
const levelText = (l: number | null | undefined) => (l === null || l === undefined ? t("debrief.notAssessed") : `${l} — ${LEVEL_LABELS[getLang()][l as 0 | 1 | 2 | 3]}`);
const pctText = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${Math.round(x * 100)} %`);

export function assessPanel(ws: Ws): { el: HTMLElement } {
  let data: CellAssessment | undefined;
  let scope: Scope = "cell";
  const figures = h("p", { class: "agreement", "data-agreement": "" });
  const tableHost = h("div", { class: "assess-table" });
  const scopes = h("div", { class: "segmented", role: "group", "aria-label": t("eval.scope") }, (["cell", "role", "student"] as Scope[]).map((s) =>
    h("button", { type: "button", class: "chip", "aria-pressed": String(s === scope), "data-scope": s, onclick: () => { scope = s; for (const b of scopes.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.scope === s)); renderTable(); } }, t(`eval.scope.${s}` as never))));

  const evidence = (ids: string[] | undefined) => {
    const list = (ids ?? []).slice(0, 4);
    if (list.length === 0) return h("span", { class: "muted" }, "—");
    return h("ul", { class: "evidence" }, list.map((id) => {
      const it = ws.index.timeline.items.find((i) => i.id === id);
      if (!it) return h("li", null, "—");
      return h("li", null, h("button", { type: "button", class: "btn-small", "data-evidence": id, onclick: () => ws.seek(it.position, { announce: true }) },
        `${formatGameTime(it.at)} ${it.kind === "delivery" ? t("eval.received") : t(`kind.${it.type}` as never) || it.type}`, h("span", { class: "sr-only" }, ` — ${ws.text(it.label)}`)));
    }), (ids?.length ?? 0) > list.length ? h("li", { class: "muted" }, `+${ids!.length - list.length}`) : null);
  };

  const noEvidence = (i: LevelItem) => {
    const s = data?.score;
    const scope = i.scope === "role" ? s?.roles.find((r) => r.role === i.subject) : s?.students.find((x) => x.player === i.subject);
    return scope?.competencies.find((c) => c.competency === i.competency)?.noEvidence ?? false;
  };
  const renderTable = () => {
    if (!data) return;
    const items = data.levels.filter((i) => i.scope === scope);
    fill(tableHost, items.length === 0 ? h("p", { class: "muted" }, t("eval.noItems")) :
      h("table", { class: "levels assess" }, h("caption", { class: "sr-only" }, t("eval.levelsOf", { scope: t(`eval.scope.${scope}` as never) })),
        h("thead", null, h("tr", null, ...["eval.subject", "debrief.competency", "eval.computed", "eval.evaluators", "eval.final", "debrief.evidence", "eval.actions"].map((k) => h("th", { scope: "col" }, t(k as never))))),
        h("tbody", null, items.map((i) => h("tr", { "data-item": `${i.scope}|${i.subject}|${i.competency}` },
          h("th", { scope: "row" }, subjectName(ws, i)), h("td", null, i.competency),
          h("td", null, i.computed === null ? (i.scope !== "cell" && noEvidence(i) ? h("span", { class: "level level-none" }, t("debrief.noOwnEvidence")) : t("debrief.notAssessed")) : h("span", { class: `level level-${i.computed}` }, levelText(i.computed))),
          h("td", null, i.evaluators?.length ? h("ul", { class: "bullets small" }, i.evaluators.map((e) => h("li", null, `${e.author}${colon()}${levelText(e.level)}`, e.justification ? h("span", { class: "muted" }, ` — « ${e.justification.slice(0, 80)} »`) : null))) : "—"),
          h("td", null, i.level === null ? h("span", { class: "status st-late" }, t(`eval.final.${i.status ?? "computed"}` as never)) : h("span", null, h("span", { class: `level level-${i.level}` }, levelText(i.level)), " ", h("span", { class: "muted small" }, t(`eval.final.${i.status ?? "computed"}` as never)))),
          h("td", null, evidence(i.evidence)),
          h("td", null, h("div", { class: "assess-actions" },
            h("button", { type: "button", class: "btn-small", "data-detail-item": "", onclick: () => showDetail(i) }, t("eval.detail"), h("span", { class: "sr-only" }, ` ${subjectName(ws, i)} ${i.competency}`)),
            h("button", { type: "button", class: "btn-small", "data-revise-item": "", onclick: () => prefill(i) }, t("eval.revise"), h("span", { class: "sr-only" }, ` ${subjectName(ws, i)} ${i.competency}`)))))))));
  };

  // The item in words: how its level came about, each expectation and indicator with evidence, causes and notes.
  const detailHost = h("div", { class: "assess-detail", "aria-live": "polite" });
  const showDetail = (i: LevelItem) => {
    if (!data) return;
    const s = data.score;
    const scope = i.scope === "cell" ? s.cell : i.scope === "role" ? s.roles.find((r) => r.role === i.subject) : s.students.find((x) => x.player === i.subject);
    const c = scope?.competencies.find((x) => x.competency === i.competency);
    if (!c) return;
    const lines = competencyLines(ws.compiled, ws.index.final, c, { name: ws.playerName }, i.scope !== "cell", "they");
    fill(detailHost, competencyView(lines, t("eval.detailOf", { subject: subjectName(ws, i), competency: i.competency })));
    detailHost.querySelector<HTMLElement>("h4")?.setAttribute("tabindex", "-1");
    detailHost.querySelector<HTMLElement>("h4")?.focus();
  };

  // ---- The override form ----
  const ids = { scope: newId("ev"), subject: newId("ev"), comp: newId("ev"), level: newId("ev"), just: newId("ev") };
  const fScope = h("select", { id: ids.scope, name: "scope" }, (["cell", "role", "student"] as Scope[]).map((s) => h("option", { value: s }, t(`eval.scope.${s}` as never))));
  const fSubject = h("select", { id: ids.subject, name: "subject" });
  const fComp = h("select", { id: ids.comp, name: "competency" }, COMPETENCIES.map((c) => h("option", { value: c }, c)));
  const fLevel = h("select", { id: ids.level, name: "level" }, [0, 1, 2, 3].map((l) => h("option", { value: String(l) }, levelText(l))));
  const fJust = h("textarea", { id: ids.just, name: "justification", rows: 3, maxlength: 4000, "aria-describedby": `${ids.just}-hint` });
  const computedHint = h("p", { id: `${ids.just}-hint`, class: "hint" });
  const formError = h("p", { class: "form-error", role: "alert", "data-form-error": "" });
  const formStatus = h("p", { class: "form-status", role: "status" });
  const form = h("form", { class: "action-form", "aria-labelledby": "override-title", "data-form": "override", novalidate: true },
    h("h3", { id: "override-title" }, t("eval.override")),
    h("div", { class: "row" },
      h("div", { class: "field" }, h("label", { htmlFor: ids.scope }, t("eval.scope")), fScope),
      h("div", { class: "field" }, h("label", { htmlFor: ids.subject }, t("eval.subject")), fSubject),
      h("div", { class: "field" }, h("label", { htmlFor: ids.comp }, t("debrief.competency")), fComp),
      h("div", { class: "field" }, h("label", { htmlFor: ids.level }, t("eval.level")), fLevel)),
    h("div", { class: "field" }, h("label", { htmlFor: ids.just }, t("eval.justification")), fJust, computedHint),
    formError,
    h("div", { class: "form-actions" }, h("button", { type: "submit", class: "btn-primary" }, t("eval.saveLevel")), formStatus));
  const item = () => data?.levels.find((i) => i.scope === fScope.value && i.subject === fSubject.value && i.competency === fComp.value);
  const fillSubjects = () => {
    const subjects = [...new Map((data?.levels ?? []).filter((i) => i.scope === fScope.value).map((i) => [i.subject, subjectName(ws, i)]))];
    const keep = fSubject.value;
    fSubject.replaceChildren(...subjects.map(([id, name]) => h("option", { value: id, selected: id === keep }, name)));
  };
  const renderHint = () => { computedHint.textContent = t("eval.justHint", { level: levelText(item()?.computed) }); };
  const prefill = (i: LevelItem) => {
    fScope.value = i.scope; fillSubjects(); fSubject.value = i.subject; fComp.value = i.competency;
    fLevel.value = String(i.level ?? i.computed ?? 2); renderHint(); fLevel.focus();
  };
  fScope.addEventListener("change", () => { fillSubjects(); renderHint(); });
  fSubject.addEventListener("change", renderHint);
  fComp.addEventListener("change", renderHint);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    formError.textContent = ""; formStatus.textContent = "";
    try {
      await evaluateApi.assess(ws.cellId, { scope: fScope.value as Scope, subject: fSubject.value, competency: fComp.value as Competency, level: Number(fLevel.value), justification: fJust.value.trim() });
      formStatus.className = "form-status ok"; formStatus.textContent = t("eval.levelSaved");
      fJust.removeAttribute("aria-invalid");
      announce(t("eval.levelSaved"));
      fJust.value = "";
      await load();
    } catch (err) {
      formError.textContent = `${t("form.refused")} ${(err as Error).message}`;
      fJust.setAttribute("aria-invalid", "true");
      fJust.focus();
    }
  });

  const load = async () => {
    try {
      const cells = await evaluateApi.assessment(ws.sessionId, getLang());
      data = cells.find((c) => c.id === ws.cellId) ?? cells[0];
    } catch (err) { fill(tableHost, h("p", { class: "form-error" }, `${t("eval.assessError")} ${(err as Error).message}`)); return; }
    const a = data?.agreement ?? {};
    figures.textContent = t("eval.agreementText", { evaluators: a.evaluators ?? 0, items: a.items ?? 0, exact: pctText(a.exact), within: pctText(a.withinOne),
      kappa: a.kappa === null || a.kappa === undefined ? "—" : a.kappa.toFixed(2), computed: pctText(a.withComputed) });
    renderTable(); fillSubjects(); renderHint(); renderGlance();
  };
  // Levels at a glance for the cell and each student: computed, retained by the jury, self-assessment.
  const glanceHost = h("div", { class: "assess-glance" });
  const renderGlance = () => {
    if (!data) return;
    const d = data;
    const retained: Retained = (scope, subject, competency) => d.levels.find((i) => i.scope === scope && i.subject === subject && i.competency === competency)?.level;
    const rows = glanceRows(d.score, ws.index.final, cellName(ws.payload.cell, getLang()), retained).map((r) => (r.subject === "cell" ? r : { ...r, name: ws.playerName(r.subject) }));
    void glanceView(rows, t("levels.glance")).then((fig) => glanceHost.replaceChildren(fig));
  };
  void load();

  return { el: h("div", { class: "eval-assess" }, h("h2", null, t("eval.assessTitle")), h("h3", null, t("eval.agreement")), figures, glanceHost, scopes, tableHost, detailHost, form) };
}

function subjectName(ws: Ws, i: LevelItem): string {
  if (i.scope === "cell") return cellName(ws.payload.cell, getLang());
  if (i.scope === "role") return ws.roleName(i.subject);
  return ws.payload.players.find((p) => p.id === i.subject)?.name ?? i.name ?? i.subject;
}

/** Download links: the RETEX report in French or English, the session's CSV, JSON journal and xAPI statements; pseudonymised on demand. */
export function exportsPanel(ws: Ws): { el: HTMLElement } {
  const id = newId("ev");
  const pseudo = h("input", { type: "checkbox", id, "data-control": "pseudo" });
  const list = h("ul", { class: "exports" });
  const render = () => {
    const p = pseudo.checked;
    const link = (href: string, label: string, kind: string) => h("li", null, h("a", { href, class: "btn btn-secondary", download: "", "data-export": kind }, label));
    fill(list,
      link(exportLinks.pdf(ws.cellId, "fr", p), t("eval.export.pdfFr"), "pdf-fr"), link(exportLinks.pdf(ws.cellId, "en", p), t("eval.export.pdfEn"), "pdf-en"),
      link(exportLinks.csv(ws.sessionId, p), t("eval.export.csv"), "csv"), link(exportLinks.csv(ws.sessionId, p, true), t("eval.export.csvExcel"), "csv-excel"), link(exportLinks.json(ws.sessionId, p), t("eval.export.json"), "json"),
      link(exportLinks.xapi(ws.sessionId, p), t("eval.export.xapi"), "xapi"));
  };
  pseudo.addEventListener("change", render);
  render();
  return { el: h("div", { class: "eval-exports" }, h("h2", null, t("eval.tab.exports")), h("p", { class: "hint" }, t("eval.exportHint")),
    h("div", { class: "field field-check" }, pseudo, h("label", { htmlFor: id }, t("eval.pseudonymize"))), list) };
}
