import { outcomeLabel } from "../../shared/scoring/explain.js";
import type { LaneItem } from "../../shared/replay/timeline.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { colon, getLang, t } from "../i18n/index.js";
import type { AnnotationJson } from "../net/evaluate-api.js";
import { h } from "./dom.js";
import type { Ws } from "./evaluate-context.js";

/**
 * Along the game clock: the strip above the workspace (phases, annotations,
 * the current moment; a click seeks), and the swim lanes — one per role or
 * per channel, each delivery and action a button placed at its game time —
 * with the deadline markers of every expectation and the branch taken at
 * each branch point. Status is written, never colour only.
 */
const ICON: Record<string, string> = { mail: "✉", phone: "☎", sms: "✆", news: "▤", tv: "▶", social: "#", official: "⚖", sitrep: "≡", document: "▭", alert: "⚠", leak: "☠" };
export const STATUS_ICON = { met: "✓", late: "⏱", missed: "✗", pending: "…" } as const;

/** A game time as a fraction of the replay's span, and as CSS inside a track with a 12 px margin at each end (so edge markers are not cut). */
const frac = (ws: Ws, at: number) => Math.min(1, Math.max(0, at / Math.max(ws.index.duration, 1)));
const pct = (ws: Ws, at: number) => `calc(12px + (100% - 24px) * ${frac(ws, at).toFixed(4)})`;
const span = (ws: Ws, from: number, to: number) => `calc((100% - 24px) * ${Math.max(0, frac(ws, to) - frac(ws, from)).toFixed(4)})`;

export function timelineStrip(ws: Ws): { el: HTMLElement; setNotes: (notes: AnnotationJson[]) => void } {
  const now = h("div", { class: "strip-now", "aria-hidden": "true" });
  const phases = h("ol", { class: "strip-phases", "aria-label": t("eval.phases") },
    ws.index.timeline.phases.map((p, i, all) => {
      const end = all[i + 1]?.at ?? ws.index.duration;
      return h("li", { style: `left:${pct(ws, p.at)};width:${span(ws, p.at, end)}` },
        h("button", { type: "button", class: "strip-phase", onclick: () => ws.seek(p.position, { announce: true }) }, `${ws.text(p.name)} `, h("span", { class: "muted" }, formatGameTime(p.at))));
    }));
  const notes = h("ol", { class: "strip-notes", "aria-label": t("eval.notesOnTimeline") });
  const track = h("div", { class: "strip-track" }, phases, notes, now);
  track.addEventListener("click", (e) => {
    if ((e.target as HTMLElement).closest("button")) return;
    const r = track.getBoundingClientRect();
    const at = Math.max(0, (e.clientX - r.left - 12) / Math.max(1, r.width - 24)) * ws.index.duration;
    ws.seek(ws.index.positionAtTime(at), { announce: true });
  });
  ws.onSeek(() => { now.style.left = pct(ws, ws.state().time); });
  return {
    el: h("section", { class: "eval-strip", "aria-label": t("eval.strip") }, track),
    setNotes: (list) => {
      notes.replaceChildren(...list.map((n) => h("li", { style: `left:${pct(ws, n.at)}` },
        h("button", { type: "button", class: "strip-note", "data-note": n.id, title: `${n.author} — ${n.text}`,
          "aria-label": `${t("eval.noteBy", { author: n.author })} ${formatGameTime(n.at)}${n.competency ? ` ${n.competency}` : ""}${colon()}${n.text.slice(0, 80)}`,
          onclick: () => ws.seek(n.entry !== undefined ? ws.index.positionOfSeq(n.entry) : ws.index.positionAtTime(n.at), { announce: true }) }, "✎"))));
    },
  };
}

function itemLabel(ws: Ws, i: LaneItem): string {
  const what = i.kind === "delivery" ? `${t("eval.received")} ${ws.channelName(i.channel)}` : `${t(`kind.${i.type}` as never) || i.type}${i.player ? ` — ${ws.playerName(i.player)}` : ""}`;
  return `${formatGameTime(i.at)} · ${what} · ${ws.text(i.label)}${i.kind === "delivery" ? ` → ${i.roles.map(ws.roleName).join(", ")}` : ` (${ws.roleName(i.roles[0])})`}`;
}

