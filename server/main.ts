import { createApp } from "./app.js";
import { Cluster } from "./cluster.js";
import { loadConfig, type ServerConfig } from "./config.js";
import { prepareSetup } from "./http/staff.js";
import { checkStorageAtStart } from "./integrity.js";
import { log } from "./log.js";
import { scheduleRetention } from "./retention.js";
import { StorageError } from "./storage/errors.js";
import { openStorage } from "./storage/open.js";

/**
 * `node --import tsx server/main.ts`: one process serving the client, the
 * API and the rooms on PORT (2567), data in DATA_DIR/sangfroid.db (or in
 * PostgreSQL with DATABASE_URL; with REDIS_URL, one of several processes —
 * see server/cluster.ts and docs/deploy.md). On start
 * it reopens every cell that was live (kill -9 included: snapshot + log
 * tail), prints a one-time setup link if no instructor exists yet, and
 * purges data older than the retention period. Before that, it checks the
 * storage (integrity.ts): what is damaged is logged and shown by /healthz,
 * and the healthy cells are served. A malformed environment or a database
 * that cannot be opened at all stop it with a message naming the cause.
 */

let config: ServerConfig;
try {
  config = loadConfig();
} catch (err) {
  console.error(`Sangfroid ne démarre pas : ${(err as Error).message}`);
  process.exit(1);
}
let storage;
try {
  if (config.redisUrl) await Cluster.ping(config.redisUrl);
  storage = await openStorage(config);
} catch (err) {
  const where = config.databaseUrl ? "PostgreSQL" : config.databaseFile;
  console.error(`Sangfroid ne démarre pas : ${err instanceof StorageError ? `stockage (${where}) : ${err.message}` : (err as Error).message}`);
  process.exit(1);
}
const app = await createApp(config, storage);

process.on("unhandledRejection", (err) => log.error("unhandled rejection", { err }));

app.server.onShutdown(async () => {
  await Promise.all([...app.ctx.cells.values()].map((rt) => rt.close()));
  await app.stopCluster();
  await storage.close();
});

await app.server.listen(config.port);
await checkStorageAtStart(app.ctx.storage);
const recovered = await app.recover();
if (recovered > 0) log.info("cells recovered", { cells: recovered });
scheduleRetention(app.ctx);

const setup = await prepareSetup(app.ctx);
if (setup) console.log(`Première configuration : ${config.publicUrl}/setup?token=${setup}`);
console.log(`Sangfroid prêt : ${config.publicUrl}`);
