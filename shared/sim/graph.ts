import dagre from "@dagrejs/dagre";
import type { CompiledScenario } from "../engine/compiled.js";
import { OPEN } from "../engine/machine.js";
import { ENGINE_VERSION } from "../engine/version.js";
import { tr } from "../scenario/text.js";
import { formatGameTime } from "../scenario/time.js";
import { describeCondition, describeEffect, type Lang } from "./describe.js";

/**
 * `graph`: the scenario as its author should see it, drawn from the engine's
 * own statechart (machine.ts) — the regions, their states and their
 * transitions, each labelled with its condition in words (French, English
 * beneath) — and a chronogramme of the timed injects per channel. One
 * self-contained HTML page with inline SVG (laid out by dagre): nothing to
 * install, nothing fetched.
 */

interface Edge { from: string; to: string; fr: string; en: string }
export interface Region { id: string; title: string; states: { id: string; label: string; final: boolean }[]; edges: Edge[] }

const SESSION_EVENTS: Record<string, [string, string]> = {
  START: ["démarrage", "start"], PAUSE: ["pause", "pause"], RESUME: ["reprise", "resume"], END: ["fin", "end"],
};
const SESSION_NAMES: Record<string, string> = { lobby: "salle d'attente · lobby", running: "en cours · running", paused: "en pause · paused", ended: "terminée · ended" };

type Node = { key: string; states?: Record<string, Node>; transitions: Map<string, { target?: { key: string }[]; guard?: { params?: { root?: number } } }[]> };

