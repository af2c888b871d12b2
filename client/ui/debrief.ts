import { endReasonText } from "../../shared/replay/end-reason.js";
import type { Text } from "../../shared/scenario/lang.js";
import { LEVEL_LABELS } from "../../shared/scoring/levels.js";
import type { LevelLine } from "../../shared/protocol.js";
import { colon, getLang, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { Part, PlayCtx } from "./context.js";
import { fill, h, tabs } from "./dom.js";
import { crisisChartView } from "./crisis-chart.js";
import { glanceView } from "./glance.js";
import { competencyView, rubricView } from "./explained.js";
import { actionForm } from "./form.js";
import { summary } from "./logbook.js";

/**
 * The debrief, after the end. Results: the cell's level and the player's own
 * (from their own actions only: "non évalué — aucune preuve" otherwise), their
 * self-assessment beside it, then competency by competency the items in words
 * — what they did and what the cell did, the evidence, the causes of what was
 * missed and the scenario's teaching notes. The rubric in force; the timeline;
 * the hot RETEX; the self-assessment on the rubric's level descriptors.
 * Every line comes written from the server (the full scorer): no id shows.
 */
const COMPS = ["C4.1", "C4.2", "C4.3", "C4.4"] as const;

export function debriefPart(ctx: PlayCtx): Part {
  const results = h("div", { class: "results" });
  const rubricSlot = h("div");
  const timeline = h("ol", { class: "timeline" });
  const retexSlot = h("div");
  const selfSlot = h("div");
  const mineDone = h("div", { class: "mine-done" });
  const labels = () => LEVEL_LABELS[getLang()];
  const num = (x: number) => (Math.round(x * 100) / 100).toLocaleString(getLang() === "fr" ? "fr-FR" : "en-GB");

  const levelCell = (l: LevelLine | undefined, own: boolean) => {
    if (!l || l.level === null) {
      return h("td", null, own && l?.noEvidence ? h("span", { class: "level level-none", title: t("debrief.noOwnEvidenceHint") }, t("debrief.noOwnEvidence")) : t("debrief.notAssessed"));
    }
    return h("td", null, h("span", { class: `level level-${l.level}` }, `${l.level} — ${labels()[l.level]}`), l.capped ? h("span", { class: "hint" }, ` ${t("debrief.capped")}`) : null);
  };

  const renderResults = () => {
    const lv = ctx.conn.levels;
    if (!lv) { results.replaceChildren(h("p", { class: "muted" }, t("debrief.noResults"))); return; }
    // Levels at a glance: the cell's and mine, my self-assessment beside them.
    const glanceHost = h("div", { class: "debrief-glance" });
    const toRow = (name: string, subject: string, l: LevelLine, self: number | null) => ({ subject, name, competency: l.competency, computed: l.level, retained: l.level, self, evidence: l.evidence ?? 0, noEvidence: !!l.noEvidence });
    const glanceRows = [...lv.cell.map((l) => toRow(t("debrief.level"), "cell", l, null)),
      ...(lv.you ?? []).map((l) => toRow(ctx.playerName(ctx.playerId), ctx.playerId, l, lv.self?.declared[l.competency] ?? null))];
    void glanceView(glanceRows, t("levels.glance"), Math.max(600, Math.min(1100, (results.clientWidth || 1000) - 24))).then((fig) => glanceHost.replaceChildren(fig)).catch(() => glanceHost.remove());
    const chartHost = h("section", { class: "debrief-chart", "aria-labelledby": "debrief-chart-title" },
      h("h2", { id: "debrief-chart-title" }, t("chart.title")), h("p", { class: "muted" }, t("chart.loading")));
    if (lv.series) {
      const series = lv.series;
      void crisisChartView(series, { title: t("chart.title"), width: Math.max(640, Math.min(1200, (results.clientWidth || 1000) - 24)) })
        .then((fig) => chartHost.replaceChildren(h("h2", { id: "debrief-chart-title" }, t("chart.title")), fig))
        .catch(() => chartHost.remove());
    } else chartHost.remove();
    const comps = ctx.brief.competencies.length ? COMPS.filter((c) => ctx.brief.competencies.includes(c)) : [...COMPS];
    const declared = lv.self?.declared ?? {};
    const heads = ["debrief.competency", "debrief.level", ...(lv.you ? ["debrief.yourLevel", "debrief.yourSelf"] : [])];
    fill(results,
      h("h2", null, t("debrief.levels")),
      h("p", { class: "hint" }, t("debrief.cellHint")),
      h("table", { class: "levels" },
        h("caption", { class: "sr-only" }, t("debrief.levels")),
        h("thead", null, h("tr", null, ...heads.map((k) => h("th", { scope: "col" }, t(k as never))))),
        h("tbody", null, comps.map((c) => h("tr", { "data-competency": c },
          h("th", { scope: "row" }, h("strong", null, c), " ", t(`comp.${c}` as never)),
          levelCell(lv.cell.find((x) => x.competency === c), false),
          lv.you ? levelCell(lv.you.find((x) => x.competency === c), true) : null,
          lv.you ? h("td", null, declared[c] !== undefined ? `${declared[c]} — ${labels()[Math.max(0, Math.min(3, Math.round(declared[c]!))) as 0 | 1 | 2 | 3]}` : "—") : null)))),
      lv.self ? h("p", { class: "gap", "data-gap": "" }, lv.self.gap === null ? t("debrief.selfNone") : t("debrief.gapText", { gap: num(lv.self.gap) })) : null,
      glanceHost,
      chartHost,
      h("details", { class: "levels-how" },
        h("summary", null, t("debrief.how")),
        h("p", { class: "hint" }, t("debrief.howHint")),
        ...lv.cell.filter((c) => c.level !== null).map((c) => h("div", { "data-how": c.competency },
          h("h3", null, `${c.competency} — ${t("debrief.howMeans", { exp: mean(c.expectationMean), ind: mean(c.indicatorMean) })}`),
          h("ul", null, ...(c.indicators ?? []).map((i) => h("li", null,
            h("strong", null, i.label[getLang()]), i.critical ? " ★" : "", `${colon()}${i.explanation[getLang()]} → `,
            i.level === null ? t("debrief.notAssessed") : `${i.level} — ${labels()[i.level]}`)))))),
      h("h2", null, t("debrief.detail")),
      ...comps.map((c) => {
        const mine = lv.explained.you?.find((x) => x.competency === c);
        const cell = lv.explained.cell.find((x) => x.competency === c);
        return h("section", { class: "debrief-competency", "data-detail": c },
          h("h3", null, `${c} — ${t(`comp.${c}` as never)}`),
          h("div", { class: "two-cols" },
            mine ? competencyView(mine, t("debrief.yours")) : null,
            cell ? competencyView(cell, t("debrief.cellItems")) : null));
      }));
  };

  const renderTimeline = () => {
    const items = [
      ...ctx.view.deliveries.map((d) => ({ at: d.at, k: 0, el: () => h("li", { class: "tl-in" }, h("time", null, ctx.clock(d.at)), h("span", { class: "tag" }, t("debrief.received")),
        ` ${tx(d.fromName)} — ${tx(d.subject)}`) })),
      ...ctx.view.actions.filter((a) => a.kind !== "chat").map((a) => ({ at: a.at, k: 1, el: () => h("li", { class: "tl-out" }, h("time", null, ctx.clock(a.at)),
        h("span", { class: "tag" }, t(`kind.${a.kind}` as never)), ` ${ctx.playerName(a.player)} (${ctx.roleName(a.role)}) — ${summary(ctx, a).slice(0, 160)}`) })),
    ].sort((a, b) => a.at - b.at || a.k - b.k);
    timeline.replaceChildren(...items.map((i) => i.el()));
  };

  const chronology = () => [
    ...ctx.view.deliveries.map((d) => ({ at: d.at, text: `${tx(d.fromName)}${colon()}${tx(d.subject)}` })),
    ...ctx.view.actions.filter((a) => ["decision", "statement", "notification", "sitrep"].includes(a.kind)).map((a) => ({ at: a.at, text: `${t(`kind.${a.kind}` as never)} (${ctx.roleName(a.role)})${colon()}${summary(ctx, a).slice(0, 100)}` })),
  ].sort((a, b) => a.at - b.at).slice(0, 25).map((x) => `${ctx.clock(x.at)} — ${x.text}`).join("\n");

  /** The scenario's own debrief questions, to guide the RETEX. */
  const questions = () => {
    const qs = ctx.view.debrief ?? [];
    if (!qs.length) return [];
    return [h("section", { class: "debrief-questions", "aria-labelledby": "debrief-questions-title" },
      h("h3", { id: "debrief-questions-title" }, t("debrief.questions")),
      h("ol", null, ...qs.map((q) => h("li", null, tx(q.question), q.competency ? h("span", { class: "muted" }, ` (${q.competency})`) : ""))))];
  };
  const renderForms = () => {
    const retex = ctx.action("retex"), self = ctx.action("self_assessment");
    const rf = retex ? actionForm({ ctx, action: retex, composer: "retex", title: null, rows: 4, template: { faits: chronology() }, submitLabel: t("debrief.sendRetex") }) : null;
    const d = ctx.conn.descriptors;
    const scales = d && self ? Object.fromEntries(self.params.map((p, i) => {
      const c = COMPS[i];
      return [p.id, { legend: `${c} — ${t(`comp.${c}` as never)}`, levels: (d[c] ?? []).map((text, level) => ({ value: level, label: t("debrief.selfLevel", { level, label: labels()[level as 0 | 1 | 2 | 3] }), text: text[getLang()] })) }];
    })) : undefined;
    const sf = self ? actionForm({ ctx, action: self, composer: "self", title: null, numberRange: [0, 3], ...(scales ? { scales } : {}), submitLabel: t("debrief.sendSelf") }) : null;
    retexSlot.replaceChildren(...questions(), rf ?? h("p", { class: "hint" }, t("comms.notAllowed")));
    selfSlot.replaceChildren(h("p", { class: "hint" }, t("debrief.selfIntro")), sf ?? h("p", { class: "hint" }, t("comms.notAllowed")));
  };
  const renderMine = () => {
    const mine = ctx.view.actions.filter((a) => (a.action === "retex" || a.action === "self_assessment") && a.player === ctx.playerId);
    mineDone.replaceChildren(...(mine.length ? [h("p", { class: "ok" }, t("debrief.sent", { list: mine.map((a) => `${tx(ctx.action(a.action)?.name)} (${ctx.clock(a.at)})`).join(", ") }))] : []));
  };
  const renderRubric = () => fill(rubricSlot, rubricView(ctx.conn.rubric));

  const tabBox = tabs(t("debrief.tabs"), [
    { id: "results", label: t("debrief.tab.results"), panel: h("div", { class: "panel" }, results) },
    { id: "rubric", label: t("debrief.tab.rubric"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.tab.rubric")), rubricSlot) },
    { id: "timeline", label: t("debrief.tab.timeline"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.tab.timeline")), timeline) },
    { id: "retex", label: t("debrief.tab.retex"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.retexTitle")), h("p", { class: "hint" }, t("debrief.retexHint")), retexSlot) },
    { id: "self", label: t("debrief.tab.self"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.tab.self")), selfSlot) },
  ]);
  renderResults(); renderRubric(); renderTimeline(); renderForms(); renderMine();
  const ended = ctx.view.ended;
  return {
    el: h("div", { class: "debrief", "data-screen": "debrief" },
      h("div", { class: "debrief-head" },
        h("h1", null, t("debrief.title"), " — ", tx(ctx.brief.title)),
        h("p", { class: "lead" }, ended ? t("debrief.ended", { at: ctx.clock(ended.at), reason: endReason(ctx, ended) }) : ""),
        mineDone),
      tabBox.el),
    update: (changed: Set<Changed>) => {
      if (changed.has("expectations") || changed.has("actions")) { renderResults(); renderMine(); }
      if (changed.has("actions") || changed.has("deliveries")) renderTimeline();
    },
  };
}

const mean = (m: number | null | undefined) => (m === null || m === undefined ? "—" : `${(Math.round(m * 10) / 10).toLocaleString(getLang())}/3`);

/**
 * Why the session ended, by the engine's own words for it (the event log's,
 * the reports'): the final phase is the one the view shows; an end
 * condition the scenario gives no words for is "the end of the scenario";
 * an outcome in the reader's language (the view carries its words), an
 * instructor's words as they were written.
 */
function endReason(ctx: PlayCtx, ended: { reason: string; condition?: string; outcome?: Text }): string {
  return endReasonText(ended.reason, {
    phase: (id) => (id === ctx.view.phase.id ? ctx.view.phase.name : undefined),
    // The outcome's words in each language come with the view; a condition the author gave no words is "the end of the scenario".
    outcome: (reason) => ended.outcome ?? (reason === ended.condition ? null : undefined),
  })[getLang()];
}
