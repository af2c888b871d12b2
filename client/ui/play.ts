import { formatClock } from "../../shared/scenario/time.js";
import type { ParamValue } from "../../shared/engine/types.js";
import { CloseReason } from "../../shared/protocol-codes.js";
import { loadLaterWords, t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { CellConnection } from "../net/cell.js";
import { drafts, seatStore, type PlayerSeat } from "../net/store.js";
import { announce, toast } from "./announce.js";
import type { BriefAction, Part, PlayCtx } from "./context.js";
import { focusEl, h } from "./dom.js";
import { setConnection, setContext } from "./header.js";
import type { Screen } from "./screen.js";
import { cue } from "./sound.js";

/**
 * The player's game: one connection to the cell room, and the sub-screen its
 * status calls for — lobby (seats), crisis cell (running or paused), debrief
 * (ended). Announces every new inject (live region + sound) whatever the
 * sub-screen. A reload lands here again and rejoins with the stored seat.
 */
type Stage = "lobby" | "cell" | "debrief";

export async function playScreen(): Promise<Screen> {
  const seat = seatStore.load();
  const el = h("div", { class: "screen play", "data-screen": "play" });
  if (!seat) { location.hash = "#/"; return { el, title: () => "", dispose: () => undefined }; }
  const conn = new CellConnection(seat.cellId, () => ({ token: seat.token }));
  let part: (Part & { stage: Stage; relang?: () => void }) | undefined;
  let disposed = false;
  const offs: (() => void)[] = [];

  const ctx = makeCtx(conn, seat);
  const stageOf = (): Stage => (conn.view!.status === "lobby" ? "lobby" : conn.view!.status === "ended" ? "debrief" : "cell");

  const mount = async (force = false) => {
    if (!conn.view || !conn.brief) return;
    const stage = stageOf();
    setContext(`${tx(conn.brief.title)} · ${conn.you?.name ?? seat.name}`);
    if (part && part.stage === stage && !force) { part.update(new Set<Changed>(["status", "players", "deliveries", "actions", "gauges", "clock", "deadlines", "countdowns", "pacing", "phase", "expectations"])); return; }
    const prev = part;
    const next = stage === "lobby" ? (await import("./lobby.js")).lobbyPart(ctx)
      : stage === "cell" ? (await import("./cell.js")).cellPart(ctx)
      : (await Promise.all([import("./debrief.js"), loadLaterWords()]))[0].debriefPart(ctx);
    if (disposed || stageOf() !== stage) { next.dispose?.(); if (!disposed) void mount(); return; }
    prev?.dispose?.();
    part = Object.assign(next, { stage });
    el.replaceChildren(next.el);
    if (!force || prev?.stage !== stage) focusEl(next.el.querySelector<HTMLElement>("h1"));
    if (prev && prev.stage !== stage) announce(t(`play.stage.${stage}`), true);
  };

  offs.push(conn.on("status", (s) => setConnection(s)));
  offs.push(conn.on("view", () => void mount()));
  offs.push(conn.on("update", (changed, updates) => {
    for (const u of updates) {
      if (u.type !== "delivery") continue;
      const d = u.delivery;
      const channel = conn.brief?.channels.find((c) => c.id === d.channel);
      announce(t("play.newInject", { channel: tx(channel?.name) || d.channelKind, from: tx(d.fromName), subject: tx(d.subject) }), d.severity === "critical");
      cue(d.severity === "critical" ? "critical" : d.channelKind === "phone" ? "call" : "message");
    }
    for (const u of updates) {
      if (u.type === "status" && u.status === "paused") { announce(t("play.paused"), true); toast(t("play.paused"), "info"); }
      if (u.type === "status" && u.status === "running" && part?.stage === "cell") announce(t("play.resumed"));
      if (u.type === "phase") announce(t("play.phase", { phase: tx(u.name) }));
    }
    if (part && part.stage === stageOf()) part.update(changed);
    else void mount();
  }));
  offs.push(conn.on("error", (code, message) => toast(`${t("play.serverError")} ${message || code}`, "error")));
  offs.push(conn.on("fatal", (_message, code) => {
    if (code === CloseReason.Replaced) { el.replaceChildren(replacedCard(conn, () => void mount(true))); setConnection(null); return; } // no "retrying" banner: it waits for the student
    if (code === CloseReason.ProtocolMismatch) { el.replaceChildren(reloadCard()); setConnection(null); return; }
    el.replaceChildren(h("section", { class: "card center" },
      h("h1", null, t("play.lostTitle")), h("p", null, t("play.lostText")),
      h("button", { type: "button", class: "btn-primary", onclick: () => { seatStore.clear(); location.hash = "#/"; } }, t("play.backHome"))));
  }));

  el.append(h("div", { class: "card center" }, h("h1", null, t("play.connecting")), h("p", { class: "muted" }, t("play.connectingText"))));
  setConnection("connecting");
  const tryConnect = async (attempt: number): Promise<void> => {
    try {
      await conn.connect();
    } catch (err) {
      if (disposed) return;
      const code = (err as { code?: number }).code;
      if (code === CloseReason.ProtocolMismatch) { el.replaceChildren(reloadCard()); setConnection(null); return; } // retrying cannot help
      setConnection("offline");
      el.replaceChildren(h("section", { class: "card center" },
        h("h1", null, t("play.cannotJoin")),
        h("p", null, code === 4212 || code === 404 ? t("play.cellGone") : t("play.retrying")),
        h("div", { class: "row" },
          h("button", { type: "button", class: "btn-primary", onclick: () => void tryConnect(0) }, t("play.retry")),
          h("button", { type: "button", class: "btn-secondary", onclick: () => { seatStore.clear(); location.hash = "#/"; } }, t("play.backHome")))));
      if (attempt < 30) setTimeout(() => { if (!disposed && !conn.view) void tryConnect(attempt + 1); }, 2000);
    }
  };
  void tryConnect(0);

  return {
    el,
    title: () => (conn.brief ? tx(conn.brief.title) : t("play.connecting")),
    relang: () => { void mount(true); },
    dispose: () => {
      disposed = true;
      for (const off of offs) off();
      part?.dispose?.();
      void conn.close();
    },
  };
}

function makeCtx(conn: CellConnection, seat: PlayerSeat): PlayCtx {
  const ctx: PlayCtx = {
    conn,
    get view() { return conn.view!; },
    get brief() { return conn.brief!; },
    get you() { return conn.you!; },
    cellId: seat.cellId,
    playerId: seat.playerId,
    draftKey: (composer) => drafts.key(seat.cellId, seat.playerId, composer),
    act: (role: string, action: string, params: Record<string, ParamValue>, replyTo?: string) =>
      conn.intent({ type: "action", role, action, params, ...(replyTo ? { replyTo } : {}) }),
    action: (id) => conn.brief?.actions.find((a) => a.id === id),
    rolesFor: (a: BriefAction) => (conn.you?.roles ?? []).filter((r) => a.roles === "all" || a.roles.includes(r)),
    roleName: (id) => tx(conn.brief?.roles.find((r) => r.id === id)?.name) || id,
    personaName: (id) => tx(conn.brief?.personas.find((p) => p.id === id)?.name) || id,
    playerName: (id) => conn.view?.players.find((p) => p.id === id)?.name ?? id,
    clock: (s) => formatClock(s, conn.view?.clockStart ?? 0),
  };
  return ctx;
}

/** The seat was taken in another tab or device: say so, and offer to take it back here (never done by itself: no ping-pong). */
function replacedCard(conn: CellConnection, remount: () => void): HTMLElement {
  const button = h("button", { type: "button", class: "btn-primary", onclick: () => {
    button.disabled = true;
    void conn.takeBack().then(remount, () => { button.disabled = false; });
  } }, t("play.takeBack")) as HTMLButtonElement;
  const card = h("section", { class: "card center", role: "alert" }, h("h1", null, t("play.replacedTitle")), h("p", null, t("play.replacedText")), button);
  queueMicrotask(() => focusEl(card.querySelector<HTMLElement>("h1")));
  return card;
}

/** This page speaks an older (or newer) protocol than the server: only a reload brings the matching client. */
function reloadCard(): HTMLElement {
  return h("section", { class: "card center", role: "alert", "data-state": "protocol-mismatch" },
    h("h1", null, t("play.reloadTitle")), h("p", null, t("play.reloadText")),
    h("button", { type: "button", class: "btn-primary", onclick: () => location.reload() }, t("play.reload")));
}
