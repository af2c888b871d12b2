import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ColyseusTestServer } from "@colyseus/testing";
import { createApp, type App } from "../../server/app.js";
import type { ServerConfig } from "../../server/config.js";
import { SqliteStorage } from "../../server/storage/sqlite.js";
import { prepareSetup } from "../../server/http/staff.js";
import { Http, testConfig } from "./helpers.js";
import { recordSession, type Recorded } from "./recorded.js";

/**
 * A real server on a real SQLite file in a temp dir, on its own port (so
 * these files never fight over 2568), with a recorded ransomware session,
 * an instructor and two evaluators logged in, the session shared with them.
 */
export interface EvalServer {
  app: App; colyseus: ColyseusTestServer; storage: SqliteStorage; dir: string; base: string; config: ServerConfig;
  recorded: Recorded; anim: Http; ev1: Http; ev2: Http;
  close(): Promise<void>;
}

export async function startEvalServer(port: number, over: Partial<ServerConfig> = {}): Promise<EvalServer> {
  const dir = mkdtempSync(join(tmpdir(), "sangfroid-eval-"));
  const storage = new SqliteStorage(join(dir, "sangfroid.db"));
  const recorded = await recordSession(storage, {});
  const config = { ...testConfig({ port, ...over }), databaseFile: join(dir, "sangfroid.db"), dataDir: dir };
  const app = await createApp(config, storage);
  // boot() always listens on 2568 when given a Server: listen on this file's own port instead.
  await app.server.listen(port);
  const colyseus = new ColyseusTestServer(app.server);
  const base = `http://127.0.0.1:${port}`;
  const token = await prepareSetup(app.ctx);
  const setup = await new Http(base).post("/api/setup", { token, username: "anim", password: "motdepasse-solide" });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
  const login = async (username: string, password: string) => {
    const h = new Http(base);
    const r = await h.post("/api/login", { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
    return h;
  };
  const a = await login("anim", "motdepasse-solide");
  for (const u of ["jury1", "jury2"]) {
    const r = await a.post("/api/users", { username: u, password: "motdepasse-jury", role: "evaluator" });
    if (r.status !== 201) throw new Error(`user ${u}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  // The recorded session was stored without a live owner: it is shared with the instructor (run) and the two evaluators (assess), so they see it.
  for (const [u, access] of [["anim", "run"], ["jury1", "assess"], ["jury2", "assess"]] as const) {
    await storage.setShare("session", recorded.session.id, (await storage.getUserByName(u))!.id, access);
  }
  return {
    app, colyseus, storage, dir, base, config, recorded, anim: a, ev1: await login("jury1", "motdepasse-jury"), ev2: await login("jury2", "motdepasse-jury"),
    async close() { await colyseus.shutdown(); app.dispose(); await storage.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}
