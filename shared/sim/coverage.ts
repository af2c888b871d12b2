import type { CompiledScenario } from "../engine/compiled.js";
import { POLICIES, type Policy } from "./bots.js";
import { simulate } from "./simulate.js";

export interface CoverageReport {
  runs: number;
  seeds: number;
  policies: readonly Policy[];
  injects: { id: string; runs: number }[];
  triggers: { id: string; runs: number }[];
  phases: { id: string; runs: number }[];
  branches: { id: string; outcomes: { outcome: string; runs: number; human?: boolean }[] }[];
  expectations: { id: string; met: number; late: number; missed: number; pending: number }[];
  endings: Record<string, number>;
  /** Everything that never happened in any run (outcomes marked `human: true` are listed in `humanOnly` instead). */
  never: { injects: string[]; triggers: string[]; phases: string[]; branchOutcomes: string[] };
  /** Outcomes only a human takes (`human: true`) that no bot reached: reported, not a failure. */
  humanOnly: string[];
  /** Runs in which a branch point took more than one outcome (0 with engine version 2). */
  doubleOutcomes: number;
}

/**
 * Play the scenario under many seeds and every policy, and count what
 * happened: which injects, triggers, phases and branch outcomes were reached,
 * and how each expectation ended. What never happened is listed in `never`.
 */
export function coverage(compiled: CompiledScenario, seeds = 12, policies: readonly Policy[] = POLICIES): CoverageReport {
  const s = compiled.scenario;
  const count = (ids: string[]) => new Map(ids.map((id) => [id, 0]));
  const injects = count(s.injects.map((i) => i.id));
  const triggers = count(s.triggers.map((t) => t.id));
  const phases = count(s.phases.map((p) => p.id));
  const outcomes = new Map<string, Map<string, number>>();
  for (const t of s.triggers) if (t.branch) {
    const m = outcomes.get(t.branch.id) ?? new Map<string, number>();
    m.set(t.branch.outcome, 0);
    outcomes.set(t.branch.id, m);
  }
  const exp = new Map(s.expectations.map((e) => [e.id, { met: 0, late: 0, missed: 0, pending: 0 }]));
  const endings: Record<string, number> = {};
  const human = new Map<string, Set<string>>();
  const humanTriggers = new Set<string>();
  for (const t of s.triggers) if (t.branch?.human) {
    human.set(t.branch.id, (human.get(t.branch.id) ?? new Set()).add(t.branch.outcome));
    humanTriggers.add(t.id);
  }
  let runs = 0;
  let doubleOutcomes = 0;
  for (const policy of policies) {
    for (let seed = 1; seed <= seeds; seed++) {
      const r = simulate(compiled, { seed, policy });
      runs++;
      for (const id of new Set(r.deliveries.map((d) => d.inject))) if (injects.has(id)) injects.set(id, injects.get(id)! + 1);
      for (const id of new Set(r.triggers.map((t) => t.trigger))) triggers.set(id, (triggers.get(id) ?? 0) + 1);
      for (const id of new Set(r.phases.map((p) => p.phase))) phases.set(id, (phases.get(id) ?? 0) + 1);
      const taken = new Set(r.triggers.filter((t) => t.branch).map((t) => `${t.branch!.id}\u0000${t.branch!.outcome}`));
      const points = r.triggers.filter((t) => t.branch).map((t) => t.branch!.id);
      if (new Set(points).size !== points.length) doubleOutcomes++;
      for (const key of taken) {
        const [branch, outcome] = key.split("\u0000");
        const m = outcomes.get(branch);
        if (m) m.set(outcome, (m.get(outcome) ?? 0) + 1);
      }
      for (const [id, es] of Object.entries(r.state.expectations)) exp.get(id)![es.status]++;
      const end = r.state.ended?.condition ?? r.state.ended?.reason ?? "not-ended";
      endings[end] = (endings[end] ?? 0) + 1;
    }
  }
  const list = (m: Map<string, number>) => [...m].map(([id, n]) => ({ id, runs: n }));
  const isHuman = (b: string, o: string) => human.get(b)?.has(o) === true;
  const branches = [...outcomes].map(([id, m]) => ({ id, outcomes: [...m].map(([outcome, n]) => ({ outcome, runs: n, ...(isHuman(id, outcome) ? { human: true } : {}) })) }));
  return {
    runs, seeds, policies,
    injects: list(injects), triggers: list(triggers), phases: list(phases), branches,
    expectations: [...exp].map(([id, c]) => ({ id, ...c })), endings,
    never: {
      injects: [...injects].filter(([, n]) => n === 0).map(([id]) => id),
      triggers: [...triggers].filter(([id, n]) => n === 0 && !humanTriggers.has(id)).map(([id]) => id),
      phases: [...phases].filter(([, n]) => n === 0).map(([id]) => id),
      branchOutcomes: branches.flatMap((b) => b.outcomes.filter((o) => o.runs === 0 && !o.human).map((o) => `${b.id}:${o.outcome}`)),
    },
    humanOnly: branches.flatMap((b) => b.outcomes.filter((o) => o.runs === 0 && o.human).map((o) => `${b.id}:${o.outcome}`)),
    doubleOutcomes,
  };
}
