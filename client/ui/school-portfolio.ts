import { colon, getLang, t } from "../i18n/index.js";
import { api, ApiError } from "../net/api.js";
import { schoolApi, schoolLinks, type Portfolio } from "../net/school-api.js";
import { portfolioChart } from "../../shared/scoring/portfolio-plot.js";
import { announce } from "./announce.js";
import { append, h, newId } from "./dom.js";
import { setContext } from "./header.js";
import { schoolNav } from "./school-nav.js";
import type { Screen } from "./screen.js";
import "./school.css";

/**
 * One student's portfolio on screen (server/students/portfolio.ts builds
 * it): who, the sessions played, a grid of levels per competency and
 * session with the trend, the same as a chart (shared/scoring/portfolio-plot.ts,
 * the chart the jury's PDF prints), then per competency the detail — level
 * computed and retained, evaluators' revisions with their justification,
 * the evidence. Links to the PDF and the CSV (pseudonymised on request),
 * and for the owner of the student's class the data rights: export
 * everything, erase everywhere.
 */

const failure = (err: unknown) => { const e = err as ApiError; return `${t("school.error")} ${e.message}`; };

function sessionTable(p: Portfolio): HTMLElement {
  const head = (["pf.n", "pf.date", "pf.scenario", "pf.session", "pf.cell", "pf.roles"] as const).map((k) => h("th", { scope: "col" }, t(k)));
  const rows = p.sessions.map((s) => h("tr", null, h("th", { scope: "row" }, String(s.n)), h("td", null, s.date), h("td", null, s.scenario),
    h("td", null, s.session), h("td", null, s.cell), h("td", null, s.present ? s.roles : t("pf.absent"))));
  return h("div", { class: "table-scroll" }, h("table", { class: "table" }, h("thead", null, h("tr", null, ...head)), h("tbody", null, ...rows)));
}

