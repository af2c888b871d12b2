import { cellName } from "../../shared/i18n/cell-name.js";
import { compileScenario } from "../../shared/engine/compile.js";
import type { LogEntry } from "../../shared/engine/log.js";
import { buildReplay } from "../../shared/replay/index.js";
import { getLang, t, tx } from "../i18n/index.js";
import { api, type Me, type SessionInfo } from "../net/api.js";
import { evaluateApi, type ReplayPayload } from "../net/evaluate-api.js";
import { announce } from "./announce.js";
import { signIn } from "./console.js";
import { crisisChartView } from "./crisis-chart.js";
import { focusEl, h, tabs } from "./dom.js";
import { assessPanel, exportsPanel } from "./evaluate-assess.js";
import type { Ws } from "./evaluate-context.js";
import { wsNames } from "./evaluate-context.js";
import { logPanel } from "./evaluate-log.js";
import { notesPanel } from "./evaluate-notes.js";
import { transport } from "./evaluate-player.js";
import { seenPanel } from "./evaluate-seen.js";
import { lanesPanel, timelineStrip } from "./evaluate-lanes.js";
import { setContext } from "./header.js";
import type { Screen } from "./screen.js";
import "./evaluate.css";

/**
 * The evaluator workspace (lazy chunk): the sessions with their cells, then
 * one cell's replay — a scrubbable timeline with play/pause and speeds, swim
 * lanes per role and per channel, deadline markers and branches, the event
 * log beside it, the cell "as seen by" any role at that moment, annotations,
 * the assessment with overrides, and the exports. The replay is folded in
 * the browser by the same engine as the server (shared/replay).
 */

async function staff(el: HTMLElement, then: (me: Me) => Promise<void>): Promise<void> {
  let me: Me | undefined;
  try { me = await api.me(); } catch { me = undefined; }
  if (!me) { el.replaceChildren(await signIn(async () => { await staff(el, then); focusEl(el.querySelector("h1")); })); return; }
  setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
  await then(me);
}

const statusTag = (status: string | undefined) => h("span", { class: `tag status-${status ?? "lobby"}` }, t(`eval.status.${status ?? "lobby"}` as never) || status || "");

/** `#/evaluate`: every session, its status and cells, with links to each cell's replay. */
export async function evaluateHome(): Promise<Screen> {
  const el = h("div", { class: "screen evaluate", "data-screen": "evaluate-home" });
  await staff(el, async () => {
    const [sessions, scenarios] = await Promise.all([api.sessions().catch(() => [] as SessionInfo[]), api.scenarios().catch(() => [])]);
    const scenarioTitle = (id: string) => { const s = scenarios.find((x) => x.id === id || x.scenarioId === id); return s ? tx(s.title as never) || id : id; };
    el.replaceChildren(
      h("div", { class: "console-head" }, h("h1", null, t("eval.title")), h("a", { href: "#/staff", class: "btn btn-secondary" }, t("eval.toConsole"))),
      h("p", { class: "hint" }, t("eval.intro")),
      sessions.length === 0 ? h("p", { class: "muted" }, t("console.noSession")) :
        h("table", { class: "eval-sessions" }, h("caption", { class: "sr-only" }, t("eval.sessions")),
          h("thead", null, h("tr", null, ...["console.sessionName", "console.scenario", "eval.sessionStatus", "eval.created", "eval.cells"].map((k) => h("th", { scope: "col" }, t(k as never))))),
          h("tbody", null, [...sessions].reverse().map((s) => h("tr", { "data-session": s.id },
            h("th", { scope: "row" }, s.name || s.code), h("td", null, scenarioTitle(String(s.scenario ?? ""))), h("td", null, statusTag(String(s.status ?? "open"))),
            h("td", null, s.createdAt ? new Date(Number(s.createdAt)).toLocaleString(getLang() === "fr" ? "fr-FR" : "en-GB") : "—"),
            h("td", null, h("ul", { class: "eval-cells" }, s.cells.map((c) => h("li", null,
              h("a", { href: `#/evaluate/${s.id}/${c.id}`, "data-cell": c.id }, t("eval.replayCell", { name: cellName(c, getLang()) })),
              " ", statusTag(c.status), h("span", { class: "muted small" }, ` ${t("eval.players", { count: c.players ?? 0 })}`))))))))));
  });
  return { el, title: () => t("eval.title"), dispose: () => undefined };
}

