import { ANSWER_CALL } from "../engine/calls.js";
import type { CompiledScenario } from "../engine/compiled.js";
import type { Effect, EngineState } from "../engine/types.js";
import { tr, type Lang, type Text } from "../scenario/text.js";
import { formatGameTime } from "../scenario/time.js";
import type { ReplayEntry } from "./entry.js";
import { outcomeLabel } from "../scoring/explain.js";

/**
 * The event log beside the replay: one line per log entry in plain words
 * (French and English), with what the engine did because of it (deliveries,
 * phases, branches, expectations, gauges, the end). Clock ticks that changed
 * nothing are `quiet`, so the viewer can hide thousands of them.
 */
export interface LogLine {
  position: number; seq: number; at: number; type: ReplayEntry["type"];
  /** Who: a player id, "instructor", "system"… (from the stored entry when there is one). */
  by?: string;
  quiet: boolean;
  text: { fr: string; en: string };
  /** What followed, one short phrase each. */
  effects: { fr: string; en: string }[];
}

type Bi = { fr: string; en: string };
const bi = (fr: string, en: string): Bi => ({ fr, en });
const both = (text: Text | undefined, fallback: string): Bi => ({ fr: tr(text, "fr") || fallback, en: tr(text, "en") || fallback });
const join = (a: Bi, b: Bi, sep = " "): Bi => ({ fr: `${a.fr}${sep}${b.fr}`, en: `${a.en}${sep}${b.en}` });

export function describeEntry(compiled: CompiledScenario, entry: ReplayEntry, effects: readonly Effect[], position: number, seq: number, state: EngineState): LogLine {
  const player = (id: string) => state.players[id]?.name ?? id;
  const role = (id: string) => both(compiled.roles.get(id)?.name, id);
  const rejected = effects.find((e) => e.type === "rejected");
  let text: Bi;
  switch (entry.type) {
    case "open": text = bi("Ouverture du journal", "Log opened"); break;
    case "join": text = bi(`${entry.name} rejoint la cellule`, `${entry.name} joins the cell`); break;
    case "leave": text = bi(`${player(entry.player)} quitte la cellule`, `${player(entry.player)} leaves the cell`); break;
    case "assign": text = join(bi(`${player(entry.player)} prend le rôle`, `${player(entry.player)} takes the role`), role(entry.role)); break;
    case "unassign": text = join(bi(`${player(entry.player)} quitte le rôle`, `${player(entry.player)} leaves the role`), role(entry.role)); break;
    case "start": text = bi("Début de l'exercice (DEBEX)", "Exercise starts"); break;
    case "pause": text = bi("Pause", "Paused"); break;
    case "resume": text = bi("Reprise", "Resumed"); break;
    case "speed": text = bi(`Vitesse ×${entry.speed}`, `Speed ×${entry.speed}`); break;
    case "pace": text = bi(`Rythme du scénario ×${entry.factor}`, `Scenario tempo ×${entry.factor}`); break;
    case "goto": text = bi(`L'animateur avance l'horloge à ${formatGameTime(entry.to)}`, `The animator moves the clock to ${formatGameTime(entry.to)}`); break;
    case "clock": text = bi(`Horloge ${formatGameTime(entry.to)}`, `Clock ${formatGameTime(entry.to)}`); break;
    case "inject_now": text = join(bi("Inject envoyé par l'animateur :", "Inject sent by the instructor:"), both(compiled.injects.get(entry.inject)?.subject, entry.inject)); break;
    case "improvise": text = bi(`Inject improvisé : ${entry.subject}`, `Improvised inject: ${entry.subject}`); break;
    case "cancel": text = join(bi("Inject annulé :", "Inject cancelled:"), both(compiled.injects.get(entry.inject)?.subject, "—")); break;
    case "gauge": {
      const g = both(compiled.gauges.get(entry.gauge)?.name, "—");
      const change = entry.set !== undefined ? `= ${entry.set}` : `${(entry.add ?? 0) >= 0 ? "+" : ""}${entry.add ?? 0}`;
      text = bi(`Jauge ${g.fr} ${change}`, `Gauge ${g.en} ${change}`);
      break;
    }
    case "phase": text = join(bi("Phase forcée :", "Phase forced:"), both(compiled.phases.get(entry.phase)?.source.name, entry.phase)); break;
    case "end": text = bi("Fin de l'exercice (FINEX)", "Exercise ends"); break;
    case "action": {
      const name = both(compiled.actions.get(entry.action)?.source.name, entry.action);
      const p = entry.params ?? {};
      const detail = [p.subject, p.title, p.text, p.decision].find((x) => typeof x === "string" && x.length > 0) as string | undefined;
      const r = role(entry.role), who = player(entry.player), tail = detail ? ` : ${detail.slice(0, 140)}` : "";
      // A picked-up call names the call (its subject), never the inject's id.
      const call = entry.action === ANSWER_CALL && typeof p.phone_call === "string" ? both(compiled.injects.get(p.phone_call)?.subject, "—") : undefined;
      text = bi(`${who} (${r.fr}) — ${name.fr}${call ? ` : ${call.fr}` : tail}`, `${who} (${r.en}) — ${name.en}${call ? `: ${call.en}` : tail}`);
      break;
    }
    case "approve": {
      const target = state.actions.find((a) => a.id === entry.actionId);
      const what = both(target ? compiled.actions.get(target.action)?.source.name : undefined, "—");
      const by = target ? ` (${player(target.player)})` : "";
      text = bi(`${player(entry.player)} ${entry.approve ? "valide" : "refuse"} « ${what.fr} »${by}`, `${player(entry.player)} ${entry.approve ? "approves" : "refuses"} "${what.en}"${by}`);
      break;
    }
  }
  if (rejected && rejected.type === "rejected") text = join(text, bi("(refusé par le moteur)", "(refused by the engine)"));
  const out = effects.flatMap((fx) => describeEffect(compiled, fx));
  const by = "by" in entry && entry.by ? entry.by.kind === "player" ? entry.by.id : entry.by.kind : undefined;
  return {
    position, seq, at: state.time, type: entry.type, ...(by ? { by } : {}),
    quiet: entry.type === "clock" && out.length === 0, text, effects: out,
  };
}

