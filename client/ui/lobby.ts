import { t, tx } from "../i18n/index.js";
import type { Changed } from "../net/apply.js";
import { announce } from "./announce.js";
import { chatPanel } from "./chat.js";
import type { Part, PlayCtx } from "./context.js";
import { h, keyedList, reducedMotion } from "./dom.js";
import { ackMessage } from "./form.js";
import { NOT_READY_MARK, READY_MARK } from "./marks.js";
import { mountScene, type RoomData, type SceneHandle } from "../scenes/host.js";

/**
 * The lobby: a situation room (Phaser) where each role is a seat, with the
 * accessible equivalent in the DOM — one role card per seat (responsibilities,
 * what it is assessed on, who holds it, take/leave), who is here, who is ready.
 */

/**
 * Who said they are ready: the `ready` entry's flag on each player (shown in the reader's language). Cells logged
 * before readiness was an event of its own carried it as chat lines starting with ✔/✖: those are still read, and a
 * player's own flag, once said, wins.
 */
export function readiness(view: Pick<PlayCtx["view"], "actions" | "players">): Map<string, boolean> {
  const ready = new Map<string, boolean>();
  for (const a of view.actions) {
    if (a.kind !== "chat" || typeof a.params.text !== "string") continue;
    if (a.params.text.startsWith(READY_MARK)) ready.set(a.player, true);
    else if (a.params.text.startsWith(NOT_READY_MARK)) ready.set(a.player, false);
  }
  for (const p of view.players) if (p.ready !== undefined) ready.set(p.id, p.ready);
  return ready;
}

