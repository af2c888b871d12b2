import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyEntry, createState, type LogPayload } from "../../shared/engine/index.js";
import { simulate } from "../../shared/sim/simulate.js";
import { botPlayer, type Policy } from "../../shared/sim/bots.js";
import { CellRuntime } from "../../server/game/cell-runtime.js";
import { compileText } from "../../server/scenarios.js";
import type { CellRow, SessionRow, Storage } from "../../server/storage/types.js";

/**
 * A recorded session for assessment, report and replay tests: a bundled
 * scenario played headless by bots (shared/sim), committed entry by entry
 * through the real CellRuntime into a storage (so snapshots and checkpoints
 * are written as in production), with accented player names, one harmful
 * action (the spokesperson publicly attributes the attack to a State as soon
 * as the claim is in the press: a miss with a cause for the debrief and the
 * report) and a debrief (RETEX with an action plan, self-assessment) after
 * the end. The session belongs to `owner` (an account id; by default one
 * that does not exist, so staff see it only once it is shared with them).
 */

export const SCENARIOS = join(import.meta.dirname, "../../scenarios");
export const NAMES = ["Éloïse Brûlé", "François Ødegård", "Zoë Leclère", "Łukasz Nowak", "Anaïs Çelik", "Noé Müller", "Inès Dupré", "Jérôme Œuvray"];

export interface Recorded { session: SessionRow; cells: CellRow[]; players: Record<string, string>; entries: number }

/**
 * The bots' log with one harmful action, right after the clock entry that delivered the inject
 * (before the bots' own replies, so the expectation that forbids it is missed). Nothing later in
 * the bots' log refers to an action or a delivery id (the scenario has no approvals, bots send no
 * replies), so the entries after it stay valid; what they no longer answer is simply missed.
 */
function withHarm(compiled: ReturnType<typeof compileText>, log: readonly LogPayload[], inject: string, harm: LogPayload): LogPayload[] {
  const state = createState(compiled);
  const out: LogPayload[] = [];
  let done = false;
  for (const p of log) {
    applyEntry(compiled, state, p);
    out.push(p);
    if (!done && p.type === "clock" && state.delivered[inject] !== undefined) { out.push(harm); applyEntry(compiled, state, harm); done = true; }
  }
  if (!done) throw new Error(`inject ${inject} never delivered: no place for the harmful action`);
  return out;
}

export async function recordSession(storage: Storage, opts: { file?: string; cells?: number; seed?: number; policy?: Policy; snapshotEvery?: number; id?: string; harm?: boolean; owner?: string } = {}): Promise<Recorded> {
  const file = opts.file ?? "ransomware-logirhone.yaml";
  const text = readFileSync(join(SCENARIOS, file), "utf8");
  const compiled = compileText(text, file);
  const seed = opts.seed ?? 7;
  const id = opts.id ?? "s_rec";
  const session: SessionRow = {
    id, name: "Promo 2026 — exercice LogiRhône", code: `R${id.slice(-5).toUpperCase().padStart(5, "0")}`, createdBy: opts.owner ?? "u_x", createdAt: Date.UTC(2026, 10, 20, 9),
    scenarioId: compiled.scenario.id, scenarioFile: file, scenarioText: text, seed, status: "open",
  };
  const cells: CellRow[] = Array.from({ length: opts.cells ?? 1 }, (_, i) => ({
    id: `${id}_c${i + 1}`, sessionId: id, index: i + 1, name: `Cellule ${i + 1}`, code: `C${id.slice(-4).toUpperCase().padStart(4, "0")}${i}`, status: "lobby",
  }));
  await storage.createSession(session, cells);
  const sim = simulate(compiled, { seed, policy: opts.policy ?? "expected" });
  const attribution: LogPayload = { type: "action", player: botPlayer("communication"), role: "communication", action: "attribute_publicly",
    params: { medium: "press", text: "Les premiers éléments désignent des services tarvèses." } };
  const played = file === "ransomware-logirhone.yaml" && (opts.harm ?? true) ? withHarm(compiled, sim.log, "press-attribution", attribution) : sim.log;
  const roles = [...compiled.roles.keys()];
  const players: Record<string, string> = {};
  let entries = 0;
  for (const cell of cells) {
    let wall = session.createdAt;
    const runtime = await CellRuntime.open(storage, cell, session, { snapshotEvery: opts.snapshotEvery ?? 50, clockMs: 1e9, now: () => (wall += 700) });
    const nameOf = new Map(roles.map((r, i) => [botPlayer(r), NAMES[i % NAMES.length]]));
    for (const [bot, name] of nameOf) {
      const pid = `${cell.id}-${bot}`;
      players[pid] = name;
      await storage.createPlayer({ id: pid, cellId: cell.id, name, tokenHash: `t-${pid}`, createdAt: session.createdAt + roles.indexOf(bot.slice(4)) });
    }
    const rename = (p: LogPayload): LogPayload => {
      const q = structuredClone(p) as LogPayload & { player?: string; name?: string };
      if (q.player) q.player = `${cell.id}-${q.player}`;
      if (q.type === "join") q.name = nameOf.get(p.type === "join" ? p.player : "") ?? q.name;
      return q;
    };
    const debrief: LogPayload[] = [
      { type: "action", player: botPlayer("director"), role: "director", action: "retex", params: {
        faits: "Chiffrement détecté à T+00:00, cellule activée à T+00:12.",
        analyse: "Isolement rapide ; communication externe tardive.",
        forts: "Coordination claire autour de Zoë Leclère ; décisions tracées.",
        ameliorations: "Déclaration d'attente trop tardive ; « main courante » irrégulière.",
        plan: "1. Rédiger une fiche réflexe rançongiciel — RSSI — J+30\n2. Exercer la cellule chaque trimestre — DG\n3. Préparer des modèles de communiqué",
      } },
      { type: "action", player: botPlayer("communication"), role: "communication", action: "self_assessment", params: { c41: 2, c42: 3, c43: 2, c44: 1 } },
    ];
    for (const p of [...played.slice(1), ...(sim.state.status === "ended" ? debrief : [])]) {
      const q = rename(p);
      const by = "player" in q && q.type !== "join" ? { kind: "player" as const, id: q.player } : q.type === "join" ? { kind: "player" as const, id: q.player } : { kind: "instructor" as const, id: "u_x" };
      const out = await runtime.submit(q, by);
      if (!out.ok) throw new Error(`entry refused: ${out.code} ${JSON.stringify(out.params ?? {})} ${JSON.stringify(q)}`);
    }
    if (runtime.state.status !== "ended") await runtime.submit({ type: "end", reason: "fin de l'exercice" }, { kind: "instructor", id: "u_x" });
    entries += runtime.state.seq;
    await runtime.close();
  }
  return { session, cells, players, entries };
}
