import { isIP } from "node:net";
import { join, resolve } from "node:path";

/**
 * Everything the server reads from the environment, in one place, with the
 * defaults that make `npm start` work on a laptop with nothing configured.
 */
export interface ServerConfig {
  port: number;
  /** Public URL printed on the console (setup link, "ready" line). */
  publicUrl: string;
  dataDir: string;
  databaseFile: string;
  /** Origins allowed besides the page's own (the Vite dev server, a reverse proxy…). */
  allowedOrigins: string[];
  retentionDays: number;
  /** A snapshot of the engine state every N log entries: recovery replays at most N entries. */
  snapshotEvery: number;
  /** Real milliseconds between two logged clock entries while a cell runs. */
  clockMs: number;
  /** Seconds a dropped player keeps their seat (Colyseus allowReconnection). */
  reconnectSeconds: number;
  scenariosDir: string;
  clientDir: string;
  sqliteSynchronous: "FULL" | "NORMAL";
  /** `postgres://…`: PostgreSQL storage (shared by several processes) instead of the SQLite file. */
  databaseUrl: string | undefined;
  /** Connections per process in the PostgreSQL pool. */
  databasePool: number;
  /** `redis://…`: several processes share rooms through Redis (presence + matchmaking driver). */
  redisUrl: string | undefined;
  /** host:port clients use to reach THIS process's WebSockets (required with Redis; default 127.0.0.1:PORT). */
  publicAddress: string;
  /** With Redis: how long a process holds a cell without renewing (a dead process's cells are reopened elsewhere after this). */
  cellLeaseMs: number;
  /** With Redis: SQLite is refused (one file, one host) unless this is set, for several processes on ONE host with a local disk. */
  allowSqliteCluster: boolean;
  /**
   * Messages per seat (player, or staff account), across connections and processes (server/rooms/limits.ts):
   * `ratePerSecond`, plus a reserve of `rateBurst` per `rateBurstWindowSeconds`; a connection refused
   * `rateKickAfter` times in a row (it ignored the retry-after) is closed with 4429.
   */
  rateBurst: number;
  ratePerSecond: number;
  rateBurstWindowSeconds: number;
  rateKickAfter: number;
  /** Connections per seat and cell per minute (each replaces the previous one); beyond, joins are refused with 4430 (retry later). */
  joinsPerSeatPerMinute: number;
  /** A player gone for good is logged as left after this long, unless back (reloads and quick reconnections write nothing). */
  presenceGraceMs: number;
  /** Two `leave` entries of one player are at least this far apart: join/leave churn writes at most one pair per interval. */
  presenceMinIntervalMs: number;
  /** Joins per minute and per IP address (a whole class behind one school NAT must fit). */
  joinsPerMinute: number;
  /**
   * Express `trust proxy` from TRUST_PROXY: the proxies whose X-Forwarded-For /
   * X-Forwarded-Proto are believed (addresses, CIDR ranges, `loopback`,
   * `linklocal`, `uniquelocal`, comma-separated; or a hop count). Default
   * false: nobody, so no client can choose the address it is counted under.
   */
  trustProxy: false | number | string[];
  /** Extra Content-Security-Policy connect-src sources (CSP_CONNECT_SRC): rooms whose PUBLIC_ADDRESS is not on the page's origin, e.g. `wss://p2.example.org`. */
  cspConnectSrc: string[];
  /** PDFs drawn at once, each in its own renderer process (PDF_WORKERS), and how many more may wait (PDF_QUEUE) before 503. */
  pdfWorkers: number;
  pdfQueue: number;
  /** The PDF renderers' CPU priority (PDF_NICE, 0–19). */
  pdfNice: number;
  /**
   * The PDF renderers' scheduling class (PDF_SCHED): `idle` (default) puts them in the kernel's idle
   * class (Linux SCHED_IDLE, through util-linux `chrt`), which a room's thread preempts the moment it
   * wakes; `nice` leaves them in the normal class at PDF_NICE only.
   */
  pdfSched: "idle" | "nice";
  /** Bytes of drawn PDFs kept for the same rows asked again (PDF_CACHE_MB). */
  pdfCacheBytes: number;
  /** The share of a core (PDF_DUTY, percent, default 50) each renderer may use over documents drawn back to back (report/pdf-pool.ts `duty`). */
  pdfDuty: number;
  quiet: boolean;
  /** Learning record store for xAPI statements (`LRS_URL`, `LRS_KEY`, `LRS_SECRET`, Basic auth); absent when LRS_URL is not set. */
  lrs?: { url: string; key: string; secret: string };
}

