import { applyEntry, checkEntry, createState, LogPayload, type CompiledScenario, type EngineState } from "../../shared/engine/index.js";
import { refusalText } from "../../shared/i18n/refusals.js";
import { scoreCell } from "../../shared/scoring/index.js";
import { rulesFor } from "../../shared/scoring/rules.js";
import { nameScrubber } from "../assessment/pseudonyms.js";
import { canonicalJson, stateHash } from "../game/checkpoint.js";
import { compileText } from "../scenarios.js";
import type { ErasurePlan, PlayerRow, RosterStudentRow, Storage, StoredEntry } from "../storage/types.js";

/**
 * Erasing one student everywhere (GDPR), as a plan the storage applies in
 * one go (Storage.applyErasure). In every cell where they played:
 * - their name: the player row and their `join` entries become
 *   "Étudiant effacé"; in every other free text of the session (classmates'
 *   messages, improvised injects, end reasons, annotations, justifications,
 *   session and cell names) their name, or a part of it alone, becomes
 *   "[effacé]" (the same matching as pseudonyms: case, accents, word bounds);
 * - their own free texts (text and long-text fields of their actions) are
 *   replaced by a tombstone that keeps what the scoring reads from a text:
 *   whether a field is filled, its lines (distinct lines stay distinct: the
 *   action plan's count), and the game times it cites (a RETEX's links to the
 *   log) — "[effacé 1] 14:02", "[effacé 2]" — so levels, theirs and
 *   everyone else's, stay what they were (`changed` says otherwise). Choices,
 *   numbers, roles and ids are not personal and stay.
 * The rewritten log is folded again from the start, each entry re-validated
 * like `replay verify` does: the checkpoint hashes and the latest snapshot
 * are replaced by those of the new fold, so a replay of the cell still
 * verifies; an entry the engine would now refuse stops the erasure before
 * anything is written. Their roster rows go too.
 */

export const ERASED_NAME = "Étudiant effacé";
export const ERASED_WORD = "[effacé]";

export interface ErasureReport { cells: number; sessions: number; entries: number; rosterRows: number; changed: string[] }

/** A student's own texts, replaced line by line, keeping blank lines, distinct lines distinct and the game times cited. */
class Tombstones {
  private lines = new Map<string, number>();
  private times: RegExp;
  constructor(link: string) { this.times = new RegExp(link, "g"); }
  text(s: string): string {
    if (s.trim() === "") return s;
    return s.split(/\r?\n/).map((line) => {
      const key = line.replace(/^[\s\-*•·–\d.)]+/, "").trim().toLowerCase();
      if (!key) return "";
      if (!this.lines.has(key)) this.lines.set(key, this.lines.size + 1);
      const cited = line.match(this.times) ?? [];
      return [`[effacé ${this.lines.get(key)}]`, ...cited].join(" ");
    }).join("\n");
  }
}

/** Every string inside `v`, through `f`. */
const deep = (v: unknown, f: (s: string) => string): unknown =>
  typeof v === "string" ? f(v) : Array.isArray(v) ? v.map((x) => deep(x, f)) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deep(x, f)])) : v;

/** The entry rewritten, or undefined when it stays as it is. */
function rewrite(compiled: CompiledScenario, e: StoredEntry, erased: Set<string>, scrub: (s: string) => string, tomb: Tombstones): StoredEntry["payload"] | undefined {
  const p = e.payload;
  let out: StoredEntry["payload"];
  if (p.type === "join") out = erased.has(p.player) ? { ...p, name: ERASED_NAME } : p;
  else if (p.type === "action") {
    const form = new Map((compiled.actions.get(p.action)?.source.params ?? []).map((f) => [f.id, f.type]));
    const own = erased.has(p.player);
    out = { ...p, params: Object.fromEntries(Object.entries(p.params).map(([k, v]) => {
      const free = form.get(k) === "text" || form.get(k) === "longtext" || !form.has(k);
      return [k, typeof v === "string" && free ? (own ? tomb.text(v) : scrub(v)) : Array.isArray(v) && free ? deep(v, scrub) : v];
    })) } as typeof p;
  } else if (p.type === "improvise") out = { ...p, subject: scrub(p.subject) || ERASED_WORD, body: scrub(p.body) || ERASED_WORD };
  else if (p.type === "end" && p.reason !== undefined) out = { ...p, reason: scrub(p.reason) };
  else return undefined;
  return canonicalJson(out) === canonicalJson(p) ? undefined : out;
}

