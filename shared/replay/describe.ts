import { ANSWER_CALL } from "../engine/calls.js";
import type { CompiledScenario } from "../engine/compiled.js";
import type { Effect, EngineState } from "../engine/types.js";
import { tr, type Lang, type Text } from "../scenario/text.js";
import { formatGameTime } from "../scenario/time.js";
import type { ReplayEntry } from "./entry.js";
import { outcomeLabel } from "../scoring/explain.js";
import { joinLabels } from "../scoring/names.js";
import { perLang, same, type Bilingual } from "../i18n/bilingual.js";
import { endNamesOf, endReasonText } from "./end-reason.js";
import { logTexts } from "./log-texts.js";

/**
 * The event log beside the replay: one line per log entry in plain words
 * (French and English), with what the engine did because of it (deliveries,
 * phases, branches, expectations, gauges, the end). Clock ticks that changed
 * nothing are `quiet`, so the viewer can hide thousands of them. Texts are
 * `log-texts.ts` (i18next); labels only, never an id of the log or the scenario.
 */
export interface LogLine {
  position: number; seq: number; at: number; type: ReplayEntry["type"];
  /** Who: a player id, "instructor", "system"… (from the stored entry when there is one). */
  by?: string;
  quiet: boolean;
  text: Bilingual;
  /** What followed, one short phrase each. */
  effects: Bilingual[];
}

type Bi = Bilingual;
const { say } = logTexts;
const both = (text: Text | undefined): Bi => (text === undefined ? say("log.unknown") : perLang((l) => tr(text, l)));
const subjectOf = (compiled: CompiledScenario, inject: string | undefined): Bi => both(inject === undefined ? undefined : compiled.injects.get(inject)?.subject);

/** Why a session ended, in words (`end-reason.ts`, the one place that says it). */
export function endReason(compiled: CompiledScenario, reason: string): Bi {
  return endReasonText(reason, endNamesOf(compiled));
}

export function describeEntry(compiled: CompiledScenario, entry: ReplayEntry, effects: readonly Effect[], position: number, seq: number, state: EngineState): LogLine {
  const player = (id: string) => state.players[id]?.name ?? "—";
  const role = (id: string) => both(compiled.roles.get(id)?.name);
  const rejected = effects.find((e) => e.type === "rejected");
  let text: Bi;
  switch (entry.type) {
    case "open": text = say("log.open"); break;
    case "join": text = say("log.join", { name: entry.name }); break;
    case "leave": text = say("log.leave", { name: player(entry.player) }); break;
    case "assign": text = say("log.assign", { name: player(entry.player), role: role(entry.role) }); break;
    case "unassign": text = say("log.unassign", { name: player(entry.player), role: role(entry.role) }); break;
    case "ready": text = say(entry.ready ? "log.ready" : "log.notReady", { name: player(entry.player) }); break;
    case "start": text = say("log.start"); break;
    case "pause": text = say("log.pause"); break;
    case "resume": text = say("log.resume"); break;
    case "speed": text = say("log.speed", { speed: entry.speed }); break;
    case "pace": text = say("log.pace", { factor: entry.factor }); break;
    case "goto": text = say("log.goto", { time: formatGameTime(entry.to) }); break;
    case "clock": text = say("log.clock", { time: formatGameTime(entry.to) }); break;
    case "inject_now": text = say("log.injectNow", { subject: subjectOf(compiled, entry.inject) }); break;
    case "improvise": text = say("log.improvise", { subject: entry.subject }); break;
    case "cancel": text = say("log.cancel", { subject: subjectOf(compiled, entry.inject) }); break;
    case "gauge": {
      const change = entry.set !== undefined ? `= ${entry.set}` : `${(entry.add ?? 0) >= 0 ? "+" : ""}${entry.add ?? 0}`;
      text = say("log.gauge", { gauge: both(compiled.gauges.get(entry.gauge)?.name), change });
      break;
    }
    case "phase": text = say("log.phase", { phase: both(compiled.phases.get(entry.phase)?.source.name) }); break;
    case "end": text = say("log.end"); break;
    case "action": {
      const p = entry.params ?? {};
      const detail = [p.subject, p.title, p.text, p.decision].find((x) => typeof x === "string" && x.length > 0) as string | undefined;
      const who = { name: player(entry.player), role: role(entry.role), action: both(compiled.actions.get(entry.action)?.source.name) };
      // A picked-up call names the call (its subject), never the inject's id.
      const call = entry.action === ANSWER_CALL && typeof p.phone_call === "string" ? subjectOf(compiled, p.phone_call) : undefined;
      text = call || detail ? say("log.actionDetail", { ...who, detail: call ?? detail!.slice(0, 140) }) : say("log.action", who);
      break;
    }
    case "approve": {
      const target = state.actions.find((a) => a.id === entry.actionId);
      const what = { name: player(entry.player), action: both(target ? compiled.actions.get(target.action)?.source.name : undefined) };
      text = target ? say(entry.approve ? "log.approveOf" : "log.refuseOf", { ...what, author: player(target.player) }) : say(entry.approve ? "log.approve" : "log.refuse", what);
      break;
    }
  }
  if (rejected && rejected.type === "rejected") text = say("log.rejected", { text });
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
      const subject = d.improvised ? same(d.improvised.subject) : subjectOf(compiled, d.inject);
      const to = joinLabels(d.recipients.map((r) => both(compiled.roles.get(r)?.name)));
      return [say("log.fx.delivery", { from: both(compiled.personas.get(d.from)?.name), to, subject })];
    }
    case "phase": return [say("log.fx.phase", { phase: both(compiled.phases.get(fx.to)?.source.name) })];
    case "trigger": return fx.branch ? [say("log.fx.branch", { outcome: outcomeLabel(compiled, fx.trigger) })] : [];
    case "expectation": {
      const e = compiled.expectations.find((x) => x.id === fx.expectation);
      return [say(`log.fx.expectation_${fx.status}`, { title: both(e?.source.title) })];
    }
    case "gauge": return [say("log.fx.gauge", { gauge: both(compiled.gauges.get(fx.gauge)?.name), from: fx.from, to: fx.to })];
    case "end": return [say("log.fx.end", { reason: endReason(compiled, fx.reason) })];
    case "cancelled": return [say("log.fx.cancelled", { subject: subjectOf(compiled, fx.inject) })];
    case "countdown": {
      if (fx.countdown.status === "open") return [];
      // An improvised inject's deadline is named by the instructor's label (no scenario inject).
      const subject = fx.countdown.inject !== undefined ? subjectOf(compiled, fx.countdown.inject) : both(fx.countdown.improvised?.label);
      return [say(fx.countdown.status === "answered" ? "log.fx.replied" : "log.fx.unanswered", { subject })];
    }
    default: return [];
  }
}

/** A line in one language. */
export function lineText(line: LogLine, lang: Lang): string {
  return [line.text[lang], ...line.effects.map((e) => e[lang])].join(" · ");
}
