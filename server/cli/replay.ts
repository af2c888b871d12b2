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
 * One line per cell; exit 0 when everything matches, 1 on any difference,
 * 2 on a usage error (unknown command, session or database).
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
    try { storage = await openStorage({ ...config, redisUrl: undefined, quiet: true }); } catch (err) { console.error(`base PostgreSQL inaccessible : ${(err as Error).message}`); return 2; }
    db = "DATABASE_URL";
  } else {
    if (!existsSync(db)) { console.error(`base introuvable : ${db}`); return 2; }
    storage = new SqliteStorage(db, { writerThread: false });
  }
  try {
    const out = await verifySession(storage, sessionId);
    if (!out) { console.error(`session inconnue : « ${sessionId} » (base ${db})`); return 2; }
    console.log(`Session ${out.session.id} — ${out.session.name} — ${out.cells.length} cellule(s)`);
    for (const v of out.cells) console.log(formatVerdict(v));
    const bad = out.cells.filter((v) => !v.ok).length;
    console.log(bad ? `${bad} cellule(s) en écart` : "tout concorde");
    return bad ? 1 : 0;
  } finally {
    await storage.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
