import "./node-compat.js";
import { matchMaker, Server } from "@colyseus/core";
import { WebSocketTransport } from "@colyseus/ws-transport";
import express from "express";
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { newId, randomToken } from "./auth.js";
import { Cluster } from "./cluster.js";
import { lockMatchmaking } from "./colyseus-private.js";
import type { ServerConfig } from "./config.js";
import { openCell, registerContext, unregisterContext, type AppContext } from "./context.js";
import { timings } from "./game/cell-runtime.js";
import { refusalBody } from "./http-error.js";
import { BODY_LIMITS, limitBodies, ROSTER_UPLOAD } from "./http/body-limits.js";
import { replayRoutes } from "./http/replay.js";
import { assessmentRoutes } from "./http/assessment.js";
import { compareRoutes } from "./http/compare.js";
import { reportRoutes } from "./http/reports.js";
import { sessionRoutes } from "./http/sessions.js";
import { studioRoutes } from "./http/scenarios-studio.js";
import { accountRoutes } from "./http/accounts.js";
import { classRoutes } from "./http/classes.js";
import { joinRoutes } from "./http/join.js";
import { shareRoutes } from "./http/shares.js";
import { studentRoutes } from "./http/students.js";
import { LoginThrottle } from "./http/login-throttle.js";
import { securityHeaders } from "./http/security-headers.js";
import { PdfPool } from "./report/pdf-pool.js";
import { staffRoutes } from "./http/staff.js";
import { serveClient } from "./http/static.js";
import { checkOrigin, errorHandler, originAllowed } from "./http/util.js";
import { log } from "./log.js";
import { CellRoom, hostedCells } from "./rooms/cell-room.js";
import { adoptLegacyUploads, ScenarioCatalog } from "./scenarios.js";
import { monitorStorage, probeWrites, storageHealth } from "./storage/monitor.js";
import type { Storage } from "./storage/types.js";

/**
 * Assemble one server process: the WebSocket transport (64 KB frames,
 * origins checked at the upgrade), the HTTP API and the static client on
 * the same port, the `cell` room type, and matchmaking locked down so that
 * clients can only join rooms the server created. main.ts runs it; tests
 * boot it with @colyseus/testing.
 */

export interface App {
  server: Server;
  ctx: AppContext;
  /** Reopen every cell that was running or waiting when the process stopped (snapshot + log tail). */
  recover(): Promise<number>;
  /** Stop the cluster timers and release this process's cell leases (with Redis; a no-op alone). */
  stopCluster(): Promise<void>;
  dispose(): void;
}

const VERSION = "0.1.0";
const startedAt = Date.now();

