import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { loadConfig } from "../config.js";
import { formatVerdict, verifySession } from "../replay-verify.js";
import { openStorage } from "../storage/open.js";
import { SqliteStorage } from "../storage/sqlite.js";
import type { Storage } from "../storage/types.js";

/**
 * `npm run replay -- verify SESSION [--db FILE]`: re-derive every state of a
 * session from its log and compare with the checkpoints the server recorded.
 * One line per cell; exit 0 when everything matches, 1 on any difference
 * (entries lost at the end of a log included), 2 on a usage error (unknown
 * command, session or database file), 3 when something could not be read
 * (a damaged or non-database file, an unreachable PostgreSQL, a row or a
 * snapshot that does not parse, a failed `PRAGMA quick_check`) — 3 wins over
 * 1: the verification is incomplete.
 */

const USAGE = "usage : npm run replay -- verify SESSION [--db FICHIER]   (par défaut la base du serveur : DATABASE_URL si défini, sinon DATABASE_FILE ou DATA_DIR/sangfroid.db)";

async function main(argv: string[]): Promise<number> {
  const args = [...argv];
  const config = loadConfig();
  let db = config.databaseFile;
  const at = args.indexOf("--db");
  const file = at >= 0;
  if (file) {
    if (!args[at + 1]) { console.error(`--db attend un fichier\n${USAGE}`); return 2; }
    db = resolve(args[at + 1]);
    args.splice(at, 2);
  }
  const [command, sessionId, ...rest] = args;
  if (command === "--help" || command === "-h") { console.log(USAGE); return 0; }
  if (command !== "verify" || !sessionId || rest.length) { console.error(USAGE); return 2; }
  let storage: Storage;
  if (!file && config.databaseUrl) {
    try { storage = await openStorage({ ...config, redisUrl: undefined, quiet: true }); } catch (err) { console.error(`base PostgreSQL illisible : ${(err as Error).message}`); return UNREADABLE; }
    db = "DATABASE_URL";
  } else {
    if (!existsSync(db)) { console.error(`base introuvable : ${db}`); return 2; }
    try { storage = new SqliteStorage(db, { writerThread: false }); } catch (err) { console.error(`base illisible : ${db} : ${(err as Error).message}`); return UNREADABLE; }
  }
  try {
    const integrity = await storage.checkIntegrity();
    let out;
    try { out = await verifySession(storage, sessionId); } catch (err) {
      console.error(`base illisible : ${db} : ${(err as Error).message}${integrity.ok ? "" : ` ; vérification d'intégrité : ${integrity.problems.slice(0, 5).join(" ; ")}`}`);
      return UNREADABLE;
    }
    if (!out) { console.error(`session inconnue : « ${sessionId} » (base ${db})`); return integrity.ok ? 2 : UNREADABLE; }
    console.log(`Session ${out.session.id} — ${out.session.name} — ${out.cells.length} cellule(s)`);
    for (const v of out.cells) console.log(formatVerdict(v));
    if (!integrity.ok) console.log(`base endommagée (PRAGMA quick_check) : ${integrity.problems.slice(0, 5).join(" ; ")}`);
    const unreadable = out.cells.filter((v) => v.unreadable).length;
    const bad = out.cells.filter((v) => !v.ok && !v.unreadable).length;
    console.log([unreadable ? `${unreadable} cellule(s) illisible(s)` : "", bad ? `${bad} cellule(s) en écart` : ""].filter(Boolean).join(", ") || (integrity.ok ? "tout concorde" : "journaux concordants, base endommagée"));
    return unreadable || !integrity.ok ? UNREADABLE : bad ? 1 : 0;
  } finally {
    await storage.close().catch(() => undefined);
  }
}

const UNREADABLE = 3;

process.exitCode = await main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`vérification interrompue : ${(err as Error).message}`);
  return UNREADABLE;
});
