import dagre from "@dagrejs/dagre";
import type { CCondition, CompiledScenario } from "../engine/compiled.js";
import { perLang, same, type Bilingual } from "../i18n/bilingual.js";
import { OPEN } from "../engine/machine.js";
import { ENGINE_VERSION } from "../engine/version.js";
import { tr, type Lang, type Text } from "../scenario/lang.js";
import { formatDuration, formatGameTime } from "../scenario/time.js";
import { chronoAxis, AXIS_FONT } from "./chronogram.js";
import { describeCondition, describeEffects } from "./describe.js";
import { simTexts } from "./describe-texts.js";

/**
 * `graph`: the scenario as its author should see it, drawn from the engine's
 * own statechart (machine.ts) — the regions, their states and their
 * transitions, each labelled with its condition in words (French, English
 * beneath) — and a chronogramme of the timed injects per channel. One
 * self-contained HTML page with inline SVG (laid out by dagre): nothing to
 * install, nothing fetched.
 */

interface Edge { from: string; to: string; label: Bilingual }
/** A region of the statechart: `title` and each state's `label` in both languages at once (« fr · en »), `name` in each. */
export interface Region { id: string; title: string; name: Bilingual; states: { id: string; label: string; name: Bilingual; final: boolean }[]; edges: Edge[] }

const { say } = simTexts;
/** The page and the drawings speak both languages: French, then English. */
const both = (b: Bilingual) => (b.fr === b.en ? b.fr : `${b.fr} · ${b.en}`);
const SESSION_EVENTS = new Set(["START", "PAUSE", "RESUME", "END"]);
const SESSION_STATES = new Set(["lobby", "running", "paused", "ended"]);

type Node = { key: string; states?: Record<string, Node>; transitions: Map<string, { target?: { key: string }[]; guard?: { params?: { root?: number } } }[]> };

/** The statechart's regions as the XState machine defines them. */
export function statechart(compiled: CompiledScenario): Region[] {
  const root = compiled.machine(ENGINE_VERSION).machine.root as unknown as Node;
  const regions: Region[] = [];
  const trigger = new Map(compiled.triggers.map((t) => [t.id, t]));
  const condition = (c: CCondition): Bilingual => perLang((l) => describeCondition(compiled, c, l));
  const walk = (id: string, name: Bilingual, node: Node, label: (s: string) => Bilingual) => {
    const region: Region = { id, title: both(name), name, states: [], edges: [] };
    for (const [key, st] of Object.entries(node.states ?? {})) {
      const n = label(key);
      region.states.push({ id: key, label: both(n), name: n, final: compiled.phases.get(key)?.final === true || key === "ended" });
      for (const [event, ts] of st.transitions) {
        for (const t of ts) {
          const to = t.target?.[0]?.key;
          if (!to || event.startsWith("GOTO.")) continue;
          let text = same(event);
          const tg = event.startsWith("FIRE.") ? trigger.get(event.slice(5)) : undefined;
          if (event === "SETTLE" && t.guard?.params?.root !== undefined) text = condition(compiled.roots.list[t.guard.params.root]);
          else if (tg) text = condition(tg.when);
          else if (SESSION_EVENTS.has(event)) text = say(`graph.event.${event as "START"}`);
          region.edges.push({ from: key, to, label: text });
        }
      }
    }
    regions.push(region);
  };
  const states = root.states!;
  const named = (t: Text | undefined, id: string) => (t === undefined ? same(id) : perLang((l) => tr(t, l)));
  walk("session", say("graph.session"), states.session, (s) => (SESSION_STATES.has(s) ? say(`graph.state.${s as "lobby"}`) : same(s)));
  walk("phase", say("graph.phases"), states.phase, (s) => named(compiled.phases.get(s)?.source.name, s));
  for (const [b, node] of Object.entries(states.branches?.states ?? {})) {
    const labels = new Map(compiled.scenario.triggers.filter((t) => t.branch?.id === b).map((t) => [t.branch!.outcome, t.branch!.label]));
    walk(`branch-${b}`, say("graph.branch", { branch: b }), node, (s) => (s === OPEN ? say("graph.open") : named(labels.get(s), s)));
  }
  return regions;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Break a label into lines of at most `width` characters, at spaces. */
function lines(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + word.length + 1 > width) { out.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

const CHAR = 6.4, LINE = 14;

/** One region of the statechart as an SVG document laid out by dagre (the `graph --html` page and the studio draw the same). */
export function regionSvg(r: Region): string {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 70, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const s of r.states) { const ls = lines(s.label, 28); g.setNode(s.id, { width: Math.max(...ls.map((l) => l.length)) * CHAR + 24, height: ls.length * LINE + 16, ls }); }
  r.edges.forEach((e, i) => {
    const ls = [...lines(e.label.fr, 44), ...(e.label.en === e.label.fr ? [] : lines(e.label.en, 44).map((l) => `\u0000${l}`))];
    g.setEdge(e.from, e.to, { width: Math.max(...ls.map((l) => l.length)) * CHAR, height: ls.length * LINE, ls }, `e${i}`);
  });
  dagre.layout(g);
  const { width = 0, height = 0 } = g.graph();
  const parts: string[] = [];
  for (const ed of g.edges()) {
    const e = g.edge(ed) as { points: { x: number; y: number }[]; x: number; y: number; height: number; ls: string[] };
    parts.push(`<path d="M${e.points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" L")}" class="edge" marker-end="url(#arrow)"/>`);
    e.ls.forEach((l, i) => {
      const en = l.startsWith("\u0000");
      parts.push(`<text x="${e.x.toFixed(1)}" y="${(e.y - e.height / 2 + (i + 0.8) * LINE).toFixed(1)}" class="${en ? "elabel en" : "elabel"}">${esc(en ? l.slice(1) : l)}</text>`);
    });
  }
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number; ls: string[] };
    const final = r.states.find((s) => s.id === id)?.final;
    parts.push(`<g class="state${final ? " final" : ""}"><rect x="${(n.x - n.width / 2).toFixed(1)}" y="${(n.y - n.height / 2).toFixed(1)}" width="${n.width.toFixed(1)}" height="${n.height.toFixed(1)}" rx="10"/>`
      + n.ls.map((l, i) => `<text x="${n.x.toFixed(1)}" y="${(n.y - n.height / 2 + 8 + (i + 0.8) * LINE).toFixed(1)}">${esc(l)}</text>`).join("") + "</g>");
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" role="img" aria-label="${esc(r.title)}">`
    + `<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>${parts.join("")}</svg>`;
}