const ROOT = resolve(import.meta.dirname, "..");

/** A malformed environment: every problem, each naming its variable; main.ts prints them and exits instead of starting. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) { super(`configuration refusée :\n  - ${problems.join("\n  - ")}`); this.name = "ConfigError"; }
}

/**
 * Reads numeric variables strictly: unset or empty gives the default; anything
 * else must be a number in range (`abc`, `12abc`, `1e999`, `-1` for a count are
 * refused, never silently replaced by the default nor clamped).
 */
function numbers(env: NodeJS.ProcessEnv, problems: string[]) {
  return (name: string, fallback: number, o: { min: number; max: number; integer?: boolean; unit?: string }): number => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === "") return fallback;
    const n = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : NaN;
    const integer = o.integer !== false;
    if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < o.min || n > o.max) {
      problems.push(`${name} doit être un nombre${integer ? " entier" : ""}${o.unit ? ` (${o.unit})` : ""} entre ${o.min} et ${o.max} (reçu « ${raw.slice(0, 40)} »)`);
      return fallback;
    }
    return n;
  };
}

/** A parser that throws its own message (TRUST_PROXY, CSP_CONNECT_SRC): its problem joins the list. */
function checked<T>(problems: string[], parse: () => T, fallback: T): T {
  try { return parse(); } catch (err) { problems.push((err as Error).message); return fallback; }
}

const PROXY_NAMES = ["loopback", "linklocal", "uniquelocal"];

/** TRUST_PROXY, checked: a mistyped proxy would otherwise be trusted as nobody (or crash at the first request). */
export function parseTrustProxy(v: string | undefined): false | number | string[] {
  const text = (v ?? "").trim();
  if (text === "" || text === "false") return false;
  if (/^\d+$/.test(text)) return Number(text) === 0 ? false : Number(text);
  const list = text.split(",").map((x) => x.trim()).filter(Boolean);
  for (const item of list) {
    const [addr, bits, extra] = item.split("/");
    const family = isIP(addr);
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.includes(item) && (family === 0 || !okBits || extra !== undefined)) {
      throw new Error(`TRUST_PROXY : « ${item} » n'est ni une adresse IP, ni un réseau CIDR, ni ${PROXY_NAMES.join(" / ")}, ni un nombre de relais`);
    }
  }
  return list;
}

/** CSP_CONNECT_SRC: origins only (scheme://host[:port]), space- or comma-separated; anything else would widen or break the policy. */
export function parseCspConnectSrc(v: string | undefined): string[] {
  const list = (v ?? "").split(/[\s,]+/).filter(Boolean);
  for (const item of list) {
    if (!/^(wss?|https?):\/\/[A-Za-z0-9.-]+(:\d{1,5})?$|^(wss?|https?):\/\/\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(item)) {
      throw new Error(`CSP_CONNECT_SRC : « ${item} » n'est pas une origine (ws://, wss://, http:// ou https://hôte[:port])`);
    }
  }
  return list;
}

function originOf(url: string): string {
  try { return new URL(url).origin; } catch { return ""; }
}

