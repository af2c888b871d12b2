import { applyEntry, checkEntry, createState, LogPayload, type CompiledScenario, type EngineState } from "../shared/engine/index.js";
import { canonicalJson, stateHash } from "./game/checkpoint.js";
import { compileText } from "./scenarios.js";
import type { CellRow, SessionRow, Storage, StoredEntry } from "./storage/types.js";
import { refusalText } from "../shared/i18n/refusals.js";
import { cellName } from "../shared/i18n/cell-name.js";

/**
 * `replay verify`: re-derive every state of a session's cells from the log
 * alone and compare it with what the server recorded while it ran — every
 * checkpoint hash (one per snapshot) and the latest full snapshot. Each
 * entry is also re-validated (zod, then `checkEntry`): the server never
 * writes a refused entry, so a refusal means the log was altered. The log's
 * end is compared with the acked record kept outside the database (SQLite,
 * sqlite-acked.ts): a log shorter than what was acknowledged lost entries.
 * What cannot be read (a damaged file, a row or snapshot that does not
 * parse, a scenario that no longer compiles) is `unreadable`, not a difference.
 */

export interface CellVerdict {
  cell: CellRow; entries: number; checkpoints: number;
  ok: boolean;
  /** The first seq where the log and the records disagree (an entry refused, or a checkpoint whose hash differs). */
  firstDiff?: number;
  /** When a checkpoint differs: the divergence happened after this seq (the last checkpoint that matched, or 0). */
  since?: number;
  reason?: string;
  /** The cell could not be verified: its data could not be read (the reason says what). */
  unreadable?: boolean;
}

type Loaded = { compiled: CompiledScenario; log: StoredEntry[]; marks: Map<number, { hash?: string; state?: EngineState }> };

async function load(storage: Storage, session: SessionRow, cell: CellRow): Promise<Loaded | { unreadable: string }> {
  let compiled: CompiledScenario;
  try { compiled = compileText(session.scenarioText, session.scenarioFile); } catch (err) {
    return { unreadable: `le scénario enregistré ne se compile pas : ${(err as Error).message}` };
  }
  try {
    const log = await storage.readLog(cell.id);
    const marks = new Map<number, { hash?: string; state?: EngineState }>();
    for (const c of await storage.listCheckpoints(cell.id)) marks.set(c.seq, { hash: c.hash });
    const snap = await storage.latestSnapshot(cell.id);
    if (snap) {
      let state: EngineState;
      try { state = (JSON.parse(snap.json) as { state: EngineState }).state; } catch (err) {
        return { unreadable: `instantané ${snap.seq} illisible : ${(err as Error).message}` };
      }
      marks.set(snap.seq, { ...marks.get(snap.seq), state });
    }
    return { compiled, log, marks };
  } catch (err) {
    return { unreadable: `lecture impossible : ${(err as Error).message}` };
  }
}

/** `acked`: the highest acknowledged seq of this cell in the record outside the database, when there is one. */
export async function verifyCell(storage: Storage, session: SessionRow, cell: CellRow, acked?: number): Promise<CellVerdict> {
  const loaded = await load(storage, session, cell);
  if ("unreadable" in loaded) return { cell, entries: 0, checkpoints: 0, ok: false, unreadable: true, reason: loaded.unreadable };
  const { compiled, log, marks } = loaded;
  const verdict: CellVerdict = { cell, entries: log.length, checkpoints: 0, ok: true };
  const fail = (seq: number, reason: string, since?: number) => Object.assign(verdict, { ok: false, firstDiff: seq, reason, ...(since !== undefined ? { since } : {}) });
  const state = createState(compiled);
  let lastGood = 0;
  for (const e of log) {
    if (e.seq !== state.seq + 1) return fail(e.seq, `trou dans le journal : entrée ${state.seq + 1} attendue`);
    const parsed = LogPayload.safeParse(e.payload);
    if (!parsed.success) return fail(e.seq, `entrée invalide : ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join(" ; ")}`);
    const refused = checkEntry(compiled, state, parsed.data);
    if (refused) return fail(e.seq, `entrée que le moteur refuse : ${refusalText(refused, "fr")}`);
    try { applyEntry(compiled, state, parsed.data); } catch (err) { return fail(e.seq, `erreur du moteur : ${(err as Error).message}`); }
    const mark = marks.get(e.seq);
    if (!mark) continue;
    verdict.checkpoints++;
    const differs = (mark.hash !== undefined && mark.hash !== stateHash(state)) || (mark.state !== undefined && canonicalJson(mark.state) !== canonicalJson(state));
    if (differs) return fail(e.seq, `l'état rejoué diffère du point de contrôle enregistré (divergence entre les entrées ${lastGood + 1} et ${e.seq})`, lastGood);
    lastGood = e.seq;
  }
  const beyond = [...marks.keys()].filter((s) => s > state.seq);
  if (beyond.length) return fail(state.seq + 1, `le journal s'arrête à l'entrée ${state.seq} mais un point de contrôle est à ${Math.max(...beyond)} : entrées perdues`);
  if (acked !== undefined && acked > state.seq) {
    return fail(state.seq + 1, `entrées ${state.seq + 1} à ${acked} acquittées aux joueurs mais absentes du journal (WAL endommagé ou copie plus ancienne de la base) : elles sont perdues`);
  }
  return verdict;
}

export async function verifySession(storage: Storage, sessionId: string): Promise<{ session: SessionRow; cells: CellVerdict[] } | undefined> {
  const session = await storage.getSession(sessionId);
  if (!session) return undefined;
  const acked = await storage.ackedSeqs();
  const cells: CellVerdict[] = [];
  for (const c of await storage.listCells(session.id)) cells.push(await verifyCell(storage, session, c, acked?.get(c.id)));
  return { session, cells };
}

export function formatVerdict(v: CellVerdict): string {
  const head = `${cellName(v.cell, "fr")} (${v.cell.id}) : ${v.entries} entrées, ${v.checkpoints} point(s) de contrôle vérifié(s)`;
  if (v.unreadable) return `${cellName(v.cell, "fr")} (${v.cell.id}) — ILLISIBLE : ${v.reason}`;
  return v.ok ? `${head} — OK` : `${head} — DIFFÉRENCE à l'entrée ${v.firstDiff} : ${v.reason}`;
}