export async function portfolioScreen(pseudo: string): Promise<Screen> {
  const el = h("div", { class: "screen school portfolio", "data-screen": "portfolio" });
  let title = t("pf.title");
  const screen = { el, title: () => title, dispose: () => undefined };
  const me = await api.me().catch(() => undefined);
  if (!me) { location.hash = "#/staff"; return screen; }
  setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
  el.append(schoolNav(me, "classes"));
  const lang = getLang();
  let p: Portfolio;
  try { p = await schoolApi.portfolio(pseudo, lang); } catch (err) {
    el.append(h("p", { class: "form-error" }, failure(err)), h("a", { href: "#/staff/classes", class: "btn btn-secondary" }, t("school.back")));
    return screen;
  }
  title = p.title;
  const ids = { who: newId(), sessions: newId(), levels: newId(), detail: newId(), docs: newId(), rights: newId(), pseudo: newId() };
  const pseudoBox = h("input", { id: ids.pseudo, type: "checkbox" });
  const docLink = (href: () => string, label: string) => {
    const a = h("a", { class: "btn btn-secondary", href: href(), download: "" }, label);
    pseudoBox.addEventListener("change", () => { a.href = href(); });
    return a;
  };
  const chartHost = h("figure", { class: "portfolio-chart" });
  if (p.sessions.length) {
    chartHost.append(portfolioChart(p.chart, document, lang, Math.min(1100, Math.max(480, (el.isConnected ? el.clientWidth : 0) || 900))),
      h("figcaption", { class: "hint" }, t("pf.chartHint")));
  }
  const rights = p.canManage ? h("section", { class: "card", "aria-labelledby": ids.rights },
    h("h2", { id: ids.rights }, t("pf.rights")), h("p", { class: "hint" }, t("pf.rightsHint")),
    h("p", { class: "row" },
      h("a", { class: "btn btn-secondary", href: schoolLinks.studentExport(pseudo), download: "" }, t("pf.export")),
      h("button", { type: "button", class: "btn-danger", onclick: async (e: Event) => {
        if (!confirm(t("pf.confirmErase", { name: p.student.name }))) return;
        try {
          const r = await schoolApi.eraseStudent(pseudo);
          const msg = t("pf.erased", { entries: r.entries, cells: r.cells, sessions: r.sessions, ms: r.ms });
          announce(msg);
          (e.target as HTMLElement).closest("section")!.append(h("p", { role: "status", class: "ok" }, msg));
        } catch (err) { (e.target as HTMLElement).closest("section")!.append(h("p", { role: "alert", class: "form-error" }, failure(err))); }
      } }, t("pf.erase")))) : null;

  append(el, [
    h("h1", null, p.title),
    h("section", { class: "card", "aria-labelledby": ids.who },
      h("h2", { id: ids.who, class: "sr-only" }, t("pf.student")),
      h("dl", { class: "facts" },
        h("dt", null, t("pf.student")), h("dd", null, p.student.name),
        p.student.number ? [h("dt", null, t("pf.number")), h("dd", null, p.student.number)] : null,
        p.student.classes.length ? [h("dt", null, t("pf.classes")), h("dd", null, p.student.classes.join(", "))] : null,
        h("dt", null, t("pf.pseudo")), h("dd", null, h("code", null, p.student.pseudoId)))),
    h("section", { class: "card", "aria-labelledby": ids.sessions },
      h("h2", { id: ids.sessions }, t("pf.sessions")),
      p.sessions.length ? sessionTable(p)
        : h("p", { class: "muted" }, t("pf.noSessions"))),
    p.sessions.length ? h("section", { class: "card", "aria-labelledby": ids.levels },
      h("h2", { id: ids.levels }, t("pf.levels")),
      h("div", { class: "table-scroll" }, h("table", { class: "table levels" },
        h("thead", null, h("tr", null, h("th", { scope: "col" }, ""), ...p.sessions.map((s) => h("th", { scope: "col" }, `${t("pf.session")} ${s.n}`)), h("th", { scope: "col" }, t("pf.trend")))),
        h("tbody", null, ...p.competencies.map((c) => h("tr", { "data-competency": c.competency },
          h("th", { scope: "row" }, `${c.competency} — ${c.text}`),
          ...c.sessions.map((x) => h("td", { class: `tone-${x.level.tone}` }, x.level.final, x.level.revised ? h("span", { class: "muted" }, ` (${t("pf.computed")}${colon()}${x.level.computed})`) : null)),
          h("td", null, c.trend.word)))))),
      h("h3", null, t("pf.chart")), chartHost) : null,
    p.sessions.length ? h("section", { class: "card", "aria-labelledby": ids.detail },
      h("h2", { id: ids.detail }, t("pf.detail")),
      ...p.competencies.map((c) => h("details", { class: "pf-competency" },
        h("summary", null, `${c.competency} — ${c.text} · ${t("pf.trend")}${colon()}${c.trend.word}`),
        ...c.sessions.map((x) => {
          const s = p.sessions[x.n - 1];
          return h("div", { class: "pf-session" },
            h("h3", null, `${t("pf.session")} ${s.n} — ${s.label}`),
            !s.present ? h("p", { class: "muted" }, t("pf.absent")) : [
              h("p", null, `${t("pf.computed")}${colon()}${x.level.computed} · ${t("pf.retained")}${colon()}${x.level.final}${x.self ? ` · ${t("pf.self")}${colon()}${x.self}` : ""}`),
              x.how ? h("p", { class: "muted" }, x.how) : null,
              h("p", null, h("strong", null, t("pf.overrides")), x.overrides.length ? "" : `${colon()}${t("pf.noOverride")}`),
              x.overrides.length ? h("ul", null, ...x.overrides.map((o) => h("li", null, `${o.who} (${o.date} UTC) → ${o.level}${colon()}« ${o.justification} »`))) : null,
              h("p", null, h("strong", null, t("pf.evidence"))),
              x.items.length && !x.noEvidence ? h("ul", null, ...x.items.map((i) => h("li", null, `${i.title} — ${i.outcome}`, i.evidence.length ? h("ul", { class: "muted" }, ...i.evidence.map((e) => h("li", null, e))) : null)))
                : h("p", { class: "muted" }, t("pf.noEvidence")),
            ]);
        })))) : null,
    h("section", { class: "card", "aria-labelledby": ids.docs },
      h("h2", { id: ids.docs }, t("pf.documents")),
      h("p", { class: "field-inline" }, pseudoBox, h("label", { htmlFor: ids.pseudo }, t("pf.pseudonymize"))),
      h("p", { class: "row" },
        ...(["fr", "en"] as const).map((l) => docLink(() => schoolLinks.portfolioPdf(pseudo, l, pseudoBox.checked), t("pf.pdf", { lang: t(`pf.lang.${l}`) }))),
        docLink(() => schoolLinks.portfolioCsv(pseudo, lang, pseudoBox.checked), t("pf.csv", { lang: t(`pf.lang.${lang}`) })))),
    rights]);
  return screen;
}
