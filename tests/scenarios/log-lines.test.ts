import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileScenario } from "../../shared/engine/compile.js";
import type { CompiledScenario } from "../../shared/engine/compiled.js";
import { replay } from "../../shared/engine/engine.js";
import type { LogPayload } from "../../shared/engine/log.js";
import { buildReplay } from "../../shared/replay/index.js";
import { logEn, logFr } from "../../shared/replay/log-texts.js";
import { loadScenario } from "../../shared/scenario/load.js";
import { POLICIES } from "../../shared/sim/bots.js";
import { simulate } from "../../shared/sim/simulate.js";

/**
 * The id sweep of the event log: for every bundled scenario, played by every
 * bot policy and with the instructor's hand (a jump, an inject sent now then
 * cancelled, a gauge set, a phase forced, the end), no line of the replay's
 * event log, in French or English, shows an internal id — of the scenario
 * (injects, roles, personas, actions, gauges, phases, expectations,
 * triggers, branch points, end conditions) or of a player.
 */
const DIR = join(import.meta.dirname, "../../scenarios");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));

function idsOf(c: CompiledScenario): string[] {
  const s = c.scenario;
  return [...c.injects.keys(), ...c.roles.keys(), ...c.personas.keys(), ...c.actions.keys(), ...c.gauges.keys(), ...c.phases.keys(),
    ...c.channels.keys(), ...c.expectations.map((e) => e.id), ...s.triggers.map((t) => t.id), ...s.triggers.flatMap((t) => (t.branch ? [t.branch.id, t.branch.outcome] : [])),
    ...s.end.map((e) => e.id)];
}

/** Every word a person may legitimately read in this scenario: an id that is also one of them (e.g. "SITREP") cannot be told apart and is left out. */
function wordsOf(c: CompiledScenario): Set<string> {
  const words = new Set<string>();
  // Texts only ({ fr, en }: every text of a bundled scenario is translated), not the ids conditions refer to.
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.fr === "string") for (const t of [o.fr, o.en]) if (typeof t === "string") for (const w of t.split(/[^\p{L}\p{N}_-]+/u)) words.add(w);
      Object.values(o).forEach(walk);
    }
  };
  walk(c.scenario);
  walk([...c.actions.values()].map((a) => a.source)); // the built-in actions' labels too
  walk(Object.keys(logFr).map((k) => ({ fr: logFr[k as keyof typeof logFr], en: logEn[k as keyof typeof logFr] }))); // and the log's own words
  return words;
}

/** The bots' log with people's names and the instructor's commands, where they fit. */
function playedLog(c: CompiledScenario, seed: number, policy: (typeof POLICIES)[number]): LogPayload[] {
  const log = simulate(c, { seed, policy }).log.map((e, i) => (e.type === "join" ? { ...e, name: `Camille ${i}` } : e));
  const start = log.findIndex((e) => e.type === "start");
  const inject = [...c.injects.keys()][seed % c.injects.size];
  // An inject still to come once the clock has jumped: the one the instructor cancels.
  const pending = replay(c, [...log.slice(0, start + 1), { type: "goto", to: 120 }]).pending.at(-1)?.inject;
  const gauge = [...c.gauges.keys()][0];
  const phase = [...c.phases.keys()][1];
  const hand: LogPayload[] = [
    { type: "goto", to: 120 },
    { type: "inject_now", inject },
    ...(pending ? [{ type: "cancel", inject: pending } as LogPayload] : []),
    ...(gauge ? [{ type: "gauge", gauge, add: 5 } as LogPayload] : []),
    ...(phase && seed % 2 ? [{ type: "phase", phase } as LogPayload] : []),
  ];
  const played = [...log.slice(0, start + 1), ...hand, ...log.slice(start + 1)];
  return seed % 3 === 0 ? [...played.filter((e) => e.type !== "end"), { type: "end" }] : played;
}

describe.each(files)("event log of %s", (file) => {
  const loaded = loadScenario(readFileSync(join(DIR, file), "utf8"), file);
  if (!loaded.ok) throw new Error(`${file} invalid`);
  const compiled = compileScenario(loaded.scenario);
  const words = wordsOf(compiled);
  const ids = [...new Set(idsOf(compiled))].filter((id) => !words.has(id));

  it("shows no internal id of the scenario or of a player, in French or English", () => {
    expect(ids.length).toBeGreaterThan(10);
    const leaks: string[] = [];
    let cancelled = 0;
    for (const policy of POLICIES) for (const seed of [1, 2, 3]) {
      const log = playedLog(compiled, seed, policy);
      const players = new Set(log.flatMap((e) => ("player" in e && typeof e.player === "string" ? [e.player] : [])));
      const index = buildReplay(compiled, log);
      expect(index.lines.length).toBe(log.length);
      for (const line of index.lines) for (const lang of ["fr", "en"] as const) {
        const text = [line.text[lang], ...line.effects.map((e) => e[lang])].join(" · ");
        const tokens = new Set(text.split(/[^\p{L}\p{N}_-]+/u));
        if (line.type === "cancel" && line.effects.length) cancelled++;
        for (const id of [...ids, ...players]) if (tokens.has(id)) leaks.push(`${policy}/${seed} ${lang}: ${id} in "${text}"`);
      }
    }
    expect(leaks.slice(0, 10)).toEqual([]);
    expect(cancelled).toBeGreaterThan(0); // the cancellation's own line was swept
  });
});