export function lanesPanel(ws: Ws): { el: HTMLElement } {
  let mode: "role" | "channel" = "role";
  const host = h("div", { class: "lanes" });
  const buttons: { el: HTMLButtonElement; item: LaneItem }[] = [];
  const modeBtn = (m: typeof mode, label: string) => h("button", { type: "button", class: "chip", "aria-pressed": String(m === mode), "data-lanes": m,
    onclick: () => { mode = m; for (const b of toggles.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b.dataset.lanes === m)); renderLanes(); } }, label);
  const toggles = h("div", { class: "segmented", role: "group", "aria-label": t("eval.lanesBy") }, modeBtn("role", t("eval.byRole")), modeBtn("channel", t("eval.byChannel")));

  const renderLanes = () => {
    buttons.length = 0;
    const lanes = mode === "role" ? ws.index.timeline.byRole() : ws.index.timeline.byChannel();
    host.replaceChildren(...lanes.map((lane) => {
      const name = mode === "role" ? ws.roleName(lane.id) : ws.channelName(lane.id) || t("eval.internal");
      return h("div", { class: "lane", "data-lane": lane.id },
        h("h3", { class: "lane-label", title: name }, name, h("span", { class: "muted small" }, ` (${lane.items.length})`)),
        h("ol", { class: "lane-track", "aria-label": name }, lane.items.map((i) => {
          const b = h("button", { type: "button", class: `lane-item k-${i.kind} sev-${i.severity ?? "info"}`, "data-item": i.id,
            "aria-label": itemLabel(ws, i), title: itemLabel(ws, i), onclick: () => ws.seek(i.position, { announce: true }) },
          i.kind === "delivery" ? ICON[i.type] ?? "•" : "◆");
          buttons.push({ el: b, item: i });
          return h("li", { style: `left:${pct(ws, i.at)}` }, b);
        })));
    }));
    markFuture();
  };
  const markFuture = () => { const p = ws.position(); for (const b of buttons) b.el.classList.toggle("future", b.item.position > p); };

  // Deadline markers: one row per expectation, a bar from its start to its due time and the moment it resolved.
  const deadlineBody = h("tbody");
  const renderDeadlines = () => {
    const state = ws.state();
    deadlineBody.replaceChildren(...ws.index.timeline.deadlines.map((d) => {
      const now = state.expectations[d.expectation];
      const nowStatus = now?.status ?? "pending";
      // At this moment an unresolved expectation is either not open yet (its clock has not started) or running.
      const nowText = nowStatus !== "pending" ? `${STATUS_ICON[nowStatus]} ${t(`exp.${nowStatus}`)}` : now?.startedAt === undefined ? t("eval.notOpen") : `${STATUS_ICON.pending} ${t("eval.running")}`;
      const bar = d.startedAt !== undefined ? h("span", { class: "dl-bar", style: `left:${pct(ws, d.startedAt)};width:${span(ws, d.startedAt, d.dueAt ?? ws.index.duration)}` }) : null;
      const mark = d.resolvedAt !== undefined ? h("span", { class: `dl-mark st-${d.status}`, style: `left:${pct(ws, d.resolvedAt)}`, "aria-hidden": "true" }, STATUS_ICON[d.status]) : null;
      return h("tr", { "data-deadline": d.expectation, class: `st-${d.status}` },
        h("th", { scope: "row" }, ws.text(d.title), " ", h("span", { class: "tag" }, d.competency), d.critical ? h("span", { class: "tag tag-critical" }, "★") : null),
        h("td", null, d.dueAt !== undefined ? formatGameTime(d.dueAt) : "—"),
        h("td", null, h("span", { class: nowStatus === "pending" ? "muted small" : `status st-${nowStatus}` }, nowText)),
        h("td", null, d.position !== undefined
          ? h("button", { type: "button", class: "btn-small", onclick: () => ws.seek(d.position!, { announce: true }) }, `${STATUS_ICON[d.status]} ${t(`exp.${d.status}`)} ${d.resolvedAt !== undefined ? formatGameTime(d.resolvedAt) : ""}`)
          : h("span", { class: `status st-${d.status}` }, `${STATUS_ICON[d.status]} ${t(`exp.${d.status}`)}`)),
        h("td", { class: "dl-track-cell" }, h("div", { class: "dl-track" }, bar, mark, h("span", { class: "dl-now", style: `left:${pct(ws, state.time)}` }))));
    }));
  };

  // Branch points by the words of their outcomes (labels from the scenario), never their ids.
  const label = (trigger: string) => outcomeLabel(ws.compiled, trigger)[getLang()];
  const branches = h("ul", { class: "branches" }, ws.index.timeline.branches.map((b) => h("li", { "data-branch": b.id },
    b.taken ? h("button", { type: "button", class: "btn-small", onclick: () => ws.seek(b.taken!.position, { announce: true }) },
      t("eval.branchTaken", { outcome: label(b.taken.trigger), at: formatGameTime(b.taken.at) })) : h("span", { class: "muted" }, t("eval.branchNone")),
    b.outcomes.filter((o) => o.outcome !== b.taken?.outcome).length
      ? h("span", { class: "muted small" }, ` ${t("eval.branchOthers")} ${b.outcomes.filter((o) => o.outcome !== b.taken?.outcome).map((o) => label(o.trigger)).join(" ; ")}`) : null)));

  ws.onSeek(() => { markFuture(); renderDeadlines(); });
  renderLanes();
  return {
    el: h("div", { class: "eval-lanes" },
      h("h2", null, t("eval.lanes")), toggles, host,
      h("h2", null, t("eval.deadlines")),
      h("table", { class: "deadline-table" }, h("caption", { class: "sr-only" }, t("eval.deadlines")),
        h("thead", null, h("tr", null, ...["eval.expectation", "eval.due", "eval.statusNow", "eval.statusFinal", "eval.onClock"].map((k) => h("th", { scope: "col" }, t(k as never))))),
        deadlineBody),
      h("h2", null, t("eval.branches")),
      ws.index.timeline.branches.length ? branches : h("p", { class: "muted" }, t("eval.noBranch"))),
  };
}