/** The statechart's regions as the XState machine defines them. */
export function statechart(compiled: CompiledScenario): Region[] {
  const root = compiled.machine(ENGINE_VERSION).machine.root as unknown as Node;
  const regions: Region[] = [];
  const trigger = new Map(compiled.triggers.map((t) => [t.id, t]));
  const walk = (id: string, title: string, node: Node, label: (s: string) => string) => {
    const region: Region = { id, title, states: [], edges: [] };
    for (const [key, st] of Object.entries(node.states ?? {})) {
      region.states.push({ id: key, label: label(key), final: compiled.phases.get(key)?.final === true || key === "ended" });
      for (const [event, ts] of st.transitions) {
        for (const t of ts) {
          const to = t.target?.[0]?.key;
          if (!to || event.startsWith("GOTO.")) continue;
          let fr = event, en = event;
          if (event === "SETTLE" && t.guard?.params?.root !== undefined) {
            const c = compiled.roots.list[t.guard.params.root];
            fr = describeCondition(c, "fr"); en = describeCondition(c, "en");
          } else if (event.startsWith("FIRE.")) {
            const tg = trigger.get(event.slice(5));
            if (tg) { fr = describeCondition(tg.when, "fr"); en = describeCondition(tg.when, "en"); }
          } else if (SESSION_EVENTS[event]) [fr, en] = SESSION_EVENTS[event];
          region.edges.push({ from: key, to, fr, en });
        }
      }
    }
    regions.push(region);
  };
  const states = root.states!;
  walk("session", "Session (cycle de vie · lifecycle)", states.session, (s) => SESSION_NAMES[s] ?? s);
  walk("phase", "Phases", states.phase, (s) => {
    const p = compiled.phases.get(s);
    return p ? `${tr(p.source.name, "fr")} · ${tr(p.source.name, "en")}` : s;
  });
  for (const [b, node] of Object.entries(states.branches?.states ?? {})) {
    const labels = new Map(compiled.scenario.triggers.filter((t) => t.branch?.id === b).map((t) => [t.branch!.outcome, t.branch!.label]));
    walk(`branch-${b}`, `Embranchement · branch point ${b}`, node, (s) => {
      if (s === OPEN) return "ouvert · open";
      const l = labels.get(s);
      return l ? `${tr(l, "fr")} · ${tr(l, "en")}` : s;
    });
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
    const ls = [...lines(e.fr, 44), ...lines(e.en, 44).map((l) => `\u0000${l}`)];
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

/** Timed injects along the scenario's time, one row per channel. */
function chronogramme(compiled: CompiledScenario): string {
  const channels = [...new Set(compiled.timeline.map((t) => compiled.injects.get(t.inject)!.channel))];
  const left = 130, width = 1100, row = 34, top = 30;
  const x = (t: number) => left + (t / compiled.duration) * width;
  const parts: string[] = [];
  const hours = Math.ceil(compiled.duration / 3600);
  const step = Math.max(1, Math.ceil(hours / 24));
  for (let h = 0; h <= hours; h += step) {
    parts.push(`<line x1="${x(h * 3600)}" x2="${x(h * 3600)}" y1="${top - 8}" y2="${top + channels.length * row}" class="tick"/><text x="${x(h * 3600)}" y="${top - 12}" class="axis">${formatGameTime(h * 3600)}</text>`);
  }
  channels.forEach((ch, i) => {
    const y = top + i * row + row / 2;
    parts.push(`<text x="${left - 8}" y="${y + 4}" class="channel">${esc(tr(compiled.channels.get(ch)!.name, "fr"))}</text>`);
    for (const t of compiled.timeline.filter((t) => compiled.injects.get(t.inject)!.channel === ch)) {
      const inj = compiled.injects.get(t.inject)!;
      parts.push(`<g class="inject"><circle cx="${x(t.at)}" cy="${y}" r="5"/><title>${esc(`${formatGameTime(t.at)} ${tr(inj.subject, "fr")} · ${tr(inj.subject, "en")}`)}</title></g>`);
    }
  });
  const h = top + channels.length * row + 10;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 40}" height="${h}" viewBox="0 0 ${left + width + 40} ${h}" role="img" aria-label="Chronogramme">${parts.join("")}</svg>`;
}

const CSS = `body{font:14px system-ui,sans-serif;margin:24px;color:#1b1f24}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
svg text{font:11px system-ui,sans-serif;text-anchor:middle;fill:#1b1f24}.state rect{fill:#eef3fb;stroke:#3b5b92}.state.final rect{stroke-width:3}
.edge{fill:none;stroke:#6b7a90}.elabel{fill:#2c3e5c}.en{fill:#6b7a90;font-style:italic}.tick{stroke:#dde3ea}.axis{fill:#6b7a90}
.channel{text-anchor:end}.inject circle{fill:#c0392b}table{border-collapse:collapse}td,th{border-bottom:1px solid #dde3ea;padding:4px 8px;text-align:left;vertical-align:top}
.muted{color:#6b7a90;font-style:italic}`;

/** The whole page. */
export function graphHtml(compiled: CompiledScenario): string {
  const s = compiled.scenario;
  const row = (lang: Lang, fr: string, en: string) => `<td>${esc(fr)}<br><span class="muted">${esc(en)}</span></td>`;
  const triggers = compiled.triggers.map((t) => `<tr><td>${esc(t.id)}${t.branch ? `<br><span class="muted">${esc(`${t.branch.id} → ${t.branch.outcome}`)}</span>` : ""}</td>`
    + row("fr", describeCondition(t.when, "fr"), describeCondition(t.when, "en"))
    + row("fr", t.then.map((e) => describeEffect(e, "fr")).join(" ; "), t.then.map((e) => describeEffect(e, "en")).join("; ")) + "</tr>").join("");
  const named = Object.keys(s.conditions ?? {}).map((name) => {
    const c = compiled.roots.list.find((x) => x.name === name);
    return c ? `<tr><td>« ${esc(name)} »</td>${row("fr", describeCondition(c, "fr", true), describeCondition(c, "en", true))}</tr>` : "";
  }).join("");
  const countdowns = [...compiled.countdowns].map(([inject, cd]) => `<tr><td>${esc(inject)}</td><td>${esc(formatGameTime(cd.within).slice(2))}</td>`
    + (cd.until ? row("fr", describeCondition(cd.until.when, "fr"), describeCondition(cd.until.when, "en")) : row("fr", "une réponse d'un rôle destinataire", "a reply from a recipient role"))
    + row("fr", cd.expired.map((e) => describeEffect(e, "fr")).join(" ; ") || "—", cd.expired.map((e) => describeEffect(e, "en")).join("; ") || "—") + "</tr>").join("");
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${esc(tr(s.meta.title, "fr"))} — graphe</title><style>${CSS}</style></head><body>
<h1>${esc(tr(s.meta.title, "fr"))} <span class="muted">${esc(tr(s.meta.title, "en"))}</span></h1>
<h2>Chronogramme · timeline</h2>${chronogramme(compiled)}
<h2>Diagramme d'états · statechart</h2>
${statechart(compiled).map((r) => `<h3>${esc(r.title)}</h3>${regionSvg(r)}`).join("\n")}
${named ? `<h2>Conditions nommées · named conditions</h2><table>${named}</table>` : ""}
<h2>Déclencheurs · triggers</h2><table><tr><th>id</th><th>condition</th><th>effets · effects</th></tr>${triggers}</table>
${countdowns ? `<h2>Délais de réponse · reply deadlines</h2><table><tr><th>inject</th><th>délai · within</th><th>arrêté par · stopped by</th><th>à l'échéance · at expiry</th></tr>${countdowns}</table>` : ""}
</body></html>
`;
}

/** A plain-text outline of the statechart, for a terminal. */
export function graphText(compiled: CompiledScenario, lang: Lang = "fr"): string {
  const out: string[] = [];
  for (const r of statechart(compiled)) {
    out.push(`# ${r.title}`);
    for (const e of r.edges) out.push(`  ${e.from} → ${e.to} : ${lang === "fr" ? e.fr : e.en}`);
  }
  return out.join("\n");
}
