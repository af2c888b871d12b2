import type { CompiledScenario } from "../../../shared/engine/index.js";
import { formatGameTime } from "../../../shared/scenario/time.js";
import { POLICIES, type Policy } from "../../../shared/sim/bots.js";
import { coverage } from "../../../shared/sim/coverage.js";
import { simulate } from "../../../shared/sim/simulate.js";
import { tx } from "../../i18n/index.js";
import { h, newId } from "../dom.js";
import { lineOf } from "./locate.js";
import { st, type StudioKey } from "./text.js";
import type { Locate, Model, View } from "./view.js";

/**
 * Playtest in the page: one run with a bot policy and a seed, or coverage
 * over many seeds and every policy (shared/sim, the CLI's own code), shown
 * as tables of names — never ids. What never happened links to its line in
 * the editor.
 */
export function playtestView(locate: Locate): View {
  const el = h("div", { class: "studio-playtest" });
  const ids = { policy: newId("pt"), seed: newId("pt"), seeds: newId("pt") };
  const policy = h("select", { id: ids.policy, name: "policy" }, POLICIES.map((p) => h("option", { value: p }, st(`policy_${p}` as StudioKey))));
  const seed = h("input", { id: ids.seed, name: "seed", type: "number", min: 0, value: "1", size: 6 });
  const seeds = h("input", { id: ids.seeds, name: "seeds", type: "number", min: 1, max: 50, value: "6", size: 4 });
  const out = h("div", { class: "playtest-out", "aria-live": "polite" });
  let model: Model | undefined;
  const later = (fn: () => void) => { out.replaceChildren(h("p", { class: "muted" }, st("running"))); setTimeout(fn, 20); };
  const runOne = () => later(() => { if (model) out.replaceChildren(...oneRun(model.compiled, policy.value as Policy, Math.max(0, Number(seed.value) || 0))); });
  const runCoverage = () => later(() => { if (model) out.replaceChildren(...coverageTables(model, Math.min(50, Math.max(1, Number(seeds.value) || 1)), locate)); });
  el.append(
    h("div", { class: "row playtest-form" },
      h("div", { class: "field" }, h("label", { htmlFor: ids.policy }, st("previewPolicy")), policy),
      h("div", { class: "field" }, h("label", { htmlFor: ids.seed }, st("previewSeed")), seed),
      h("button", { type: "button", class: "btn-primary", onclick: runOne }, st("playRun")),
      h("div", { class: "field" }, h("label", { htmlFor: ids.seeds }, st("coverSeeds")), seeds),
      h("button", { type: "button", class: "btn-secondary", onclick: runCoverage }, st("coverRun"))),
    out);
  return { id: "playtest", label: "playtest", el, render(m) { model = m; out.replaceChildren(); } };
}

const table = (caption: string, head: string[], rows: (Node | string)[][]) =>
  h("table", { class: "playtest-table" }, h("caption", null, caption),
    h("thead", null, h("tr", null, head.map((x) => h("th", { scope: "col" }, x)))),
    h("tbody", null, rows.map((r) => h("tr", null, r.map((c) => h("td", null, c))))));

