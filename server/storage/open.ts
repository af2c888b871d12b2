import { z } from "zod";
import type { ServerConfig } from "../config.js";
import { PostgresStorage, redact } from "./postgres.js";
import { SqliteStorage } from "./sqlite.js";
import type { Storage } from "./types.js";

/**
 * The storage a process uses: PostgreSQL when DATABASE_URL is set, else the
 * SQLite file. Several processes (REDIS_URL) need one database they all
 * reach: SQLite is refused then — unless ALLOW_SQLITE_CLUSTER=1, for
 * processes on ONE host sharing a local disk (SQLite's file locks and WAL
 * serialize the writers, and the log's seq check refuses a second writer;
 * never on NFS or across hosts).
 */

const DeployEnv = z.object({
  databaseUrl: z.string().regex(/^postgres(ql)?:\/\/\S+$/, "DATABASE_URL doit être une URL postgres://utilisateur:motdepasse@hôte:port/base").optional(),
  redisUrl: z.string().regex(/^rediss?:\/\/\S+$/, "REDIS_URL doit être une URL redis://hôte:port").optional(),
  publicAddress: z.string().regex(/^[^\s/:]+(:\d{1,5})?(\/\S*)?$/, "PUBLIC_ADDRESS doit être hôte:port (sans schéma), éventuellement suivi d'un chemin"),
});

export function checkDeployment(config: ServerConfig): string[] {
  const r = DeployEnv.safeParse(config);
  const problems = r.success ? [] : r.error.issues.map((i) => i.message);
  if (config.redisUrl && !config.databaseUrl && !config.allowSqliteCluster) {
    problems.push("REDIS_URL (plusieurs processus) exige une base partagée : définissez DATABASE_URL=postgres://… "
      + "(SQLite est un fichier sur un seul hôte ; ALLOW_SQLITE_CLUSTER=1 l'autorise pour des processus sur le MÊME hôte, disque local, jamais NFS)");
  }
  return problems;
}

export async function openStorage(config: ServerConfig): Promise<Storage> {
  const problems = checkDeployment(config);
  if (problems.length > 0) throw new Error(`configuration refusée :\n  - ${problems.join("\n  - ")}`);
  if (config.databaseUrl) {
    const s = await PostgresStorage.open(config.databaseUrl, { poolSize: config.databasePool });
    if (!config.quiet) console.log(`Stockage : PostgreSQL ${redact(config.databaseUrl)}`);
    return s;
  }
  return new SqliteStorage(config.databaseFile, { synchronous: config.sqliteSynchronous });
}
