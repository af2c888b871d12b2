import { replay, type ActionRecord, type CompiledScenario, type Effect, type LogPayload } from "../../shared/engine/index.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { tr } from "../../shared/scenario/text.js";
import type { Names } from "../assessment/pseudonyms.js";
import type { StoredEntry } from "../storage/types.js";
import { LABELS, type FactKind, type ReportLang } from "./labels.js";

/**
 * The "Faits" of a RETEX: the chronology generated from the log by folding
 * it and keeping, from the effects, what a debrief reads — session status,
 * inject deliveries, phase changes, branches taken, and the cell's decisions,
 * statements, notifications, SITREPs, points de situation and organisation.
 * Times are game times ("T+01:30"); `seq` links each line to its log entry.
 */

export interface FactRow { seq: number; at: number; time: string; kind: FactKind; text: string }

const ACTION_KINDS: Partial<Record<ActionRecord["kind"], FactKind>> = {
  decision: "decision", statement: "statement", notification: "notification", sitrep: "sitrep", point: "point", assignment: "assignment",
};

const clip = (s: string, n = 160) => { const t = s.replace(/\s+/g, " ").trim(); return t.length > n ? `${t.slice(0, n - 1)}…` : t; };

export function actionSummary(compiled: CompiledScenario, a: ActionRecord, lang: ReportLang, names: Names): string {
  const p = a.params;
  const str = (k: string) => (typeof p[k] === "string" ? names.scrub(p[k] as string) : "");
  const who = `${tr(compiled.roles.get(a.role)?.name ?? a.role, lang)} (${names.player(a.player)})`;
  const persona = (k: string) => (typeof p[k] === "string" ? tr(compiled.personas.get(p[k] as string)?.name ?? (p[k] as string), lang) : "");
  const name = tr(compiled.actions.get(a.action)?.source.name ?? a.action, lang);
  let what: string;
  switch (a.kind) {
    case "decision": what = str("title") || str("text"); break;
    case "statement": what = [str("title"), str("text")].filter(Boolean).join(" — "); break;
    case "notification": what = [persona("to"), str("form"), str("text")].filter(Boolean).join(" — "); break;
    case "sitrep": what = [typeof p.severity === "string" ? p.severity : "", str("text")].filter(Boolean).join(" — "); break;
    default: what = str("text") || str("title");
  }
  return `${name} · ${who}${what ? ` : ${clip(what)}` : ""}`;
}

function factsOf(compiled: CompiledScenario, fx: Effect, lang: ReportLang, names: Names): { at: number; kind: FactKind; text: string } | undefined {
  const L = LABELS[lang];
  switch (fx.type) {
    case "status": return { at: fx.at, kind: "status", text: L.status[fx.status] };
    case "delivery": {
      const d = fx.delivery;
      const inj = d.inject ? compiled.injects.get(d.inject) : undefined;
      const subject = d.improvised?.subject ? names.scrub(d.improvised.subject) : tr(inj?.subject, lang) || d.inject || "";
      const from = tr(compiled.personas.get(d.from)?.name ?? d.from, lang);
      const channel = tr(compiled.channels.get(d.channel)?.name ?? d.channel, lang);
      return { at: d.at, kind: "delivery", text: `${subject} — ${from} (${channel})` };
    }
    case "phase": return { at: fx.at, kind: "phase", text: `${tr(compiled.phases.get(fx.from)?.source.name ?? fx.from, lang)} → ${tr(compiled.phases.get(fx.to)?.source.name ?? fx.to, lang)}` };
    case "trigger": return fx.branch ? { at: fx.at, kind: "branch", text: `${fx.branch.id} : ${fx.branch.outcome}` } : undefined;
    case "action": case "approval": {
      const kind = ACTION_KINDS[fx.action.kind];
      if (!kind || fx.action.status !== "done") return undefined;
      return { at: fx.type === "approval" ? (fx.action.approvedBy?.at ?? fx.action.at) : fx.action.at, kind, text: actionSummary(compiled, fx.action, lang, names) };
    }
    default: return undefined;
  }
}

export function chronology(compiled: CompiledScenario, log: readonly StoredEntry[], lang: ReportLang, names: Names): FactRow[] {
  const rows: FactRow[] = [];
  replay(compiled, log.map((e) => e.payload as LogPayload), (effects, i) => {
    for (const fx of effects) {
      const f = factsOf(compiled, fx, lang, names);
      if (f) rows.push({ seq: log[i].seq, at: f.at, time: formatGameTime(f.at), kind: f.kind, text: f.text });
    }
  });
  return rows;
}