/** Timed injects along the scenario's time, one row per channel (the axis is the studio's: `chronoAxis`). */
function chronogramme(compiled: CompiledScenario): string {
  const channels = [...new Set(compiled.timeline.map((t) => compiled.injects.get(t.inject)!.channel))];
  const left = 130, span = 1100, row = 34, top = 30;
  const axis = chronoAxis(compiled.duration, left, span);
  const parts: string[] = [];
  for (const k of axis.ticks) {
    parts.push(`<line x1="${k.x}" x2="${k.x}" y1="${top - 8}" y2="${top + channels.length * row}" class="tick"/><text x="${k.x}" y="${top - 12}" class="axis">${k.label}</text>`);
  }
  channels.forEach((ch, i) => {
    const y = top + i * row + row / 2;
    parts.push(`<text x="${left - 8}" y="${y + 4}" class="channel">${esc(tr(compiled.channels.get(ch)!.name, "fr"))}</text>`);
    for (const t of compiled.timeline.filter((t) => compiled.injects.get(t.inject)!.channel === ch)) {
      const inj = compiled.injects.get(t.inject)!;
      parts.push(`<g class="inject"><circle cx="${axis.x(t.at)}" cy="${y}" r="5"/><title>${esc(`${formatGameTime(t.at)} ${both(perLang((l) => tr(inj.subject, l)))}`)}</title></g>`);
    }
  });
  const h = top + channels.length * row + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${axis.width}" height="${h}" viewBox="0 0 ${axis.width} ${h}" role="img" aria-label="${esc(both(say("graph.timeline")))}">${parts.join("")}</svg>`;
}

const CSS = `body{font:14px system-ui,sans-serif;margin:24px;color:#1b1f24}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
svg text{font:${AXIS_FONT}px system-ui,sans-serif;text-anchor:middle;fill:#1b1f24}.state rect{fill:#eef3fb;stroke:#3b5b92}.state.final rect{stroke-width:3}
.edge{fill:none;stroke:#6b7a90}.elabel{fill:#2c3e5c}.en{fill:#6b7a90;font-style:italic}.tick{stroke:#dde3ea}.axis{fill:#6b7a90}
.channel{text-anchor:end}.inject circle{fill:#c0392b}table{border-collapse:collapse}td,th{border-bottom:1px solid #dde3ea;padding:4px 8px;text-align:left;vertical-align:top}
.muted{color:#6b7a90;font-style:italic}`;

