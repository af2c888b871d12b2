import type { ExpectationView } from "../../shared/engine/view.js";
import { competencyLevels, LEVEL_LABELS } from "../../shared/scoring/levels.js";
import { getLang, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import type { Part, PlayCtx } from "./context.js";
import { fill, h, tabs } from "./dom.js";
import { actionForm } from "./form.js";
import { summary } from "./logbook.js";

/**
 * The debrief, after the end: levels per competency (shared/scoring/levels),
 * expectations met or missed with their evidence, the timeline of what
 * reached the cell and what it did, the hot RETEX and the self-assessment.
 */
export function debriefPart(ctx: PlayCtx): Part {
  const results = h("div", { class: "results" });
  const timeline = h("ol", { class: "timeline" });
  const retexSlot = h("div");
  const selfSlot = h("div");
  const mineDone = h("div", { class: "mine-done" });

  const evidence = (e: ExpectationView) => e.evidence.map((id) => {
    const a = ctx.view.actions.find((x) => x.id === id);
    if (a) return `${tx(ctx.action(a.action)?.name) || a.action} — ${ctx.playerName(a.player)} (${ctx.roleName(a.role)}), ${ctx.clock(a.at)}`;
    const d = ctx.view.deliveries.find((x) => x.id === id);
    return d ? `${tx(d.subject)} (${ctx.clock(d.at)})` : id;
  });

  const renderResults = () => {
    const exps = ctx.view.expectations;
    if (!exps) { results.replaceChildren(h("p", { class: "muted" }, t("debrief.noResults"))); return; }
    const comps = ctx.brief.competencies.length ? ctx.brief.competencies : undefined;
    const levels = competencyLevels(exps, comps);
    const labels = LEVEL_LABELS[getLang()];
    // Levels come from the server (full scorer: expectations + indicators); the expectation counts beside them from the view.
    const server = ctx.conn.levels;
    const cellLevel = (c: string) => server?.cell.find((x) => x.competency === c);
    const myLevel = (c: string) => server?.you?.find((x) => x.competency === c);
    const levelCell = (l: { level: number | null; capped: boolean } | undefined) => !l || l.level === null ? h("td", null, t("debrief.notAssessed"))
      : h("td", null, h("span", { class: `level level-${l.level}` }, `${l.level} — ${labels[l.level]}`), l.capped ? h("span", { class: "hint" }, ` ${t("debrief.capped")}`) : null);
    fill(results,
      h("h2", null, t("debrief.levels")),
      h("table", { class: "levels" },
        h("caption", { class: "sr-only" }, t("debrief.levels")),
        h("thead", null, h("tr", null, ...["debrief.competency", "debrief.level", ...(server?.you ? ["debrief.yourLevel"] : []), "debrief.share", "debrief.counts"].map((k) => h("th", { scope: "col" }, t(k as never))))),
        h("tbody", null, levels.map((l) => h("tr", { "data-competency": l.competency },
          h("th", { scope: "row" }, h("strong", null, l.competency), " ", t(`comp.${l.competency}` as never)),
          levelCell(cellLevel(l.competency)),
          server?.you ? levelCell(myLevel(l.competency)) : null,
          h("td", null, l.level === null ? "—" : h("span", null, h("meter", { min: 0, max: 1, low: 0.4, high: 0.7, optimum: 1, value: l.share, "aria-hidden": "true" }), ` ${Math.round(l.share * 100)} %`)),
          h("td", null, t("debrief.countsText", { met: l.met, late: l.late, missed: l.missed }) + (l.pending ? t("debrief.countsOpen", { open: l.pending }) : "")))))),
      ...(server ? [h("details", { class: "levels-how" },
        h("summary", null, t("debrief.how")),
        h("p", { class: "hint" }, t("debrief.howHint")),
        ...server.cell.filter((c) => c.level !== null).map((c) => h("div", { "data-how": c.competency },
          h("h3", null, `${c.competency} — ${t("debrief.howMeans", { exp: mean(c.expectationMean), ind: mean(c.indicatorMean) })}`),
          h("ul", null, ...(c.indicators ?? []).map((i) => h("li", null,
            h("strong", null, i.label[getLang()]), i.critical ? " ★" : "", ` : ${i.explanation[getLang()]} → `,
            i.level === null ? t("debrief.notAssessed") : `${i.level} — ${labels[i.level]}`))))))] : []),
      h("h2", null, t("debrief.expectations")),
      h("ul", { class: "expectations" }, [...exps].sort((a, b) => a.competency.localeCompare(b.competency)).map((e) => {
        const mine = e.roles.some((r) => ctx.you.roles.includes(r));
        const ev = evidence(e);
        return h("li", { class: `expectation st-${e.status} ${mine ? "mine" : ""}`, "data-expectation": e.id },
          h("p", { class: "feed-head" }, h("span", { class: `status st-${e.status}` }, t(`exp.${e.status}`)), " ", h("strong", null, tx(e.title)),
            " ", h("span", { class: "tag" }, e.competency), e.critical ? h("span", { class: "tag tag-critical" }, t("debrief.critical")) : null),
          h("p", { class: "muted" }, [
            e.dueAt !== undefined ? `${t("debrief.due")} ${ctx.clock(e.dueAt)}` : "",
            e.resolvedAt !== undefined && e.status !== "missed" ? `${t("debrief.resolved")} ${ctx.clock(e.resolvedAt)}` : "",
            e.roles.length ? `${t("debrief.roles")} ${e.roles.map(ctx.roleName).join(", ")}` : "",
            e.legal ? `${t("debrief.legal")} ${tx(e.legal)}` : "",
          ].filter(Boolean).join(" · ")),
          ev.length ? h("p", null, h("strong", null, t("debrief.evidenceLabel")), " ", ev.join(" ; ")) : h("p", { class: "muted" }, t("debrief.noEvidence")));
      })));
  };

  const renderTimeline = () => {
    const items = [
      ...ctx.view.deliveries.map((d) => ({ at: d.at, k: 0, id: d.id, el: () => h("li", { class: "tl-in" }, h("time", null, ctx.clock(d.at)), h("span", { class: "tag" }, t("debrief.received")),
        ` ${tx(d.fromName)} — ${tx(d.subject)}`) })),
      ...ctx.view.actions.filter((a) => a.kind !== "chat").map((a) => ({ at: a.at, k: 1, id: a.id, el: () => h("li", { class: "tl-out" }, h("time", null, ctx.clock(a.at)),
        h("span", { class: "tag" }, t(`kind.${a.kind}` as never)), ` ${ctx.playerName(a.player)} (${ctx.roleName(a.role)}) — ${summary(ctx, a).slice(0, 160)}`) })),
    ].sort((a, b) => a.at - b.at || a.k - b.k);
    timeline.replaceChildren(...items.map((i) => i.el()));
  };

  const chronology = () => [
    ...ctx.view.deliveries.map((d) => ({ at: d.at, text: `${tx(d.fromName)} : ${tx(d.subject)}` })),
    ...ctx.view.actions.filter((a) => ["decision", "statement", "notification", "sitrep"].includes(a.kind)).map((a) => ({ at: a.at, text: `${t(`kind.${a.kind}` as never)} (${ctx.roleName(a.role)}) : ${summary(ctx, a).slice(0, 100)}` })),
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
    const sf = self ? actionForm({ ctx, action: self, composer: "self", title: null, numberRange: [0, 3], submitLabel: t("debrief.sendSelf") }) : null;
    retexSlot.replaceChildren(...questions(), rf ?? h("p", { class: "hint" }, t("comms.notAllowed")));
    selfSlot.replaceChildren(h("p", { class: "hint" }, t("debrief.selfHint", { levels: LEVEL_LABELS[getLang()].map((l, i) => `${i} ${l}`).join(", ") })), sf ?? h("p", { class: "hint" }, t("comms.notAllowed")));
  };
  const renderMine = () => {
    const mine = ctx.view.actions.filter((a) => (a.action === "retex" || a.action === "self_assessment") && a.player === ctx.playerId);
    mineDone.replaceChildren(...(mine.length ? [h("p", { class: "ok" }, t("debrief.sent", { list: mine.map((a) => `${tx(ctx.action(a.action)?.name)} (${ctx.clock(a.at)})`).join(", ") }))] : []));
  };

  const tabBox = tabs(t("debrief.tabs"), [
    { id: "results", label: t("debrief.tab.results"), panel: h("div", { class: "panel" }, results) },
    { id: "timeline", label: t("debrief.tab.timeline"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.tab.timeline")), timeline) },
    { id: "retex", label: t("debrief.tab.retex"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.retexTitle")), h("p", { class: "hint" }, t("debrief.retexHint")), retexSlot) },
    { id: "self", label: t("debrief.tab.self"), panel: h("div", { class: "panel" }, h("h2", null, t("debrief.tab.self")), selfSlot) },
  ]);
  renderResults(); renderTimeline(); renderForms(); renderMine();
  const ended = ctx.view.ended;
  return {
    el: h("div", { class: "debrief", "data-screen": "debrief" },
      h("div", { class: "debrief-head" },
        h("h1", null, t("debrief.title"), " — ", tx(ctx.brief.title)),
        h("p", { class: "lead" }, ended ? t("debrief.ended", { at: ctx.clock(ended.at), reason: endReason(ctx, ended.reason) }) : ""),
        mineDone),
      tabBox.el),
    update: (changed: Set<Changed>) => {
      if (changed.has("expectations") || changed.has("actions")) { renderResults(); renderMine(); }
      if (changed.has("actions") || changed.has("deliveries")) renderTimeline();
    },
  };
}

const mean = (m: number | null | undefined) => (m === null || m === undefined ? "—" : `${(Math.round(m * 10) / 10).toLocaleString(getLang())}/3`);

function endReason(ctx: PlayCtx, reason: string): string {
  if (reason === "duration" || reason === "end") return t("debrief.byDuration");
  if (reason === "instructor") return t("debrief.byInstructor");
  if (reason.startsWith("phase:")) return t("debrief.byPhase", { phase: tx(ctx.view.phase.name) });
  return reason;
}
