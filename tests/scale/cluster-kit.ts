import { createServer, Socket, type Server } from "node:net";
import { Redis } from "ioredis";
import { spawnServer, freePort, type ChildServer } from "../server/child.js";
import { createTestDatabase, TEST_REDIS_URL } from "../services.js";

/**
 * What the multi-process tests and the scale bench share: a throwaway
 * PostgreSQL database, an emptied Redis database, server processes started
 * like `npm start` with DATABASE_URL + REDIS_URL + PUBLIC_ADDRESS, and a TCP
 * front that forwards each new connection to the first backend that accepts
 * it — a load balancer with failover, as a real deployment has in front of
 * the processes (clients keep one URL; WebSockets go to each room's
 * publicAddress).
 */

export interface ClusterEnv { databaseUrl: string; redisUrl: string; dispose(): Promise<void> }

export async function clusterEnv(redisDb: number): Promise<ClusterEnv> {
  const db = await createTestDatabase();
  const u = new URL(TEST_REDIS_URL);
  u.pathname = `/${redisDb}`;
  const redisUrl = u.toString();
  const r = new Redis(redisUrl);
  await r.flushdb();
  return {
    databaseUrl: db.url, redisUrl,
    async dispose() { await r.flushdb().catch(() => undefined); r.disconnect(); await db.drop(); },
  };
}

export async function spawnNode(env: ClusterEnv, extra: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  return spawnServer(port, { DATABASE_URL: env.databaseUrl, REDIS_URL: env.redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${port}`, ...extra }, 60_000);
}

/** A TCP front on a free port: each connection goes to the first of `ports()` that accepts it. */
export async function frontDoor(ports: () => number[]): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.pause();
    const candidates = [...ports()];
    const tryNext = () => {
      const port = candidates.shift();
      if (port === undefined) { client.destroy(); return; }
      const up = new Socket();
      up.once("error", () => { up.destroy(); tryNext(); });
      up.connect(port, "127.0.0.1", () => {
        up.removeAllListeners("error");
        sockets.add(up);
        up.on("close", () => { sockets.delete(up); client.destroy(); });
        up.on("error", () => client.destroy());
        client.on("error", () => up.destroy());
        client.on("close", () => up.destroy());
        client.pipe(up).pipe(client);
        client.resume();
      });
    };
    tryNext();
  });
  const port = await freePort();
  await new Promise<void>((ok) => server.listen(port, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${port}`, port,
    close: () => new Promise((ok) => { for (const s of sockets) s.destroy(); server.close(() => ok()); }),
  };
}
