import { colon, list, t, tx } from "../i18n/index.js";
import { api, type CellInfo, type Me, type SessionInfo } from "../net/api.js";
import { CellConnection, type ConnStatus } from "../net/cell.js";
import { CloseReason } from "../../shared/protocol-codes.js";
import type { StaffCommand } from "../../shared/protocol.js";
import { announce, toast } from "./announce.js";
import { cellCard, PACES } from "./console-cell.js";
import { cellName, forceStartQuestion, sessionCommandsEnabled } from "./console-start.js";
import { collectivePanel, comparePanel } from "./console-compare.js";
import { cellDetail } from "./console-detail.js";
import { append, focusEl, h } from "./dom.js";
import { ackMessage } from "./form.js";
import { setConnection, setContext } from "./header.js";
import type { Screen } from "./screen.js";
import { sessionVersionLine } from "./console-version.js";
import { schoolApi } from "../net/school-api.js";
import { sharePanel } from "./school-share.js";
import { refusal } from "../i18n/refusal.js";

/**
 * One session from the console: the join code, commands for all cells at
 * once, the overview of every cell side by side, and the selected cell's
 * instructor tools. One staff connection per cell room.
 */
export async function consoleSession(id: string): Promise<Screen> {
  const el = h("div", { class: "screen console-session", "data-screen": "session" });
  let me: Me;
  let session: SessionInfo;
  try { me = await api.me(); session = await api.session(id); } catch (err) {
    el.append(h("h1", null, t("console.title")), h("p", { class: "form-error" }, `${t("console.sessionError")} ${(err as Error).message}`),
      h("a", { href: "#/staff", class: "btn btn-secondary" }, t("console.back")));
    return { el, title: () => t("console.title"), dispose: () => undefined };
  }
  const instructor = session.access === "owner" || session.access === "run"; // the account's access to this session, not its role
  setContext(`${me.username} · ${t(`staff.${me.role}`)}`);
  const cells: { info: CellInfo; conn: CellConnection; card: ReturnType<typeof cellCard> }[] = [];
  const grid = h("div", { class: "cell-cards" });
  const detailHost = h("section", { class: "cell-detail-host", "aria-label": t("console.detail") });
  let detail: ReturnType<typeof cellDetail> | undefined;
  let selected = "";
  const offs: (() => void)[] = [];

  const worst = (): ConnStatus => {
    const ss = cells.map((c) => c.conn.status);
    return ss.includes("offline") ? "offline" : ss.includes("reconnecting") ? "reconnecting" : ss.includes("connecting") ? "connecting" : "online";
  };

  const select = (cellId: string, focus = true) => {
    const c = cells.find((x) => x.info.id === cellId);
    if (!c || !c.conn.view) return;
    selected = cellId;
    detail?.dispose?.();
    detail = cellDetail(c.conn, `${me.username}.${cellId}`, instructor, cellName(c.info));
    detailHost.replaceChildren(detail.el);
    for (const x of cells) x.card.setSelected(x.info.id === cellId);
    if (focus) focusEl(detail.el.querySelector<HTMLElement>("h2"));
  };

  // The session-wide buttons follow the cells' statuses: one that can reach no cell is disabled, its reason said.
  const refreshControls = () => {
    const enabled = sessionCommandsEnabled(cells.map((c) => c.conn.view?.status));
    for (const b of el.querySelectorAll<HTMLButtonElement>(".all-controls [data-cmd]")) {
      const key = b.dataset.cmd as keyof typeof enabled;
      const why = el.querySelector<HTMLElement>(`#why-${key}`);
      b.disabled = !enabled[key];
      if (key === "start-all") b.className = enabled[key] ? "btn-primary" : "btn-secondary";
      if (why) why.textContent = enabled[key] ? "" : t(`console.noneFor.${key}` as never);
      b.title = why?.textContent ?? "";
    }
  };

  const runAll = async (command: StaffCommand, label: string) => {
    const live = cells.filter((c) => c.conn.view);
    let results = await Promise.all(live.map((c) => c.conn.command(command)));
    const vacant = results.flatMap((a, i) => (!a.ok && a.code === "roles_vacant" ? [{ cell: cellName(live[i].info), message: ackMessage(a) }] : []));
    if (command.type === "start" && vacant.length && confirm(forceStartQuestion(vacant))) {
      results = await Promise.all(cells.filter((c) => c.conn.view && c.conn.view.status === "lobby").map((c) => c.conn.command({ type: "start", force: true })));
    }
    const bad = results.flatMap((a, i) => (a.ok ? [] : [`${cellName(live[i].info)}${colon()}${ackMessage(a)}`]));
    if (bad.length === 0) announce(t("console.doneAll", { what: label }));
    else toast(`${label}${colon()}${list(bad, "semicolon")}`, "error");
  };

  for (const info of session.cells) {
    // A fresh short-lived staff token before every (re)join.
    const conn = new CellConnection(info.id, async () => ({ staffToken: await api.staffToken() }));
    const card = cellCard(conn, info, { instructor, onSelect: (cid) => select(cid) });
    cells.push({ info, conn, card });
    grid.append(card.el);
    offs.push(conn.on("status", () => setConnection(worst())));
    offs.push(conn.on("view", () => { card.update(); refreshControls(); if (selected === info.id) detail?.update(new Set(["actions", "deliveries", "expectations", "players", "status"])); else if (!selected) select(info.id, false); }));
    offs.push(conn.on("update", (changed) => { card.update(); if (changed.has("status")) refreshControls(); if (selected === info.id) detail?.update(changed); }));
    offs.push(conn.on("error", (code, message) => toast(`${cellName(info)}${colon()}${message || code}`, "error")));
    offs.push(conn.on("fatal", (_m, code) => { if (code === CloseReason.Replaced) toast(`${info.name ?? ""} — ${t("console.replaced")}`, "error"); }));
    conn.connect().catch((err) => {
      // A refused seat says why as a refusal code (seat_*, protocol_mismatch): in the reader's language; anything else as it came.
      const { message = String(err), code } = err as Error & { code?: number };
      card.fail(code === CloseReason.ProtocolMismatch ? refusal({ code: "protocol_mismatch" }) : /^[a-z_]+$/.test(message) ? refusal({ code: message }) : message);
    });
  }
  setConnection("connecting");

  // A multiplier of each scenario's own tempo (its phases keep their pace), not an absolute speed that would discard it.
  const speedSel = h("select", { id: "speed-all", name: "pace" }, PACES.map((f) => h("option", { value: String(f), selected: f === 1 }, `×${f}`)));
  const controls = instructor ? h("div", { class: "all-controls", role: "group", "aria-label": t("console.allCells") },
    h("button", { type: "button", class: "btn-primary", "data-cmd": "start-all", "aria-describedby": "why-start-all", onclick: () => void runAll({ type: "start" }, t("console.start")) }, t("console.startAll")),
    h("button", { type: "button", class: "btn-secondary", "data-cmd": "pause-all", "aria-describedby": "why-pause-all", onclick: () => void runAll({ type: "pause" }, t("console.pause")) }, t("console.pauseAll")),
    h("button", { type: "button", class: "btn-secondary", "data-cmd": "resume-all", "aria-describedby": "why-resume-all", onclick: () => void runAll({ type: "resume" }, t("console.resume")) }, t("console.resumeAll")),
    h("label", { htmlFor: "speed-all", class: "inline-label" }, t("console.paceAll")), speedSel,
    h("button", { type: "button", class: "btn-secondary", "data-cmd": "speed-all", "aria-describedby": "why-speed-all", onclick: () => void runAll({ type: "pace", factor: Number(speedSel.value) }, `${t("console.pace")} ×${speedSel.value}`) }, t("console.apply")),
    h("button", { type: "button", class: "btn-danger", "data-cmd": "end-all", "aria-describedby": "why-end-all", onclick: () => { if (confirm(t("console.confirmEnd"))) void runAll({ type: "end", reason: "instructor" }, t("console.end")); } }, t("console.endAll")),
    (["start-all", "pause-all", "resume-all", "speed-all", "end-all"] as const).map((k) => h("span", { id: `why-${k}`, class: "sr-only" }))) : null;

  append(el, [
    h("div", { class: "console-head" },
      h("h1", null, session.name || t("console.session")),
      session.code ? h("p", { class: "join-code" }, t("console.joinCode"), " ", h("code", { class: "code big", "data-code": session.code }, session.code),
        h("span", { class: "muted" }, ` — ${t("console.joinHint", { url: location.origin })}`)) : null,
      session.class ? h("p", { class: "muted" }, `${t("cls.forSession")}${colon()}`, h("a", { href: `#/staff/class/${session.class.id}` }, session.class.name)) : null,
      sessionVersionLine(session.id),
      h("a", { href: "#/staff", class: "btn btn-secondary" }, t("console.back"))),
    controls,
    h("h2", { class: "sr-only" }, t("console.overview")),
    grid,
    detailHost,
    collectivePanel(session.id),
    h("details", { class: "compare-host" }, h("summary", null, t("compare.title")), comparePanel(session.id)),
    session.class ? studentLinks(session.id) : null,
    session.access === "owner" ? sharePanel("sessions", session.id) : null]);

  return {
    el,
    title: () => session.name || t("console.session"),
    dispose: () => { for (const off of offs) off(); detail?.dispose?.(); for (const c of cells) { c.card.dispose(); void c.conn.close(); } },
  };
}

/** The roster students who played this session, each a link to their portfolio. */
function studentLinks(sessionId: string): HTMLElement {
  const list = h("ul", { class: "student-links" }, h("li", { class: "muted" }, t("school.loading")));
  void schoolApi.sessionStudents(sessionId).then((all) => {
    list.replaceChildren(...(all.length ? all.map((s) => h("li", null, h("a", { href: `#/staff/student/${s.pseudoId}` }, s.name)))
      : [h("li", { class: "muted" }, t("pf.noStudents"))]));
  }).catch((err) => list.replaceChildren(h("li", { class: "form-error" }, `${t("school.loadError")} ${(err as Error).message}`)));
  return h("details", { class: "card students-host" }, h("summary", null, t("pf.openPortfolios")), list);
}

export function cellTitle(conn: CellConnection, info: CellInfo): string {
  return `${info.name ?? info.id}${conn.brief ? ` — ${tx(conn.brief.title)}` : ""}`;
}