/** Throws ConfigError listing every malformed variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const problems: string[] = [];
  const num = numbers(env, problems);
  const port = num("PORT", 2567, { min: 0, max: 65535 });
  const dataDir = resolve(env.DATA_DIR ?? join(ROOT, "data"));
  const sync = env.SQLITE_SYNCHRONOUS?.trim().toUpperCase();
  const sched = env.PDF_SCHED?.trim().toLowerCase();
  if (sched && sched !== "idle" && sched !== "nice") problems.push(`PDF_SCHED doit valoir idle ou nice (reçu « ${env.PDF_SCHED!.slice(0, 40)} »)`);
  if (sync && sync !== "FULL" && sync !== "NORMAL") problems.push(`SQLITE_SYNCHRONOUS doit valoir FULL ou NORMAL (reçu « ${env.SQLITE_SYNCHRONOUS!.slice(0, 40)} »)`);
  const config: ServerConfig = {
    port,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${port}`,
    dataDir,
    databaseFile: env.DATABASE_FILE ? resolve(env.DATABASE_FILE) : join(dataDir, "sangfroid.db"),
    allowedOrigins: [...(env.ALLOWED_ORIGINS ?? "").split(","), ...(env.PUBLIC_URL ? [originOf(env.PUBLIC_URL)] : [])]
      .map((s) => s.trim().replace(/\/$/, "")).filter(Boolean),
    // 0 would erase every session at start: at least one day.
    retentionDays: num("RETENTION_DAYS", 365, { min: 1, max: 36_500, unit: "jours" }),
    snapshotEvery: num("SNAPSHOT_EVERY", 200, { min: 1, max: 100_000, unit: "entrées" }),
    clockMs: num("CLOCK_MS", 1000, { min: 50, max: 60_000, unit: "ms" }),
    reconnectSeconds: num("RECONNECT_SECONDS", 60, { min: 0, max: 86_400, unit: "s" }),
    scenariosDir: resolve(env.SCENARIOS_DIR ?? join(ROOT, "scenarios")),
    clientDir: resolve(env.CLIENT_DIR ?? join(ROOT, "dist", "client")),
    sqliteSynchronous: sync === "NORMAL" ? "NORMAL" : "FULL",
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    databasePool: num("DATABASE_POOL", 10, { min: 1, max: 1000, unit: "connexions" }),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    publicAddress: env.PUBLIC_ADDRESS?.trim() || `127.0.0.1:${port}`,
    cellLeaseMs: num("CELL_LEASE_MS", 6000, { min: 1000, max: 600_000, unit: "ms" }),
    allowSqliteCluster: env.ALLOW_SQLITE_CLUSTER === "1",
    rateBurst: num("RATE_BURST", 20, { min: 1, max: 1_000_000, unit: "messages" }),
    ratePerSecond: num("RATE_PER_SECOND", 5, { min: 0.01, max: 1_000_000, integer: false, unit: "messages par seconde" }),
    rateBurstWindowSeconds: num("RATE_BURST_WINDOW_SECONDS", 60, { min: 1, max: 86_400, unit: "s" }),
    rateKickAfter: num("RATE_KICK_AFTER", 40, { min: 1, max: 1_000_000, unit: "refus" }),
    joinsPerSeatPerMinute: num("JOINS_PER_SEAT_PER_MINUTE", 20, { min: 1, max: 1_000_000, unit: "par minute" }),
    presenceGraceMs: num("PRESENCE_GRACE_MS", 1000, { min: 0, max: 3_600_000, unit: "ms" }),
    presenceMinIntervalMs: num("PRESENCE_MIN_INTERVAL_MS", 30_000, { min: 0, max: 86_400_000, unit: "ms" }),
    joinsPerMinute: num("JOINS_PER_MINUTE", 300, { min: 1, max: 10_000_000, unit: "par minute" }),
    trustProxy: checked(problems, () => parseTrustProxy(env.TRUST_PROXY), false),
    cspConnectSrc: checked(problems, () => parseCspConnectSrc(env.CSP_CONNECT_SRC), []),
    pdfWorkers: num("PDF_WORKERS", 1, { min: 1, max: 64, unit: "processus" }),
    pdfQueue: num("PDF_QUEUE", 8, { min: 0, max: 10_000, unit: "demandes" }),
    pdfNice: num("PDF_NICE", 10, { min: 0, max: 19, unit: "priorité" }),
    pdfSched: sched === "nice" ? "nice" : "idle",
    pdfCacheBytes: num("PDF_CACHE_MB", 32, { min: 0, max: 4096, unit: "Mo" }) * 1024 * 1024,
    pdfDuty: num("PDF_DUTY", 50, { min: 5, max: 100, unit: "% d'un cœur" }) / 100,
    quiet: env.SANGFROID_QUIET === "1",
    ...(env.LRS_URL ? { lrs: { url: env.LRS_URL, key: env.LRS_KEY ?? "", secret: env.LRS_SECRET ?? "" } } : {}),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
