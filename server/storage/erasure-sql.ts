import type { ErasurePlan } from "./types.js";

/**
 * The statements of a student's erasure (ErasurePlan) and of a class
 * deletion, written once for SQLite and PostgreSQL: `?` placeholders, which
 * `numbered` turns into PostgreSQL's `$1…`. The caller runs them in one
 * transaction (SQLite: in its writer thread, followed by a TRUNCATE
 * checkpoint, so that no earlier copy of the rewritten rows stays in the WAL).
 */

export type Statement = [sql: string, params: unknown[]];

export function erasureStatements(plan: ErasurePlan): Statement[] {
  const out: Statement[] = [];
  for (const e of plan.entries) out.push(["UPDATE log_entries SET payload = ? WHERE cell_id = ? AND seq = ?", [JSON.stringify(e.payload), e.cellId, e.seq]]);
  for (const c of plan.checkpoints) out.push(["UPDATE checkpoints SET hash = ? WHERE cell_id = ? AND seq = ?", [c.hash, c.cellId, c.seq]]);
  for (const s of plan.snapshots) out.push(["UPDATE snapshots SET json = ? WHERE cell_id = ? AND seq = ?", [s.json, s.cellId, s.seq]]);
  for (const p of plan.players) out.push(["UPDATE players SET name = ?, student_id = NULL, pseudo_id = NULL WHERE id = ?", [p.name, p.id]]);
  for (const a of plan.annotations) out.push(["UPDATE annotations SET text = ? WHERE id = ?", [a.text, a.id]]);
  for (const a of plan.assessments) out.push(["UPDATE assessments SET justification = ? WHERE id = ?", [a.justification, a.id]]);
  for (const s of plan.sessions) out.push(["UPDATE sessions SET name = ? WHERE id = ?", [s.name, s.id]]);
  for (const c of plan.cells) out.push(["UPDATE cells SET name = ? WHERE id = ?", [c.name, c.id]]);
  for (const id of plan.roster) out.push(["DELETE FROM roster_students WHERE id = ?", [id]]);
  return out;
}

/** A class, its roster and its shares go; its sessions stay, detached; their players are no longer tied to the deleted roster. */
export function deleteClassStatements(id: string): Statement[] {
  return [
    ["UPDATE players SET student_id = NULL WHERE student_id IN (SELECT id FROM roster_students WHERE class_id = ?)", [id]],
    ["UPDATE sessions SET class_id = NULL WHERE class_id = ?", [id]],
    ["DELETE FROM classes WHERE id = ?", [id]],
  ];
}

/** `?` → `$1`, `$2`… (no literal question mark appears in these statements). */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