/** `#/evaluate/<session>[/<cell>]`: the replay workspace of one cell (the first cell when none is named). */
export async function evaluateCell(sessionId: string, cellId?: string): Promise<Screen> {
  const el = h("div", { class: "screen evaluate-cell", "data-screen": "evaluate" });
  const disposers: (() => void)[] = [];
  let title = t("eval.title");
  await staff(el, async () => {
    let session: SessionInfo, payload: ReplayPayload;
    try {
      session = await api.session(sessionId);
      const cell = cellId ?? session.cells[0]?.id;
      if (!cell) throw new Error(t("eval.noCell"));
      payload = await evaluateApi.replay(cell);
    } catch (err) {
      el.replaceChildren(h("h1", null, t("eval.title")), h("p", { class: "form-error", role: "alert" }, `${t("eval.loadError")} ${(err as Error).message}`),
        h("a", { href: "#/evaluate", class: "btn btn-secondary" }, t("eval.back")));
      return;
    }
    const ws = workspace(payload, session.id);
    title = `${t("eval.replayOf")} ${cellName(payload.cell, getLang())}`;
    const others = session.cells.filter((c) => c.id !== payload.cell.id);
    const head = h("div", { class: "eval-head" },
      h("h1", null, t("eval.replayOf"), " ", cellName(payload.cell, getLang()), h("span", { class: "muted small" }, ` — ${session.name ?? ""}${session.name?.startsWith(tx(payload.scenario.meta.title)) ? "" : ` · ${tx(payload.scenario.meta.title)}`}`)),
      statusTag(payload.cell.status),
      payload.cell.live ? h("span", { class: "hint" }, t("eval.live"), " ",
        h("button", { type: "button", class: "btn-small", "data-control": "reload", onclick: () => location.reload() }, t("eval.reload"))) : null,
      h("nav", { class: "row eval-nav", "aria-label": t("eval.otherCells") },
        others.map((c) => h("a", { href: `#/evaluate/${session.id}/${c.id}`, class: "btn btn-small" }, t("eval.replayCell", { name: cellName(c, getLang()) }))),
        h("a", { href: "#/evaluate", class: "btn btn-small btn-secondary" }, t("eval.back"))));
    const player = transport(ws);
    disposers.push(player.dispose);
    const strip = timelineStrip(ws);
    const notes = notesPanel(ws, strip.setNotes);
    const seen = seenPanel(ws);
    // The crisis over time: a marker seeks the replay to the entry that made it.
    const chartHost = h("div", { class: "eval-chart" }, h("p", { class: "hint" }, t("chart.jumpHint")), h("p", { class: "muted" }, t("chart.loading")));
    void crisisChartView(ws.index.series, { title: t("chart.title"), onMarker: (m) => ws.seek(m.position, { announce: true }) })
      .then((fig) => chartHost.replaceChildren(h("p", { class: "hint" }, t("chart.jumpHint")), fig));
    const box = tabs(t("eval.tabs"), [
      { id: "ev-lanes", label: t("eval.tab.lanes"), panel: h("div", { class: "panel" }, lanesPanel(ws).el) },
      { id: "ev-chart", label: t("eval.tab.chart"), panel: h("div", { class: "panel" }, chartHost) },
      { id: "ev-seen", label: t("eval.tab.seen"), panel: h("div", { class: "panel" }, seen.el) },
      { id: "ev-assess", label: t("eval.tab.assess"), panel: h("div", { class: "panel" }, assessPanel(ws).el) },
      { id: "ev-notes", label: t("eval.tab.notes"), panel: h("div", { class: "panel" }, notes.el) },
      { id: "ev-exports", label: t("eval.tab.exports"), panel: h("div", { class: "panel" }, exportsPanel(ws).el) },
    ], (id) => { if (id === "ev-seen") seen.refresh(); });
    el.replaceChildren(head, player.el, strip.el,
      h("div", { class: "eval-grid" }, h("section", { class: "eval-main", "aria-label": t("eval.workspaceLabel") }, box.el), logPanel(ws).el));
    // Back where this evaluator was in this cell (language switch, reload of a live cell), else at the end.
    const stored = Number(sessionStorage.getItem(`sf.replay.${payload.cell.id}`) ?? NaN);
    ws.seek(Number.isFinite(stored) ? stored : ws.index.length, { announce: false });
    ws.onSeek(() => { try { sessionStorage.setItem(`sf.replay.${payload.cell.id}`, String(ws.position())); } catch { /* private mode */ } });
    announce(t("eval.loaded", { n: ws.index.length }));
  });
  return { el, title: () => title, dispose: () => { for (const d of disposers) d(); } };
}

/** The shared state of one replay: the index, a cursor, and the listeners told after every seek. */
function workspace(payload: ReplayPayload, sessionId: string): Ws {
  const compiled = compileScenario(payload.scenario);
  const entries: LogEntry[] = payload.log.map((e) => ({ ...e.payload, seq: e.seq, wall: e.wall, by: e.by }) as LogEntry);
  const index = buildReplay(compiled, entries);
  const cursor = index.cursor();
  const listeners: (() => void)[] = [];
  const ws: Ws = {
    payload, sessionId, cellId: payload.cell.id, compiled, index,
    position: () => cursor.position,
    state: () => cursor.state,
    seek: (position, opts = {}) => {
      cursor.moveTo(position);
      for (const l of listeners) l();
      if (opts.announce) announce(t("eval.at", { when: ws.when(cursor.state.time), n: cursor.position, total: index.length }));
    },
    onSeek: (fn) => { listeners.push(fn); },
    ...wsNames(payload, compiled, index),
  };
  return ws;
}
