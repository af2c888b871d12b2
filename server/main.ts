import { createApp } from "./app.js";
import { Cluster } from "./cluster.js";
import { loadConfig } from "./config.js";
import { prepareSetup } from "./http/staff.js";
import { log } from "./log.js";
import { scheduleRetention } from "./retention.js";
import { openStorage } from "./storage/open.js";

/**
 * `node --import tsx server/main.ts`: one process serving the client, the
 * API and the rooms on PORT (2567), data in DATA_DIR/sangfroid.db (or in
 * PostgreSQL with DATABASE_URL; with REDIS_URL, one of several processes —
 * see server/cluster.ts and docs/deploy.md). On start
 * it reopens every cell that was live (kill -9 included: snapshot + log
 * tail), prints a one-time setup link if no instructor exists yet, and
 * purges data older than the retention period.
 */

const config = loadConfig();
let storage;
try {
  if (config.redisUrl) await Cluster.ping(config.redisUrl);
  storage = await openStorage(config);
} catch (err) {
  console.error(`Sangfroid ne démarre pas : ${(err as Error).message}`);
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
const recovered = await app.recover();
if (recovered > 0) log.info("cells recovered", { cells: recovered });
scheduleRetention(app.ctx);

const setup = await prepareSetup(app.ctx);
if (setup) console.log(`Première configuration : ${config.publicUrl}/setup?token=${setup}`);
console.log(`Sangfroid prêt : ${config.publicUrl}`);