/** The whole page: French, English beneath (muted). */
export function graphHtml(compiled: CompiledScenario): string {
  const s = compiled.scenario;
  const cell = (b: Bilingual) => `<td>${esc(b.fr)}${b.en === b.fr ? "" : `<br><span class="muted">${esc(b.en)}</span>`}</td>`;
  const condition = (c: CCondition, expand = false) => cell(perLang((l) => describeCondition(compiled, c, l, expand)));
  const effects = (fx: Parameters<typeof describeEffects>[1]) => cell(fx.length ? perLang((l) => describeEffects(compiled, fx, l)) : say("graph.nothing"));
  const heading = (key: Parameters<typeof say>[0]) => { const b = say(key); return `${esc(b.fr)} <span class="muted">${esc(b.en)}</span>`; };
  const th = (...keys: Parameters<typeof say>[0][]) => `<tr>${keys.map((k) => `<th>${esc(both(say(k)))}</th>`).join("")}</tr>`;
  // A trigger by its id (the author's), with its description and its branch outcome's label when the file gives them.
  const triggers = compiled.triggers.map((t) => {
    const src = s.triggers.find((x) => x.id === t.id);
    const words = src?.branch?.label ?? src?.description;
    return `<tr><td>${esc(t.id)}${words ? `<br>${esc(tr(words, "fr"))}` : ""}${t.branch ? `<br><span class="muted">${esc(`${t.branch.id} → ${t.branch.outcome}`)}</span>` : ""}</td>`
      + condition(t.when) + effects(t.then) + "</tr>";
  }).join("");
  const named = Object.keys(s.conditions ?? {}).map((name) => {
    const c = compiled.roots.list.find((x) => x.name === name);
    return c ? `<tr><td>${esc(simTexts.t("fr", "name.named", { name }))}</td>${condition(c, true)}</tr>` : "";
  }).join("");
  const countdowns = [...compiled.countdowns].map(([inject, cd]) => `<tr>${cell(perLang((l) => tr(compiled.injects.get(inject)?.subject ?? inject, l)))}<td>${esc(formatDuration(cd.within))}</td>`
    + (cd.until ? condition(cd.until.when) : cell(say("graph.anyReply"))) + effects(cd.expired) + "</tr>").join("");
  const title = perLang((l) => tr(s.meta.title, l));
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${esc(simTexts.t("fr", "graph.pageTitle", { title: title.fr }))}</title><style>${CSS}</style></head><body>
<h1>${esc(title.fr)} <span class="muted" lang="en">${esc(title.en)}</span></h1>
<h2>${heading("graph.timeline")}</h2>${chronogramme(compiled)}
<h2>${heading("graph.statechart")}</h2>
${statechart(compiled).map((r) => `<h3>${esc(r.title)}</h3>${regionSvg(r)}`).join("\n")}
${named ? `<h2>${heading("graph.named")}</h2><table>${named}</table>` : ""}
<h2>${heading("graph.triggers")}</h2><table>${th("graph.trigger", "graph.condition", "graph.effects")}${triggers}</table>
${countdowns ? `<h2>${heading("graph.countdowns")}</h2><table>${th("graph.inject", "graph.within", "graph.stoppedBy", "graph.atExpiry")}${countdowns}</table>` : ""}
</body></html>
`;
}

/**
 * A plain-text outline of the statechart, for a terminal, in one language:
 * each transition between states said by their words, the author's id
 * beside a phase's or an outcome's (the lifecycle's states are the engine's).
 */
export function graphText(compiled: CompiledScenario, lang: Lang = "fr"): string {
  const out: string[] = [];
  for (const r of statechart(compiled)) {
    out.push(`# ${r.name[lang]}`);
    const state = (id: string) => {
      const words = r.states.find((s) => s.id === id)?.name[lang] ?? id;
      return r.id === "session" || id === OPEN || words === id ? words : simTexts.t(lang, "name.titled", { title: words, id });
    };
    for (const e of r.edges) out.push(`  ${state(e.from)} → ${state(e.to)} : ${e.label[lang]}`);
  }
  return out.join("\n");
}