function describeEffect(compiled: CompiledScenario, fx: Effect): Bi[] {
  switch (fx.type) {
    case "delivery": {
      const d = fx.delivery;
      const inj = d.inject !== undefined ? compiled.injects.get(d.inject) : undefined;
      const subject = d.improvised ? bi(d.improvised.subject, d.improvised.subject) : both(inj?.subject, d.inject ?? d.id);
      const from = both(compiled.personas.get(d.from)?.name, d.from);
      const to = d.recipients.map((r) => both(compiled.roles.get(r)?.name, r));
      return [bi(`↘ ${from.fr} → ${to.map((x) => x.fr).join(", ")} : ${subject.fr}`, `↘ ${from.en} → ${to.map((x) => x.en).join(", ")}: ${subject.en}`)];
    }
    case "phase": {
      const n = both(compiled.phases.get(fx.to)?.source.name, fx.to);
      return [bi(`Phase : ${n.fr}`, `Phase: ${n.en}`)];
    }
    case "trigger": {
      if (!fx.branch) return [];
      const label = outcomeLabel(compiled, fx.trigger);
      return [bi(`Embranchement : ${label.fr}`, `Branch: ${label.en}`)];
    }
    case "expectation": {
      const e = compiled.expectations.find((x) => x.id === fx.expectation);
      const title = both(e?.source.title, fx.expectation);
      const st = { met: bi("tenue", "met"), late: bi("en retard", "late"), missed: bi("manquée", "missed"), pending: bi("en attente", "pending") }[fx.status];
      return [bi(`Attente ${st.fr} : ${title.fr}`, `Expectation ${st.en}: ${title.en}`)];
    }
    case "gauge": {
      const g = both(compiled.gauges.get(fx.gauge)?.name, fx.gauge);
      return [bi(`${g.fr} ${fx.from} → ${fx.to}`, `${g.en} ${fx.from} → ${fx.to}`)];
    }
    case "end": return [bi(`Fin (${fx.reason})`, `End (${fx.reason})`)];
    case "cancelled": return [bi(`Annulé : ${fx.inject}`, `Cancelled: ${fx.inject}`)];
    case "countdown": {
      if (fx.countdown.status === "open") return [];
      const subject = both(compiled.injects.get(fx.countdown.inject)?.subject, "—");
      return [fx.countdown.status === "answered"
        ? bi(`Délai de réponse tenu : ${subject.fr}`, `Reply deadline met: ${subject.en}`)
        : bi(`Délai de réponse dépassé : ${subject.fr}`, `Reply deadline passed: ${subject.en}`)];
    }
    default: return [];
  }
}

/** A line in one language. */
export function lineText(line: LogLine, lang: Lang): string {
  return [line.text[lang], ...line.effects.map((e) => e[lang])].join(" · ");
}
