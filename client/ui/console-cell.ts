import { formatClock, formatGameTime, parseGameTime } from "../../shared/scenario/time.js";
import type { StaffCommand } from "../../shared/protocol.js";
import { colon, t, tx } from "../i18n/index.js";
import type { CellInfo } from "../net/api.js";
import { displayTime } from "../net/apply.js";
import type { CellConnection } from "../net/cell.js";
import { announce, toast } from "./announce.js";
import { callLines, callsPanel } from "./console-calls.js";
import { cellName, COMMAND_ALLOWED, forceStartQuestion } from "./console-start.js";
import { countdownItem, countdownSig, realLeftText, sortCountdowns, warningBanner, warningNow } from "./countdowns.js";
import { fill, h, keyedList } from "./dom.js";
import { icon } from "./icons.js";
import { ackMessage } from "./form.js";
import "./cell.css";

/** The tempo multipliers offered (the scenario's own tempo ×1 by default). */
export const PACES = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 100];

/**
 * One cell in the overview: status, phase, clock, the real minutes left (along
 * the tempo plan) and the warning before the end or an exit window, the reply
 * countdowns with their roles and consequence, gauges, who is there, the last
 * actions, missed and overdue deadlines flagged, and its commands — the tempo
 * multiplier and "go to time" among them.
 * Buttons are built once; only the facts are refreshed.
 */