function oneRun(compiled: CompiledScenario, policy: Policy, seed: number): HTMLElement[] {
  const r = simulate(compiled, { seed, policy });
  const roles = (ids: string[]) => ids.map((id) => tx(compiled.roles.get(id)?.name) || "?").join(", ");
  const outcomes = new Map(compiled.scenario.triggers.filter((t) => t.branch).map((t) => [`${t.branch!.id}\u0000${t.branch!.outcome}`, t.branch!]));
  return [
    h("p", { "data-testid": "run-end" }, st("endLabel", { t: r.state.ended ? formatGameTime(r.state.ended.at) : st("notEnded") })),
    table(st("deliveries"), [st("at"), st("item"), st("channelLane"), st("roleLane")], r.deliveries.map((d) => [formatGameTime(d.at),
      tx(compiled.injects.get(d.inject)?.subject) || "?", tx(compiled.channels.get(d.channel)?.name), roles(d.to)])),
    table(st("phasesTitle"), [st("at"), st("kindPhase")], r.phases.map((p) => [formatGameTime(p.at), tx(compiled.phases.get(p.phase)?.source.name)])),
    table(st("branchesTitle"), [st("at"), st("kindOutcome")], Object.entries(r.state.branches).map(([b, v]) => {
      const o = outcomes.get(`${b}\u0000${v.outcome}`);
      return [formatGameTime(v.at), o?.label ? tx(o.label) : "?"];
    })),
    table(st("expectationsTitle"), ["", st("item"), ""], compiled.expectations.map((e) => [e.competency, tx(e.source.title), st(`status_${r.state.expectations[e.id].status}` as StudioKey)])),
  ];
}

function coverageTables({ text, compiled }: Model, seeds: number, locate: Locate): HTMLElement[] {
  const r = coverage(compiled, seeds);
  const s = compiled.scenario;
  const name = {
    inject: (id: string) => tx(compiled.injects.get(id)?.subject),
    trigger: (id: string) => { const t = s.triggers.find((x) => x.id === id); return tx(t?.description ?? t?.branch?.label) || describe(compiled, id); },
    phase: (id: string) => tx(compiled.phases.get(id)?.source.name),
  };
  const cell = (section: string, id: string, label: string, runs: number) => {
    const line = runs === 0 ? lineOf(text, section, id) : undefined;
    return line ? h("button", { type: "button", class: "linklike never", "aria-label": `${label} — ${st("seeLine", { line })}`, onclick: () => locate(line) }, label) : label;
  };
  const rows = (kind: StudioKey, section: string, items: { id: string; runs: number }[], label: (id: string) => string) =>
    items.map((x) => [st(kind), cell(section, x.id, label(x.id) || "?", x.runs), x.runs === 0 ? h("strong", { class: "never-tag" }, st("never")) : `${x.runs}/${r.runs}`]);
  const outcomes = r.branches.flatMap((b) => b.outcomes.map((o) => {
    const t = s.triggers.find((x) => x.branch?.id === b.id && x.branch.outcome === o.outcome);
    return { id: t?.id ?? "", runs: o.runs, label: tx(t?.branch?.label) || "?" };
  }));
  const all = [...rows("kindInject", "injects", r.injects, name.inject), ...rows("kindTrigger", "triggers", r.triggers, name.trigger),
    ...rows("kindPhase", "phases", r.phases, name.phase), ...outcomes.map((o) => [st("kindOutcome"), cell("triggers", o.id, o.label, o.runs), o.runs === 0 ? h("strong", { class: "never-tag" }, st("never")) : `${o.runs}/${r.runs}`])];
  const never = all.filter((row) => row[2] instanceof HTMLElement);
  return [
    h("p", { "data-testid": "coverage-title" }, st("coverTitle", { runs: r.runs, seeds, policies: r.policies.length })),
    never.length ? table(st("neverHappened"), ["", st("item"), st("runs")], never) : h("p", null, st("allReached")),
    table(st("coverRun"), ["", st("item"), st("runs")], all),
    table(st("expectationsTitle"), ["", st("item"), `${st("status_met")} / ${st("status_late")} / ${st("status_missed")}`],
      r.expectations.map((e) => { const x = compiled.expectations.find((y) => y.id === e.id); return [x?.competency ?? "", tx(x?.source.title), `${e.met} / ${e.late} / ${e.missed}`]; })),
  ];
}

/** A trigger with neither description nor branch label: the subjects of the injects it sends. */
function describe(compiled: CompiledScenario, id: string): string {
  const t = compiled.triggers.find((x) => x.id === id);
  return (t?.then ?? []).map((e) => (e.k === "inject" ? tx(compiled.injects.get(e.inject)?.subject) : "")).filter(Boolean).join(" ; ");
}