export async function createApp(config: ServerConfig, rawStorage: Storage): Promise<App> {
  const storage = monitorStorage(rawStorage); // every storage failure named and counted in /healthz
  const cluster = config.redisUrl ? new Cluster(config.redisUrl, config.cellLeaseMs) : undefined;
  // Every process must sign staff tokens (and derive pseudonymous ids) with the same keys: created once, under a cluster lock when there are several.
  const secret = (key: string) => async () => {
    let v = await storage.getSetting(key);
    if (!v) { v = randomToken(32); await storage.setSetting(key, v); }
    return v;
  };
  const shared = (key: string) => (cluster ? cluster.withLock(key, secret(key)) : secret(key)());
  const staffSecret = await shared("staff_secret");
  const pseudoSecret = await shared("pseudo_secret");
  const adopted = await adoptLegacyUploads(storage);
  if (adopted > 0) log.info("uploaded scenarios moved into the library", { count: adopted });
  const ctx: AppContext = {
    id: newId("app"), config, storage, catalog: new ScenarioCatalog(config.scenariosDir, storage), staffSecret, pseudoSecret,
    cells: new Map(), rooms: new Map(),
  };
  // Several processes: Redis presence + driver, this process's public address, placement on live processes only.
  if (cluster) ctx.cluster = cluster;
  registerContext(ctx);
  lockDownMatchmaking(config, ctx.id);

  const httpServer = createServer();
  limitBodies(httpServer);
  const throttle = new LoginThrottle(config.redisUrl);
  const pdfs = new PdfPool({ workers: config.pdfWorkers, maxQueue: config.pdfQueue, nice: config.pdfNice, sched: config.pdfSched, cacheBytes: config.pdfCacheBytes, duty: config.pdfDuty });
  const transport = new WebSocketTransport({
    server: httpServer,
    maxPayload: 64 * 1024,
    verifyClient: (info: { origin?: string; req: { headers: { host?: string } } }, done: (ok: boolean, code?: number, message?: string) => void) => {
      const ok = originAllowed(info.origin, info.req.headers.host, config.allowedOrigins);
      if (!ok) log.warn("websocket origin refused", { origin: info.origin });
      done(ok, 403, "Origine non autorisee");
    },
  });

  const server = new Server({
    transport,
    greet: false,
    ...(cluster ? { presence: cluster.presence, driver: cluster.driver, publicAddress: config.publicAddress, selectProcessIdToCreateRoom: cluster.select } : {}),
    express: (app) => {
      app.disable("x-powered-by");
      app.use(securityHeaders(config.cspConnectSrc));
      // X-Forwarded-For / -Proto are believed only from the proxies the operator names (TRUST_PROXY; default: nobody).
      app.set("trust proxy", config.trustProxy);
      // Same limits as limitBodies (which refuses a declared Content-Length over them before reading): these count chunked bodies.
      app.use("/api/scenarios", express.json({ limit: BODY_LIMITS.upload }));
      app.use(ROSTER_UPLOAD, express.json({ limit: BODY_LIMITS.upload }));
      app.use(express.json({ limit: BODY_LIMITS.api }));
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      // 503 when storage is failed (writes or reads fail, disk full, integrity check failed); `storage.state` says ok | degraded | failed and why.
      app.get("/healthz", async (_req, res) => {
        await probeWrites(storage);
        const health = storageHealth(storage).report();
        const ms = (ns: number) => Math.round(ns / 1e5) / 10;
        res.status(health.state === "failed" ? 503 : 200).json({
          ok: health.state !== "failed", version: VERSION, uptime: Math.round((Date.now() - startedAt) / 1000), rooms: ctx.cells.size,
          storage: { kind: storage.kind, ...health },
          ...(cluster ? { cluster: { processId: cluster.me, publicAddress: config.publicAddress } } : {}),
          // Event-loop delay since the last call (ms): what every message waits for, whatever its room.
          eventLoop: { p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max) },
          // Log entries committed since the last call: durable append wait, then apply + publish (ms).
          commits: { append: timings.append.take(), publish: timings.publish.take() },
        });
        loop.reset();
      });
      app.use("/api", checkOrigin(ctx), studioRoutes(ctx));
      app.use("/api", checkOrigin(ctx), staffRoutes(ctx, throttle), accountRoutes(ctx, throttle), sessionRoutes(ctx), joinRoutes(ctx), shareRoutes(ctx), classRoutes(ctx, pdfs),
        studentRoutes(ctx, pdfs), replayRoutes(ctx), assessmentRoutes(ctx), compareRoutes(ctx), reportRoutes(ctx, pdfs));
      app.use("/api", (_req, res) => { res.status(404).json(refusalBody("not_found")); });
      serveClient(app, config.clientDir);
      app.use(errorHandler);
    },
  });
  server.define("cell", CellRoom);

  return {
    server, ctx,
    async recover() {
      // Heartbeat and lease renewal first: cells opened below must not see their leases expire while the rest recover.
      cluster?.start({
        localCells: hostedCells,
        liveCells: async () => (await storage.listLiveCells()).map((c) => c.id),
        open: (cellId) => openCell(ctx, cellId),
        lost: (cellId) => { void ctx.rooms.get(cellId)?.evict().catch((err) => log.error("cell not evicted", { cell: cellId, err })); },
      });
      const cells = await storage.listLiveCells();
      let n = 0;
      for (const c of cells) {
        try { await openCell(ctx, c.id); n++; } catch (err) { log.error("cell not recovered", { cell: c.id, err }); }
      }
      return n;
    },
    async stopCluster() { await cluster?.stop(); },
    dispose() { unregisterContext(ctx.id); throttle.close(); void pdfs.close(); },
  };
}

/**
 * Colyseus' defaults would let any client create rooms over HTTP and would
 * answer every origin with credentials allowed; here clients may only join
 * by id (or reconnect), and CORS answers only the origins configured.
 */
function lockDownMatchmaking(config: ServerConfig, appId: string): void {
  lockMatchmaking({
    methods: ["joinById", "reconnect"],
    // The room's static onAuth decides at seat reservation; it needs to know which cell (and which app) the seat is for.
    authContext: (roomId) => ({ roomId, app: appId }),
    defaultCors: {
      "Access-Control-Allow-Headers": "Origin, X-Requested-With, Content-Type, Accept, Authorization",
      "Access-Control-Allow-Methods": "GET,HEAD,POST,DELETE",
      "Access-Control-Max-Age": "600",
    },
    cors: (headers): Record<string, string> => {
      const origin = headers.get("origin");
      return origin && config.allowedOrigins.includes(origin.replace(/\/$/, "")) ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
    },
  });
}
