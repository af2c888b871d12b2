import { replay, type ActionRecord, type CompiledScenario, type Effect, type LogPayload, type ParamValue } from "../../shared/engine/index.js";
import type { Param } from "../../shared/scenario/schema.js";
import { formatGameTime } from "../../shared/scenario/time.js";
import { tr } from "../../shared/scenario/text.js";
import { clockTime, outcomeLabel } from "../../shared/scoring/explain.js";
import type { Names } from "../assessment/pseudonyms.js";
import type { StoredEntry } from "../storage/types.js";
import { reportWords, type FactKind, type ReportLang } from "../assessment/labels.js";

/**
 * The "Faits" of a RETEX: the chronology generated from the log by folding
 * it and keeping, from the effects, what a debrief reads — session status,
 * inject deliveries, phase changes, branch outcomes (by their label), and the
 * cell's decisions, statements, notifications, SITREPs, points de situation
 * and organisation, each with its form's answers in words (option labels,
 * persona and role names), never an id. Times are the scenario's clock
 * ("14:02", "J+1 08:00") with the game time beside ("T+02:02"); `seq` links
 * each line to its log entry for tools, it is not printed.
 */

export interface FactRow { seq: number; at: number; time: string; offset: string; kind: FactKind; text: string }

const ACTION_KINDS: Partial<Record<ActionRecord["kind"], FactKind>> = {
  decision: "decision", statement: "statement", notification: "notification", sitrep: "sitrep", point: "point", assignment: "assignment",
};

export const clip = (s: string, n = 160) => { const t = s.replace(/\s+/g, " ").trim(); return t.length > n ? `${t.slice(0, n - 1)}…` : t; };

/** One answer of an action's form in words: an option's label, a persona's or a role's name, the text itself (names scrubbed). */
export function paramValue(compiled: CompiledScenario, p: Param, v: ParamValue, lang: ReportLang, names: Names): string {
  const option = (id: string) => tr(p.options?.find((o) => o.id === id)?.label, lang) || id;
  switch (p.type) {
    case "choice": return option(String(v));
    case "multichoice": return (Array.isArray(v) ? v : [String(v)]).map(option).join(", ");
    case "persona": return tr(compiled.personas.get(String(v))?.name, lang) || names.scrub(String(v));
    case "role": return tr(compiled.roles.get(String(v))?.name, lang) || names.scrub(String(v));
    case "boolean": return v === true ? reportWords(lang)("yes") : reportWords(lang)("no");
    case "number": return typeof v === "number" ? v.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB") : String(v);
    default: return names.scrub(String(v).trim());
  }
}

const FREE = new Set(["text", "longtext"]);

/**
 * What an action said, in words: its title first, then each structured answer as
 * "Mode dégradé : Procédures papier", then its free text. Parameters not in the
 * form (none should be) are left out rather than shown raw.
 */
export function actionDetails(compiled: CompiledScenario, a: ActionRecord, lang: ReportLang, names: Names): string {
  const form = compiled.actions.get(a.action)?.source.params ?? [];
  const sep = reportWords(lang)("sep");
  const title: string[] = [], answers: string[] = [], texts: string[] = [];
  for (const p of form) {
    const v = a.params[p.id];
    if (v === undefined || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    const text = paramValue(compiled, p, v, lang, names);
    if (!text) continue;
    if (p.id === "title") title.push(text);
    else if (FREE.has(p.type)) texts.push(text);
    else answers.push(`${tr(p.label, lang)}${sep}${text}`);
  }
  return [...title, ...answers, ...texts].join(" — ");
}

export function actionSummary(compiled: CompiledScenario, a: ActionRecord, lang: ReportLang, names: Names, fallbackName?: string): string {
  const who = `${tr(compiled.roles.get(a.role)?.name, lang)} (${names.player(a.player, fallbackName)})`;
  const name = tr(compiled.actions.get(a.action)?.source.name, lang);
  const what = actionDetails(compiled, a, lang, names);
  return `${name} · ${who}${what ? ` : ${clip(what, 220)}` : ""}`;
}

function factsOf(compiled: CompiledScenario, fx: Effect, lang: ReportLang, names: Names, playerName: (id: string) => string | undefined): { at: number; kind: FactKind; text: string } | undefined {
  const L = reportWords(lang);
  switch (fx.type) {
    case "status": return { at: fx.at, kind: "status", text: L(`status.${fx.status}`) };
    case "delivery": {
      const d = fx.delivery;
      const inj = d.inject ? compiled.injects.get(d.inject) : undefined;
      const subject = d.improvised?.subject ? names.scrub(d.improvised.subject) : tr(inj?.subject, lang);
      const from = tr(compiled.personas.get(d.from)?.name, lang);
      const channel = tr(compiled.channels.get(d.channel)?.name, lang);
      return { at: d.at, kind: "delivery", text: [subject, [from, channel ? `(${channel})` : ""].filter(Boolean).join(" ")].filter(Boolean).join(" — ") };
    }
    case "phase": return { at: fx.at, kind: "phase", text: `${tr(compiled.phases.get(fx.from)?.source.name, lang)} → ${tr(compiled.phases.get(fx.to)?.source.name, lang)}` };
    case "trigger": return fx.branch ? { at: fx.at, kind: "branch", text: outcomeLabel(compiled, fx.trigger)[lang] } : undefined;
    case "action": case "approval": {
      const kind = ACTION_KINDS[fx.action.kind];
      if (!kind || fx.action.status !== "done") return undefined;
      return { at: fx.type === "approval" ? (fx.action.approvedBy?.at ?? fx.action.at) : fx.action.at, kind, text: actionSummary(compiled, fx.action, lang, names, playerName(fx.action.player)) };
    }
    default: return undefined;
  }
}

export function chronology(compiled: CompiledScenario, log: readonly StoredEntry[], lang: ReportLang, names: Names): FactRow[] {
  const rows: FactRow[] = [];
  const joined = new Map<string, string>();
  for (const e of log) if (e.payload.type === "join") joined.set(e.payload.player, e.payload.name);
  replay(compiled, log.map((e) => e.payload as LogPayload), (effects, i) => {
    for (const fx of effects) {
      const f = factsOf(compiled, fx, lang, names, (p) => joined.get(p));
      if (f) rows.push({ seq: log[i].seq, at: f.at, time: clockTime(compiled, f.at), offset: formatGameTime(f.at), kind: f.kind, text: f.text });
    }
  });
  return rows;
}