export function lobbyPart(ctx: PlayCtx): Part {
  const seats = h("ul", { class: "seats", "aria-label": t("lobby.seats") });
  const people = h("ul", { class: "people" });
  const status = h("p", { class: "lobby-status", role: "status" });
  const readyBtn = h("button", { type: "button", class: "btn-primary", "data-action": "ready" });
  const sceneHost = h("div", { class: "scene scene-room" });
  const chat = chatPanel(ctx, { compact: true });
  let scene: SceneHandle<RoomData> | undefined;
  let disposed = false;

  const holders = (role: string) => ctx.view.players.filter((p) => p.roles.includes(role));
  const mine = () => ctx.you.roles;

  const seatAction = async (role: string, take: boolean, btn: HTMLButtonElement) => {
    btn.disabled = true;
    const ack = await ctx.conn.intent({ type: take ? "take_role" : "release_role", role });
    btn.disabled = false;
    const name = ctx.roleName(role);
    if (ack.ok) announce(t(take ? "lobby.took" : "lobby.released", { role: name }));
    else announce(`${t("form.refused")} ${ackMessage(ack)}`, true);
    const msg = btn.closest("li")?.querySelector(".seat-msg");
    if (msg) msg.textContent = ack.ok ? "" : ackMessage(ack);
  };

  const renderSeats = () => {
    const ready = readiness(ctx.view);
    keyedList(seats, ctx.brief.roles, (r) => r.id,
      (r) => `${holders(r.id).map((p) => `${p.id}:${p.present}:${ready.get(p.id)}`).join(",")}|${mine().includes(r.id)}`,
      (r) => {
        const held = mine().includes(r.id);
        const who = holders(r.id);
        const titleId = `seat-${r.id}`;
        return h("li", { class: `seat-card ${held ? "seat-mine" : ""} ${who.length ? "seat-taken" : ""}`, "data-role": r.id, "aria-labelledby": titleId },
          h("h3", { id: titleId }, tx(r.name), r.required ? h("span", { class: "tag" }, t("lobby.required")) : null),
          r.description ? h("p", { class: "muted" }, tx(r.description)) : null,
          r.responsibilities.length ? h("div", null, h("h4", null, t("lobby.responsibilities")), h("ul", { class: "bullets" }, r.responsibilities.map((x) => h("li", null, tx(x))))) : null,
          r.competencies.length ? h("div", null, h("h4", null, t("lobby.assessed")),
            h("ul", { class: "comps" }, r.competencies.map((c) => h("li", { title: t(`comp.${c}.long` as never) }, h("strong", null, c), " ", t(`comp.${c}` as never))))) : null,
          h("p", { class: "seat-holders" }, who.length ? `${t("lobby.heldBy")} ${who.map((p) => p.name + (p.present ? "" : ` (${t("lobby.away")})`)).join(", ")}` : t("lobby.free")),
          // A role someone else holds cannot be taken (the server would refuse): no button, the holder is named above.
          held || who.length === 0 ? h("div", { class: "row" },
            h("button", { type: "button", class: held ? "btn-secondary" : "btn-primary", "data-seat": r.id,
              "aria-describedby": titleId, onclick: (e: Event) => void seatAction(r.id, !held, e.currentTarget as HTMLButtonElement) },
              held ? t("lobby.leave") : t("lobby.take"))) : null,
          h("p", { class: "seat-msg form-status error", role: "status" }));
      });
  };

  const renderPeople = () => {
    const ready = readiness(ctx.view);
    keyedList(people, ctx.view.players, (p) => p.id, (p) => `${p.name}${p.present}${p.roles.join()}${ready.get(p.id)}`, (p) =>
      h("li", { class: `person ${p.present ? "" : "away"}` },
        h("span", { class: `presence ${p.present ? "on" : "off"}`, "aria-hidden": "true" }),
        h("strong", null, p.name), p.id === ctx.playerId ? ` (${t("lobby.you")})` : "",
        " — ", p.roles.length ? p.roles.map(ctx.roleName).join(", ") : t("lobby.noRole"),
        " · ", p.present ? (ready.get(p.id) ? h("span", { class: "ok" }, t("lobby.ready")) : t("lobby.notReady")) : t("lobby.away")));
    const meReady = ready.get(ctx.playerId) === true;
    readyBtn.textContent = meReady ? t("lobby.notReadyBtn") : t("lobby.readyBtn");
    readyBtn.dataset.ready = String(meReady);
    readyBtn.disabled = mine().length === 0;
    readyBtn.title = mine().length === 0 ? t("lobby.readyNeedsRole") : "";
    const taken = ctx.brief.roles.filter((r) => holders(r.id).length > 0).length;
    const missing = ctx.brief.roles.filter((r) => r.required && holders(r.id).length === 0).map((r) => tx(r.name));
    status.textContent = `${t("lobby.waiting")} ${t("lobby.taken", { count: taken, total: ctx.brief.roles.length })}` +
      (missing.length ? ` ${t("lobby.missing", { roles: missing.join(", ") })}` : "");
  };

  readyBtn.addEventListener("click", async () => {
    const meReady = readyBtn.dataset.ready === "true";
    readyBtn.disabled = true;
    const ack = await ctx.conn.intent({ type: "ready", ready: !meReady });
    readyBtn.disabled = mine().length === 0;
    if (!ack.ok) announce(ackMessage(ack), true);
  });

  const sceneData = () => ({
    roles: ctx.brief.roles.map((r) => ({ id: r.id, name: tx(r.name), holders: holders(r.id).map((p) => p.name), mine: mine().includes(r.id) })),
    label: t("lobby.sceneLabel", { taken: ctx.brief.roles.filter((r) => holders(r.id).length).length, total: ctx.brief.roles.length }),
  });

  const el = h("div", { class: "lobby", "data-screen": "lobby" },
    h("div", { class: "lobby-head" },
      h("h1", null, t("lobby.title"), " — ", tx(ctx.brief.title)),
      ctx.brief.summary ? h("p", { class: "lead" }, tx(ctx.brief.summary)) : null,
      status),
    h("div", { class: "lobby-grid" },
      h("div", { class: "lobby-side" },
        sceneHost,
        h("section", { class: "card", "aria-labelledby": "people-title" },
          h("h2", { id: "people-title" }, t("lobby.people")), people, h("div", { class: "row" }, readyBtn),
          h("p", { class: "hint" }, t("lobby.readyHint"))),
        h("section", { class: "card lobby-chat", "aria-labelledby": "lobby-chat-title" }, h("h2", { id: "lobby-chat-title" }, t("chat.title")), chat.el)),
      h("section", { class: "lobby-seats", "aria-labelledby": "seats-title" },
        h("h2", { id: "seats-title" }, t("lobby.seats")), h("p", { class: "hint" }, t("lobby.seatsHint")), seats)));

  renderSeats();
  renderPeople();
  void mountScene(sceneHost, "room", sceneData(), reducedMotion()).then((s) => { if (disposed) s.destroy(); else scene = s; });

  return {
    el,
    update: (changed: Set<Changed>) => {
      if (changed.has("players") || changed.has("actions")) { renderSeats(); renderPeople(); scene?.update(sceneData()); }
      chat.update(changed);
    },
    dispose: () => { disposed = true; scene?.destroy(); chat.dispose?.(); },
  };
}
