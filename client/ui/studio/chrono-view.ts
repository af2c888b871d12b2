import { simulate } from "../../../shared/sim/simulate.js";
import { chronoAxis, chronogram, type ChronoLane, type ChronoMark } from "../../../shared/sim/chronogram.js";
import { formatGameTime } from "../../../shared/scenario/time.js";
import { getLang } from "../../i18n/index.js";
import { h } from "../dom.js";
import { lineOf } from "./locate.js";
import { st } from "./text.js";
import type { Locate, View } from "./view.js";

/**
 * The chronogramme drawn as SVG (DOM, no markup strings): a lane per role
 * and per channel, the triggers and branch points, then the expectation
 * windows. A click on a mark puts the editor on that item's line; the same
 * facts are in a table below for keyboards and screen readers.
 */

const NS = "http://www.w3.org/2000/svg";
const LEFT = 190, WIDTH = 780, ROW = 24, TOP = 26;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

const SECTION: Record<ChronoMark["kind"], string> = { inject: "injects", trigger: "triggers", branch: "triggers" };

export function chronoView(locate: Locate): View {
  const el = h("div", { class: "studio-chrono" });
  return {
    id: "chrono", label: "chrono", el,
    render({ text, compiled }) {
      const run = simulate(compiled, { seed: 1, policy: "expected" });
      const c = chronogram(compiled, run, getLang());
      const axis = chronoAxis(c.duration, LEFT, WIDTH);
      const { x } = axis;
      const lanes = c.lanes.filter((l) => l.kind === "role" || l.kind === "channel" || l.marks.length > 0);
      const height = TOP + (lanes.length + c.windows.length) * ROW + 28;
      // The axis's layout (shared/sim/chronogram.ts) gives the width the last label needs.
      const root = svg("svg", { viewBox: `0 0 ${axis.width} ${height}`, class: "chrono-svg", role: "img", "aria-label": st("chronoLabel") });
      for (const k of axis.ticks) {
        root.append(svg("line", { x1: k.x, x2: k.x, y1: TOP - 6, y2: height - 8, class: "tick" }), svg("text", { x: k.x, y: TOP - 10, class: "axis" }, k.label));
      }
      lanes.forEach((lane, i) => drawLane(root, lane, TOP + i * ROW, x, (m) => { const line = lineOf(text, SECTION[m.kind], m.id); if (line) locate(line); }));
      const wTop = TOP + lanes.length * ROW;
      root.append(svg("text", { x: LEFT - 8, y: wTop + 14, class: "lane-title" }, st("windows")));
      c.windows.forEach((w, i) => {
        const y = wTop + (i + 0.5) * ROW + 10;
        const g = svg("g", { class: `window${w.critical ? " critical" : ""}${w.anchored ? "" : " unanchored"}`, "data-expectation": w.id });
        g.append(svg("text", { x: LEFT - 8, y: y + 4, class: "lane" }, `${w.competency} ${w.label}`.slice(0, 34)));
        const end = w.due ?? c.duration;
        g.append(svg("rect", { x: x(w.from), y: y - 6, width: Math.max(2, x(end) - x(w.from)), height: 12, class: "due" }));
        if (w.late !== undefined && w.due !== undefined) g.append(svg("rect", { x: x(w.due), y: y - 6, width: Math.max(2, x(w.late) - x(w.due)), height: 12, class: "late" }));
        g.append(svg("title", {}, [w.label, w.due !== undefined ? st("windowDue", { t: formatGameTime(w.due) }) : "", w.late !== undefined ? st("windowLate", { t: formatGameTime(w.late) }) : "", w.anchored ? "" : st("windowUnanchored")].filter(Boolean).join(" — ")));
        g.addEventListener("click", () => { const line = lineOf(text, "expectations", w.id); if (line) locate(line); });
        root.append(g);
      });
      el.replaceChildren(
        h("p", { class: "muted small legend" }, h("span", { class: "dot timed" }), ` ${st("chronoTimed")}  `, h("span", { class: "dot triggered" }), ` ${st("chronoTriggered")}`),
        h("div", { class: "chrono-scroll" }, root),
        table(lanes, text, locate));
    },
  };
}

function drawLane(root: SVGSVGElement, lane: ChronoLane, top: number, x: (t: number) => number, onPick: (m: ChronoMark) => void): void {
  const y = top + ROW / 2;
  root.append(svg("line", { x1: LEFT, x2: LEFT + WIDTH, y1: y, y2: y, class: `lane-line ${lane.kind}` }),
    svg("text", { x: LEFT - 8, y: y + 4, class: `lane ${lane.kind}` }, lane.label.slice(0, 30)));
  for (const m of lane.marks) {
    const cx = x(m.at);
    const shape = m.kind === "inject" ? svg("circle", { cx, cy: y, r: 5 })
      : m.kind === "trigger" ? svg("path", { d: `M${cx},${y - 6} L${cx + 6},${y} L${cx},${y + 6} L${cx - 6},${y} z` })
        : svg("rect", { x: cx - 5, y: y - 5, width: 10, height: 10 });
    const g = svg("g", { class: `mark ${m.kind}${m.timed ? " timed" : " triggered"}${m.severity ? ` sev-${m.severity}` : ""}`, [`data-${m.kind}`]: m.id, "data-at": m.at }, shape,
      svg("title", {}, `${formatGameTime(m.at)} — ${m.label}${m.kind === "inject" && !m.timed ? ` (${st("chronoTriggered")})` : ""}`));
    g.addEventListener("click", () => onPick(m));
    root.append(g);
  }
}

function table(lanes: ChronoLane[], text: string, locate: Locate): HTMLElement {
  const kind = (l: ChronoLane) => (l.kind === "role" ? st("roleLane") : l.kind === "channel" ? st("channelLane") : "");
  return h("details", { class: "chrono-table" }, h("summary", null, st("chronoTable")),
    h("table", null, h("thead", null, h("tr", null, h("th", { scope: "col" }, st("lane")), h("th", { scope: "col" }, st("at")), h("th", { scope: "col" }, st("item")))),
      h("tbody", null, lanes.flatMap((l) => l.marks.map((m) => {
        const line = lineOf(text, SECTION[m.kind], m.id);
        return h("tr", null, h("td", null, `${kind(l)} ${l.label}`.trim()), h("td", null, formatGameTime(m.at)),
          h("td", null, line ? h("button", { type: "button", class: "linklike", onclick: () => locate(line) }, m.label) : m.label));
      })))));
}