/** Levels of every scope of a cell, as one comparable text (the erasure must not move any). */
const levelsOf = (compiled: CompiledScenario, state: EngineState) => {
  const s = scoreCell(compiled, state);
  return JSON.stringify([s.cell, ...s.roles, ...s.students].map((x) => x.competencies.map((c) => c.level)));
};

/** Fold a log as `replay verify` does (validate, check, apply), calling `at` after each entry; throws on an entry the engine refuses. */
function fold(compiled: CompiledScenario, log: StoredEntry[], at: (seq: number, state: EngineState) => void): EngineState {
  const state = createState(compiled);
  for (const e of log) {
    const parsed = LogPayload.parse(e.payload);
    const refused = checkEntry(compiled, state, parsed);
    if (refused) throw new Error(`entrée ${e.seq} refusée après effacement : ${refusalText(refused, "fr")}`);
    applyEntry(compiled, state, parsed);
    at(e.seq, state);
  }
  return state;
}

/** The plan that erases `students` (roster rows) and the `players` they were, across every session they played. */
export async function erasurePlan(storage: Storage, students: RosterStudentRow[], players: PlayerRow[]): Promise<{ plan: ErasurePlan; report: ErasureReport }> {
  const plan: ErasurePlan = { entries: [], checkpoints: [], snapshots: [], players: [], annotations: [], assessments: [], sessions: [], cells: [], roster: students.map((s) => s.id) };
  const report: ErasureReport = { cells: 0, sessions: 0, entries: 0, rosterRows: students.length, changed: [] };
  const erased = new Set(players.map((p) => p.id));
  const names = [...new Set([...players.map((p) => p.name), ...students.map((s) => `${s.firstName} ${s.lastName}`), ...students.map((s) => s.lastName)])];
  const scrub = nameScrubber(names.map((name) => ({ name, alias: ERASED_WORD })));
  const cellIds = new Set(players.map((p) => p.cellId));
  const sessionIds = new Set<string>();
  for (const cellId of cellIds) { const c = await storage.getCell(cellId); if (c) sessionIds.add(c.sessionId); }

  for (const sessionId of sessionIds) {
    const session = (await storage.getSession(sessionId))!;
    report.sessions++;
    const compiled = compileText(session.scenarioText, session.scenarioFile);
    const link = rulesFor(compiled).evidenceLink;
    if (scrub(session.name) !== session.name) plan.sessions.push({ id: session.id, name: scrub(session.name) });
    for (const a of await storage.listAnnotations({ sessionId })) if (scrub(a.text) !== a.text) plan.annotations.push({ id: a.id, text: scrub(a.text) });
    for (const a of await storage.listAssessments({ sessionId })) if (scrub(a.justification) !== a.justification) plan.assessments.push({ id: a.id, justification: scrub(a.justification) });
    for (const cell of await storage.listCells(sessionId)) {
      if (scrub(cell.name) !== cell.name) plan.cells.push({ id: cell.id, name: scrub(cell.name) });
      for (const p of await storage.listPlayers(cell.id)) if (erased.has(p.id)) plan.players.push({ id: p.id, name: ERASED_NAME });
      const log = await storage.readLog(cell.id);
      const tomb = new Tombstones(link);
      const rewritten = log.map((e) => {
        const payload = rewrite(compiled, e, erased, scrub, tomb);
        if (payload === undefined) return e;
        plan.entries.push({ cellId: cell.id, seq: e.seq, payload });
        return { ...e, payload };
      });
      const touched = rewritten.some((e, i) => e !== log[i]);
      if (!touched) continue;
      report.cells++;
      report.entries += rewritten.filter((e, i) => e !== log[i]).length;
      // The new checkpoints and snapshot: the rewritten log folded from the start.
      const marks = new Map((await storage.listCheckpoints(cell.id)).map((c) => [c.seq, c]));
      const snap = await storage.latestSnapshot(cell.id);
      let before: EngineState | undefined;
      try { before = fold(compiled, log, () => undefined); } catch { before = undefined; } // a log damaged already: nothing to compare with
      const after = fold(compiled, rewritten, (seq, state) => {
        const c = marks.get(seq);
        if (c) plan.checkpoints.push({ ...c, hash: stateHash(state) });
        if (snap && snap.seq === seq) {
          const meta = (JSON.parse(snap.json) as { meta?: unknown }).meta;
          plan.snapshots.push({ ...snap, json: JSON.stringify({ state, meta }) });
        }
      });
      if (!before || levelsOf(compiled, before) !== levelsOf(compiled, after)) report.changed.push(`${scrub(session.name)} — ${scrub(cell.name)}`);
    }
  }
  return { plan, report };
}