export function cellCard(conn: CellConnection, info: CellInfo, opts: { instructor: boolean; onSelect: (id: string) => void }) {
  const name = cellName(info);
  const titleId = `card-${info.id}`;
  const facts = h("div", { class: "card-facts" }, h("p", { class: "muted" }, t("console.connecting")));
  const clock = h("p", { class: "card-clock" });
  const pacingLine = h("p", { class: "card-pacing", "data-pacing": "" });
  const warnLine = warningBanner(`${name}${colon()}`);
  const countdownList = h("ul", { class: "card-countdowns deadlines", "aria-label": `${t("console.countdowns")} — ${name}` });
  const calls = callsPanel(`${t("console.calls")} — ${name}`);
  const statusTag = h("span", { class: "tag" });
  const cmd = async (command: StaffCommand, label: string, btn: HTMLButtonElement) => {
    btn.disabled = true;
    let ack = await conn.command(command);
    if (!ack.ok && ack.code === "roles_vacant" && confirm(forceStartQuestion([{ cell: name, message: ackMessage(ack) }]))) ack = await conn.command({ type: "start", force: true });
    btn.disabled = false;
    if (ack.ok) announce(`${name}${colon()}${label}`);
    else toast(`${name} — ${label}${colon()}${ackMessage(ack)}`, "error");
  };
  const btn = (label: string, command: StaffCommand, cls = "btn-small", key = command.type) =>
    h("button", { type: "button", class: cls, "data-cmd": key, "aria-label": `${label} — ${name}`, onclick: (e: Event) => void cmd(command, label, e.currentTarget as HTMLButtonElement) }, label);
  const controls = h("div", { class: "row card-controls" },
    opts.instructor ? [
      btn(t("console.start"), { type: "start" }, "btn-small btn-primary"),
      btn(t("console.pause"), { type: "pause" }),
      btn(t("console.resume"), { type: "resume" }),
      h("button", { type: "button", class: "btn-small btn-danger", "data-cmd": "end", "aria-label": `${t("console.end")} — ${name}`,
        onclick: (e: Event) => { if (confirm(t("console.confirmEndOne", { name }))) void cmd({ type: "end", reason: "instructor" }, t("console.end"), e.currentTarget as HTMLButtonElement); } }, t("console.end")),
    ] : null,
    h("button", { type: "button", class: "btn-small btn-secondary", "data-select": info.id, "aria-label": `${t("console.tools")} — ${name}`, onclick: () => opts.onSelect(info.id) }, t("console.tools")));
  // This cell's tempo multiplier and "go to time": log entries like every command (see shared/engine/log.ts).
  const ids = { pace: `pace-${info.id}`, goto: `goto-${info.id}` };
  const paceSel = h("select", { id: ids.pace, "data-control": "pace" }, PACES.map((f) => h("option", { value: String(f), selected: f === 1 }, `×${f}`)));
  const gotoInput = h("input", { id: ids.goto, "data-control": "goto", type: "text", inputmode: "text", placeholder: "T+04:00", autocomplete: "off" });
  const goTo = (e: Event) => {
    const v = conn.view;
    const to = v ? parseGameTime(gotoInput.value, v.clockStart) : null;
    if (to === null) { toast(`${name} — ${t("console.goto")}${colon()}${t("console.gotoBad")}`, "error"); gotoInput.focus(); return; }
    void cmd({ type: "goto", to }, t("console.gotoDone", { at: formatGameTime(to) }), e.currentTarget as HTMLButtonElement);
  };
  const paceControls = opts.instructor ? h("div", { class: "card-controls-pace", role: "group", "aria-label": `${t("console.pace")} — ${name}` },
    // One row per control (label, field, its button): a button never wraps onto the next control's label.
    h("div", { class: "card-control-row" },
      h("label", { htmlFor: ids.pace, class: "inline-label" }, t("console.pace")), paceSel,
      h("button", { type: "button", class: "btn-small btn-secondary", "data-cmd": "pace", "aria-label": `${t("console.apply")} ${t("console.pace")} — ${name}`,
        onclick: (e: Event) => void cmd({ type: "pace", factor: Number(paceSel.value) }, `${t("console.pace")} ×${paceSel.value}`, e.currentTarget as HTMLButtonElement) }, t("console.apply"))),
    h("div", { class: "card-control-row" },
      h("label", { htmlFor: ids.goto, class: "inline-label" }, t("console.gotoLabel")), gotoInput,
      h("button", { type: "button", class: "btn-small btn-secondary", "data-cmd": "goto", "aria-label": `${t("console.goto")} — ${name}`, onclick: goTo }, t("console.goto")))) : null;
  const el = h("article", { class: "cell-card", "aria-labelledby": titleId, "data-cell": info.id },
    h("h3", { id: titleId }, name, " ", statusTag),
    info.code ? h("p", { class: "muted small" }, t("console.cellCode"), " ", h("code", { class: "code" }, String(info.code))) : null,
    clock, pacingLine, warnLine.el, countdownList, calls.el, facts, controls, paceControls);

  const tickClock = () => {
    const v = conn.view;
    if (!v) return;
    const time = displayTime(v, performance.now() - conn.clockAt);
    clock.textContent = `${formatClock(time, v.clockStart)} · ${formatGameTime(time)} · ×${v.speed} · ${tx(v.phase.name)}`;
    const at = { ...v, time };
    const p = v.pacing;
    pacingLine.dataset.factor = String(p.factor);
    pacingLine.textContent = [realLeftText(at), p.manual ? t("pacing.manual", { speed: v.speed }) : t("pacing.tempo", { tempo: p.tempo, factor: p.factor })].filter(Boolean).join(" · ");
    warnLine.render(warningNow(at));
    const cds = sortCountdowns(v.countdowns);
    countdownList.hidden = cds.length === 0;
    keyedList(countdownList, cds, (c) => c.id, (c) => countdownSig(c, time), (c) => countdownItem(c, at, (s) => formatClock(s, v.clockStart), { roles: roleNames, staff: true }));
    calls.render(callLines(v, time, { role: (id) => roleNames([id]), player: (id) => v.players.find((p) => p.id === id)?.name ?? "—", clock: (s) => formatClock(s, v.clockStart) }));
  };
  const roleNames = (ids: string[]) => ids.map((id) => tx(conn.brief?.roles.find((r) => r.id === id)?.name) || id).join(", ");
  const timer = setInterval(tickClock, 1000);

  const update = () => {
    const v = conn.view;
    if (!v) return;
    for (const b of el.querySelectorAll<HTMLButtonElement>("[data-cmd]")) b.disabled = !COMMAND_ALLOWED[b.dataset.cmd!]?.(v.status);
    if (document.activeElement !== paceSel) paceSel.value = String(PACES.includes(v.pacing.factor) ? v.pacing.factor : 1);
    statusTag.textContent = t(`status.${v.status}`);
    statusTag.className = `tag status-${v.status}`;
    tickClock();
    const time = displayTime(v, performance.now() - conn.clockAt);
    const missed = (v.expectations ?? []).filter((e) => e.status === "missed");
    const overdue = (v.expectations ?? []).filter((e) => e.status === "pending" && e.dueAt !== undefined && e.dueAt < time);
    const present = v.players.filter((p) => p.present).length;
    const roles = conn.brief?.roles ?? [];
    const held = roles.filter((r) => v.players.some((p) => p.roles.includes(r.id))).length;
    const last = v.actions.filter((a) => a.kind !== "chat").slice(-3).reverse();
    const roleName = (id: string) => tx(roles.find((r) => r.id === id)?.name) || id;
    fill(facts,
      h("ul", { class: "gauges-mini" }, v.gauges.map((g) => h("li", null, h("span", null, `${tx(g.name)} `),
        h("meter", { min: g.min, max: g.max, value: g.value, "aria-hidden": "true" }), ` ${Math.round(g.value)}`))),
      h("p", null, t("console.players", { n: v.players.length, present }), " · ", t("console.rolesHeld", { n: held, total: roles.length })),
      v.players.length ? h("p", { class: "muted small" }, v.players.map((p) => `${p.name}${p.present ? "" : ` (${t("lobby.away")})`} (${p.roles.map(roleName).join(", ") || "—"})`).join(" · ")) : null,
      missed.length || overdue.length ? h("div", { class: "flags" },
        h("p", { class: "flag-title" }, icon("alert", 14), ` ${t("console.missed", { count: missed.length })}${overdue.length ? ` · ${t("console.overdue", { count: overdue.length })}` : ""}`),
        h("ul", null, [...missed.map((e) => h("li", { class: "missed" }, `${e.competency} ${tx(e.title)}`)), ...overdue.map((e) => h("li", { class: "overdue" }, `${t("console.late")} ${tx(e.title)}`))].slice(0, 5))) : null,
      h("h4", null, t("console.lastActions")),
      last.length ? h("ul", { class: "last-actions" }, last.map((a) => h("li", null, `${formatClock(a.at, v.clockStart).slice(4)} ${roleName(a.role)} — ${tx(conn.brief?.actions.find((x) => x.id === a.action)?.name) || a.action}`)))
        : h("p", { class: "muted small" }, t("console.noAction")),
      v.pending ? h("p", { class: "muted small" }, t("console.pendingCount", { count: v.pending.length })) : null);
  };

  return {
    el, update,
    setSelected: (on: boolean) => { el.classList.toggle("selected", on); },
    fail: (msg: string) => { facts.replaceChildren(h("p", { class: "form-error" }, `${t("console.cellError")} ${msg}`)); },
    dispose: () => clearInterval(timer),
  };
}
